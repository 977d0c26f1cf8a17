// SPDX-License-Identifier: MIT
// A SpawnBackend over a plain Node child process: used by the tests (real processes, no Electron)
// and usable for running the supervisor outside Electron.
import { spawn } from 'node:child_process';
import type { BackendProcess, SpawnBackend } from './backend-supervisor.js';

export function nodeChildSpawner(scriptPath: string, env: Record<string, string>): SpawnBackend {
  return (args): BackendProcess => {
    const cp = spawn(process.execPath, [scriptPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    return {
      stdout: cp.stdout,
      stderr: cp.stderr,
      onExit: (listener) => {
        cp.once('exit', (code) => listener(code));
      },
      kill: () => {
        cp.kill('SIGTERM');
      },
      forceKill: () => {
        cp.kill('SIGKILL');
      },
    };
  };
}
