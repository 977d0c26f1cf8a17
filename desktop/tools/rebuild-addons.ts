// SPDX-License-Identifier: MIT
// Compiles a native addon for the packaged Electron with @electron/rebuild: the package's source as
// installed from the lockfile (node_modules/<name>, with binding.gyp and the C/C++ sources) is
// copied into a scratch project and built from source against the Electron headers. No prebuilt
// binary is downloaded, so what ships is compiled from exactly the audited source.
// Needs Node >= 22.12 (@electron/rebuild 4) and a C++ toolchain; runs only in desktop:dist.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { RebuildAddon } from './stage-backend.js';

export function electronAddonRebuilder(options: { root: string; scratchDir: string; electronVersion: string; arch: string }): RebuildAddon {
  return async (addon) => {
    const require = createRequire(path.join(options.root, 'package.json'));
    const sourceDir = path.dirname(require.resolve(`${addon.name}/package.json`));
    const { version } = JSON.parse(readFileSync(path.join(sourceDir, 'package.json'), 'utf8')) as { version: string };
    const project = path.join(options.scratchDir, addon.name.replace('/', '+'));
    rmSync(project, { recursive: true, force: true });
    const dest = path.join(project, 'node_modules', ...addon.name.split('/'));
    mkdirSync(dest, { recursive: true });
    // Without the old build/ output, so nothing compiled for Node's ABI can be picked up.
    cpSync(sourceDir, dest, { recursive: true, dereference: true, filter: (src) => path.relative(sourceDir, src).split(path.sep)[0] !== 'build' });
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'strand-addon-rebuild', version: '0.0.0', private: true, dependencies: { [addon.name]: version } }));
    const { rebuild } = await import('@electron/rebuild');
    await rebuild({ buildPath: project, electronVersion: options.electronVersion, arch: options.arch, onlyModules: [addon.name], force: true, buildFromSource: true });
    return path.join(dest, addon.binary);
  };
}
