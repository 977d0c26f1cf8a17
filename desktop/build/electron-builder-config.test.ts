// SPDX-License-Identifier: MIT
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ELECTRON_VERSION, LINUX_EXECUTABLE, artifactName, createBuilderConfig } from './electron-builder-config.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const paths = { appDir: '/repo/dist/desktop-app', backendDir: '/repo/dist/desktop-stage/backend', buildResourcesDir: '/repo/dist/desktop-stage/build-resources', outputDir: '/repo/dist/desktop' };
const config = createBuilderConfig(paths);

/** Expands electron-builder's ${…} macros the way it does for one artifact. */
function expand(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/\$\{(\w+)\}/g, (_m, key: string) => values[key] ?? `<${key}>`);
}

describe('electron-builder configuration', () => {
  it('builds AppImage + deb, NSIS and dmg into dist/desktop', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.directories).toEqual({ app: paths.appDir, output: paths.outputDir, buildResources: paths.buildResourcesDir });
    expect(config.publish).toBeNull();
  });

  it('names installers strand-desktop-<version>-<os>-<arch>.<ext> with release-safe characters', () => {
    for (const [platform, ext] of [['linux', 'AppImage'], ['linux', 'deb'], ['windows', 'exe'], ['macos', 'dmg']] as const) {
      const name = expand(artifactName(platform), { version: '1.2.3-rc.1', arch: 'x64', ext });
      expect(name).toBe(`strand-desktop-1.2.3-rc.1-${platform}-x64.${ext}`);
      expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/);
    }
    expect(config.linux?.artifactName).toBe(artifactName('linux'));
    expect(config.win?.artifactName).toBe(artifactName('windows'));
    expect(config.mac?.artifactName).toBe(artifactName('macos'));
    expect(config.dmg?.artifactName).toBe(artifactName('macos'));
  });

  it('packs the app into an ASAR, ships the staged backend beside it and rebuilds nothing', () => {
    expect(config.asar).toBe(true);
    expect(config.extraResources).toEqual([{ from: '/repo/dist/desktop-stage', to: '.', filter: ['backend/**/*'] }]);
    expect(() => createBuilderConfig({ ...paths, backendDir: '/repo/dist/backend-x' })).toThrow(/must be named "backend"/);
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
    expect(config.electronVersion).toBe(ELECTRON_VERSION);
    expect(config.linux?.executableName).toBe(LINUX_EXECUTABLE);
  });

  it('flips fuses in afterPack and registers the lxmf/lxm schemes', () => {
    expect(typeof config.afterPack).toBe('function');
    expect(config.electronFuses).toBeUndefined();
    expect(config.protocols).toEqual([{ name: 'LXMF link', schemes: ['lxmf', 'lxm'] }]);
  });

  it('signs and notarizes macOS with a hardened runtime and minimal entitlements', () => {
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.mac?.notarize).toBe(true);
    expect(config.mac?.entitlements).toBe('entitlements.mac.plist');
    const plist = readFileSync(path.join(here, 'entitlements.mac.plist'), 'utf8');
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit', 'com.apple.security.device.audio-input']);
    expect(JSON.stringify(config)).not.toMatch(/CSC_|APPLE_ID|PASSWORD/);
  });

  it('matches what the release workflow uploads', () => {
    const workflow = parse(readFileSync(path.join(here, '..', '..', '.github', 'workflows', 'release.yml'), 'utf8')) as {
      jobs: { desktop: { strategy: { matrix: { include: { platform: string; installers: string }[] } }; steps: { run?: string }[] } };
    };
    const globs = Object.fromEntries(workflow.jobs.desktop.strategy.matrix.include.map((m) => [m.platform, m.installers.trim().split('\n').map((s) => s.trim())]));
    expect(globs).toEqual({ linux: ['dist/desktop/*.AppImage', 'dist/desktop/*.deb'], windows: ['dist/desktop/*.exe'], macos: ['dist/desktop/*.dmg'] });
    expect(workflow.jobs.desktop.steps.some((s) => s.run === 'npm run desktop:dist')).toBe(true);
    expect(workflow.jobs.desktop.steps.some((s) => s.run?.includes('dist/desktop/backend-manifest.json'))).toBe(true);
    expect(path.basename(paths.outputDir)).toBe('desktop');
  });
});
