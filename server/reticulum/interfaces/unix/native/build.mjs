// SPDX-License-Identifier: MIT
// Builds the abstract-socket addon at install time (meant for the root package.json `install`
// script). Linux only: elsewhere RNS uses TCP for the shared instance and there is nothing to build.
// Never fails the install: without the addon Strand falls back to the TCP shared instance and
// explains, at start, how to coexist with an rnsd on the unix socket.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

if (process.platform !== 'linux') {
  process.exit(0);
}
// npm exposes its bundled node-gyp to lifecycle scripts; fall back to the one on PATH.
const gyp = process.env.npm_config_node_gyp;
const [cmd, args] = gyp ? [process.execPath, [gyp, 'rebuild']] : ['node-gyp', ['rebuild']];
const result = spawnSync(cmd, args, { cwd: here, stdio: 'inherit', shell: false });
if (result.status !== 0) {
  console.warn('strand: the abstract unix socket addon was not built (a C compiler, make and python3 are needed); ' + 'the shared instance will use TCP only.');
}
