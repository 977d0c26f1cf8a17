// SPDX-License-Identifier: MIT
// The one packager configuration (electron-builder): AppImage + deb on Linux, NSIS on Windows, dmg
// on macOS, written to dist/desktop/ with [A-Za-z0-9._+-] names the release workflow can sign.
// Signing uses electron-builder's own environment variables (WIN_CSC_LINK/WIN_CSC_KEY_PASSWORD,
// CSC_LINK/CSC_KEY_PASSWORD, APPLE_ID/APPLE_APP_SPECIFIC_PASSWORD/APPLE_TEAM_ID for notarization);
// nothing here reads or stores a secret.
import path from 'node:path';
import type { Configuration } from 'electron-builder';
import { afterPackFlipFuses } from './fuses.js';
import type { AfterPackLike } from './fuses.js';

/**
 * The Electron release packaged. Native addons of the backend are rebuilt against exactly this
 * version (desktop/tools/dist.ts), so change it only together with a full `npm run desktop:dist`.
 */
export const ELECTRON_VERSION = '45.4.1';

export const APP_ID = 'org.strand.desktop';
export const PRODUCT_NAME = 'Strand';
export const LINUX_EXECUTABLE = 'strand-desktop';

export interface BuilderPaths {
  /**
   * The compiled app: package.json, main.cjs, preload.cjs, icon.png (goes into app.asar). It is also
   * electron-builder's projectDir: with the repository root as projectDir, electron-builder falls
   * back to collecting the root's node_modules (express, sigstore, the addons' C sources…) into
   * app.asar. The app has no dependencies of its own, so from here it collects none.
   */
  appDir: string;
  /** The staged, Electron-ABI backend root with its regenerated manifest (resources/backend). */
  backendDir: string;
  /** Icons and entitlements (electron-builder's buildResources). */
  buildResourcesDir: string;
  /** Installers land here: dist/desktop. */
  outputDir: string;
}

/** File name pattern for one platform; `${arch}` is electron-builder's (x64, arm64, amd64 for deb…). */
export function artifactName(platform: 'linux' | 'windows' | 'macos'): string {
  return `strand-desktop-\${version}-${platform}-\${arch}.\${ext}`;
}

/**
 * The FileSet that ships the backend as resources/backend. electron-builder always drops a
 * `node_modules` folder at the top of a FileSet's `from` (app-builder-lib util/filter.js), which
 * would silently remove the backend's native addons; so the set starts one level up and selects the
 * `backend` folder, whose node_modules is then a nested one and kept. (The startup gate would refuse
 * such a backend anyway: the manifest lists those files.)
 */
export function backendResources(backendDir: string): { from: string; to: string; filter: string[] } {
  if (path.basename(backendDir) !== 'backend') throw new Error(`the staged backend folder must be named "backend", got ${backendDir}`);
  return { from: path.dirname(backendDir), to: '.', filter: ['backend/**/*'] };
}

export function createBuilderConfig(paths: BuilderPaths): Configuration {
  return {
    appId: APP_ID,
    productName: PRODUCT_NAME,
    copyright: 'Copyright © Strand contributors',
    electronVersion: ELECTRON_VERSION,
    directories: { app: paths.appDir, output: paths.outputDir, buildResources: paths.buildResourcesDir },
    // The app is two esbuild bundles and has no node_modules; the backend's addons are rebuilt for
    // Electron by desktop/tools/dist.ts before its manifest is written, so nothing is rebuilt here
    // (a rebuild after the manifest would make the shipped files differ from it).
    npmRebuild: false,
    nodeGypRebuild: false,
    buildDependenciesFromSource: false,
    asar: true,
    files: ['**/*'],
    extraResources: [backendResources(paths.backendDir)],
    protocols: [{ name: 'LXMF link', schemes: ['lxmf', 'lxm'] }],
    publish: null,
    afterPack: (context) => afterPackFlipFuses(context as unknown as AfterPackLike, LINUX_EXECUTABLE),
    linux: {
      target: ['AppImage', 'deb'],
      executableName: LINUX_EXECUTABLE,
      artifactName: artifactName('linux'),
      category: 'Network',
      maintainer: 'Strand contributors <security@strand.invalid>',
      synopsis: 'LXMF mesh messenger over Reticulum',
    },
    deb: { packageName: 'strand-desktop' },
    win: { target: ['nsis'], artifactName: artifactName('windows') },
    nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true, deleteAppDataOnUninstall: false },
    mac: {
      target: ['dmg'],
      artifactName: artifactName('macos'),
      category: 'public.app-category.social-networking',
      hardenedRuntime: true,
      entitlements: 'entitlements.mac.plist',
      entitlementsInherit: 'entitlements.mac.plist',
      // Runs when APPLE_ID/APPLE_APP_SPECIFIC_PASSWORD/APPLE_TEAM_ID are set (release workflow).
      notarize: true,
      extendInfo: { NSMicrophoneUsageDescription: 'Strand records voice messages only when you press the record button.' },
    },
    dmg: { artifactName: artifactName('macos') },
  };
}
