// SPDX-License-Identifier: MIT
// Electron fuses: switches compiled into the Electron binary that turn features off for good. They
// are flipped in electron-builder's afterPack hook, i.e. after the app is assembled and before it is
// signed (flipping after signing would break the signature). Signal-Desktop flips the same set.
import path from 'node:path';
import { FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } from '@electron/fuses';
import type { FuseV1Config } from '@electron/fuses';

/** Every fuse @electron/fuses 1.x knows, each set explicitly (none left to Electron's default). */
export const STRAND_FUSES = {
  // The Electron binary must never act as a plain Node.js (ELECTRON_RUN_AS_NODE): otherwise anyone
  // can run arbitrary scripts under the app's signature and entitlements (microphone etc.). The
  // backend therefore runs through utilityProcess.fork, which does not need this.
  [FuseV1Options.RunAsNode]: false,
  // Cookies (the backend session) are encrypted at rest with the OS keychain's key.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS could inject --require'd code into the main process; ignore it.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect/--inspect-brk would open a debugger port into the main process; ignore those flags.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // app.asar is checked against the header hash electron-builder records in the signed binary
  // (Info.plist on macOS, a resource on Windows), so the embedded manifest hash cannot be swapped.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // Load the app only from app.asar, never from a planted resources/app folder beside it.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // Strand ships no custom V8 snapshot; keep the default (shared) snapshot.
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // file:// pages get no extra privileges (fetch, service workers); Strand loads no file:// pages.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
} as const;

/** electron-builder's Arch enum value for arm64 (builder-util). */
const ARCH_ARM64 = 3;

export interface FuseTarget {
  /** electron-builder's electronPlatformName: darwin, mas, win32 or linux. */
  platform: string;
  appOutDir: string;
  /** AppInfo.productFilename, e.g. "Strand". */
  productFilename: string;
  /** linux.executableName (the binary's file name on Linux). */
  linuxExecutableName: string;
}

/** Path of the file that holds the fuse wire (the .app bundle on macOS; @electron/fuses finds the framework). */
export function electronBinaryPath(t: FuseTarget): string {
  switch (t.platform) {
    case 'darwin':
    case 'mas':
      return path.join(t.appOutDir, `${t.productFilename}.app`);
    case 'win32':
      return path.join(t.appOutDir, `${t.productFilename}.exe`);
    case 'linux':
      return path.join(t.appOutDir, t.linuxExecutableName);
    default:
      throw new Error(`fuses: unsupported platform ${t.platform}`);
  }
}

/** Flips {@link STRAND_FUSES} in the binary at `binaryPath` and returns the wire read back. */
export async function flipStrandFuses(binaryPath: string, options: { resetAdHocDarwinSignature: boolean }): Promise<Record<number, number>> {
  const config: FuseV1Config = { version: FuseVersion.V1, resetAdHocDarwinSignature: options.resetAdHocDarwinSignature, ...STRAND_FUSES };
  await flipFuses(binaryPath, config);
  const wire = await getCurrentFuseWire(binaryPath);
  const out: Record<number, number> = {};
  for (const [key, value] of Object.entries(wire)) if (key !== 'version') out[Number(key)] = value as number;
  return out;
}

/** The afterPack hook's context, as far as it is read here. */
export interface AfterPackLike {
  appOutDir: string;
  electronPlatformName: string;
  arch: number;
  packager: { appInfo: { productFilename: string } };
}

/** electron-builder afterPack hook: flip the fuses, then fail the build if any did not stick. */
export async function afterPackFlipFuses(context: AfterPackLike, linuxExecutableName: string): Promise<void> {
  const binary = electronBinaryPath({
    platform: context.electronPlatformName,
    appOutDir: context.appOutDir,
    productFilename: context.packager.appInfo.productFilename,
    linuxExecutableName,
  });
  // Apple Silicon refuses to run a modified binary whose ad-hoc signature no longer matches.
  const wire = await flipStrandFuses(binary, { resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === ARCH_ARM64 });
  const wrong = Object.entries(STRAND_FUSES).filter(([index, enabled]) => wire[Number(index)] !== (enabled ? FUSE_ENABLED : FUSE_DISABLED));
  if (wrong.length > 0) throw new Error(`fuses: ${wrong.map(([i]) => FuseV1Options[Number(i)]).join(', ')} not set in ${binary}`);
}

/** Wire bytes of @electron/fuses' FuseState: '0' disabled, '1' enabled. */
export const FUSE_DISABLED = 0x30;
export const FUSE_ENABLED = 0x31;
