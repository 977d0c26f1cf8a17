// SPDX-License-Identifier: MIT
// Runs the verified backend: start on loopback with an ephemeral port, wait until it answers
// `/api/v1/status`, restart it with backoff when it dies, give up into a crash state (with its last
// log lines for the crash page) when it keeps dying, and stop it cleanly on quit.
//
// The process itself comes from an injected `spawn`: Electron's utilityProcess.fork in the app
// (the RunAsNode fuse is off, so `child_process.fork` of the Electron binary cannot run Node code),
// a plain Node child process in tests.
import type { Readable } from 'node:stream';
import { DesktopError } from './errors.js';

/** The parts of a utility/child process the supervisor needs. */
export interface BackendProcess {
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  /** Called once with the exit code (null when killed by a signal). */
  onExit(listener: (code: number | null) => void): void;
  /** Asks the process to stop (SIGTERM on POSIX). */
  kill(): void;
  /** Ends it for good (SIGKILL) when it ignored kill() for the stop timeout. */
  forceKill?(): void;
}

export type SpawnBackend = (args: readonly string[]) => BackendProcess;

export type SupervisorState = 'idle' | 'starting' | 'running' | 'restarting' | 'crashed' | 'stopped';

export interface SupervisorOptions {
  spawn: SpawnBackend;
  /** Data directory under the user's app-data folder. */
  dataDir: string;
  /** How long one start may take until `/api/v1/status` answers (ms). */
  readyTimeoutMs?: number;
  /** Delay before restart n (ms); its length is the number of restarts before giving up. */
  backoffMs?: readonly number[];
  /** A process that ran this long (ms) before dying starts the backoff from the beginning. */
  stableAfterMs?: number;
  /** How long stop() waits for a clean exit before giving up on the process (ms). */
  stopTimeoutMs?: number;
  /** Lines of backend output kept for the crash page. */
  keepLines?: number;
  onReady?: (origin: string) => void;
  onCrash?: (reason: string, lastLines: string[]) => void;
  log?: (line: string) => void;
}

export interface BackendSupervisor {
  /** Starts the backend and resolves with its origin once it answers; rejects when it never does. */
  start(): Promise<string>;
  /** Stops the backend (no restart) and resolves when it exited or the stop timeout passed. */
  stop(): Promise<void>;
  /** Starts again after a crash (tray "Restart"); resets the backoff. */
  restart(): Promise<string>;
  readonly state: SupervisorState;
  readonly origin: string | null;
  lastLines(): string[];
}

/** The line `strand serve` prints once its HTTP server listens. */
const LISTENING = /listening on (http:\/\/127\.0\.0\.1:(\d{1,5}))\b/;

export const SUPERVISOR_DEFAULTS = {
  readyTimeoutMs: 30_000,
  backoffMs: [1_000, 3_000, 10_000] as readonly number[],
  stableAfterMs: 60_000,
  stopTimeoutMs: 5_000,
  keepLines: 200,
};

/** Arguments for `strand.js`: loopback only, a free port, the app-data data dir. */
export function backendArgs(dataDir: string): string[] {
  return ['serve', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir];
}

/**
 * The environment the backend gets: the user's, minus variables that would change what runs or
 * where it listens behind the wrapper's back (flags already win over STRAND_HOST etc., but an
 * inherited override of the integrity check must never reach the verified backend).
 */
export function backendEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const drop = new Set(['NODE_OPTIONS', 'ELECTRON_RUN_AS_NODE', 'STRAND_ALLOW_MODIFIED_BACKEND', 'STRAND_HOST', 'STRAND_PORT', 'STRAND_DATA_DIR']);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && !drop.has(key.toUpperCase())) out[key] = value;
  return out;
}

async function statusAnswers(origin: string): Promise<boolean> {
  try {
    const res = await fetch(`${origin}/api/v1/status`, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.ok;
  } catch (error) {
    void error; // not listening yet or mid-start: the caller polls again
    return false;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createBackendSupervisor(options: SupervisorOptions): BackendSupervisor {
  const o = { ...SUPERVISOR_DEFAULTS, ...options };
  const log = options.log ?? (() => undefined);
  let state: SupervisorState = 'idle';
  let origin: string | null = null;
  let child: BackendProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let attempt = 0;
  let startedAt = 0;
  const lines: string[] = [];

  const keep = (stream: Readable | null, tag: string, onLine: (line: string) => void): void => {
    if (!stream) return;
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split(/\r?\n/);
      partial = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(tag === 'err' ? `! ${line}` : line);
        if (lines.length > o.keepLines) lines.shift();
        onLine(line);
      }
    });
  };

  /** One process lifetime: resolves with the origin once ready, rejects if it dies or times out first. */
  const launch = (): Promise<string> => {
    state = 'starting';
    origin = null;
    startedAt = Date.now();
    const proc = o.spawn(backendArgs(o.dataDir));
    child = proc;
    let markExited!: () => void;
    exited = new Promise((resolve) => (markExited = resolve));
    return new Promise<string>((resolve, reject) => {
      let settled = false;
      let ready = false;
      const timer = setTimeout(() => fail(`the backend did not become ready within ${o.readyTimeoutMs} ms`), o.readyTimeoutMs);
      const fail = (why: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        proc.kill();
        reject(new DesktopError('DESKTOP_ERR_BACKEND_NOT_READY', why));
      };
      const onListening = (line: string): void => {
        const m = LISTENING.exec(line);
        if (!m || settled || m[1] === undefined) return;
        const candidate = m[1];
        void (async () => {
          while (!settled && child === proc) {
            if (await statusAnswers(candidate)) {
              settled = true;
              ready = true;
              clearTimeout(timer);
              origin = candidate;
              state = 'running';
              resolve(candidate);
              return;
            }
            await sleep(100);
          }
        })();
      };
      keep(proc.stdout, 'out', onListening);
      keep(proc.stderr, 'err', () => undefined);
      proc.onExit((code) => {
        markExited();
        if (child === proc) child = null;
        if (!settled) fail(`the backend exited during start (code ${code ?? 'signal'})`);
        else if (ready) onUnexpectedExit(code);
      });
    });
  };

  const giveUp = (reason: string): void => {
    state = 'crashed';
    origin = null;
    log(`backend: ${reason}; giving up`);
    options.onCrash?.(reason, [...lines]);
  };

  /** Starts with retries; resolves with the origin or gives up into the crash state. */
  const startWithRetries = async (): Promise<string> => {
    for (;;) {
      try {
        const ready = await launch();
        log(`backend: ready at ${ready}`);
        options.onReady?.(ready);
        return ready;
      } catch (error) {
        if (state === 'stopped') throw error;
        const delay = o.backoffMs[attempt];
        if (delay === undefined) {
          giveUp((error as Error).message);
          throw error;
        }
        attempt += 1;
        state = 'restarting';
        log(`backend: ${(error as Error).message}; restart ${attempt} in ${delay} ms`);
        await sleep(delay);
        if (state !== 'restarting') throw error;
      }
    }
  };

  function onUnexpectedExit(code: number | null): void {
    if (state === 'stopped') return;
    if (Date.now() - startedAt >= o.stableAfterMs) attempt = 0;
    const reason = `the backend exited unexpectedly (code ${code ?? 'signal'})`;
    const delay = o.backoffMs[attempt];
    if (delay === undefined) {
      giveUp(reason);
      return;
    }
    attempt += 1;
    state = 'restarting';
    origin = null;
    log(`backend: ${reason}; restart ${attempt} in ${delay} ms`);
    setTimeout(() => {
      if (state !== 'restarting') return;
      // The outcome is reported through onReady/onCrash; the promise itself has no other reader.
      startWithRetries().catch((error: unknown) => log(`backend: restart failed: ${String(error)}`));
    }, delay);
  }

  return {
    get state() {
      return state;
    },
    get origin() {
      return origin;
    },
    lastLines: () => [...lines],
    start() {
      if (state !== 'idle' && state !== 'crashed' && state !== 'stopped') {
        return Promise.reject(new DesktopError('DESKTOP_ERR_BACKEND_START', `backend already ${state}`));
      }
      attempt = 0;
      return startWithRetries();
    },
    restart() {
      attempt = 0;
      return this.stop().then(() => startWithRetries());
    },
    async stop() {
      state = 'stopped';
      origin = null;
      const proc = child;
      if (!proc) return;
      proc.kill();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, o.stopTimeoutMs)));
      const clean = await Promise.race([exited.then(() => true), timeout.then(() => false)]);
      clearTimeout(timer);
      if (!clean) {
        log(`backend: did not exit within ${o.stopTimeoutMs} ms; killing it`);
        proc.forceKill?.();
      }
    },
  };
}
