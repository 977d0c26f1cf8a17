// SPDX-License-Identifier: MIT
// The start/refuse decision for the bundled backend, made before any backend code runs.
//
// Two checks, in order:
// 1. The manifest file itself must hash to the SHA-256 embedded in the app at package time (inside
//    app.asar, which the ASAR integrity fuse and code signing protect). Without this step, an
//    attacker who can write to the install folder replaces the backend *and* its manifest together
//    and the second check passes.
// 2. The integrity library's production check: every file of the backend root matches the manifest.
// Any problem refuses to start; there is no override in the desktop app (MeshChatX only warned).
// A run from an unpackaged checkout has no embedded hash and skips only step 1.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MANIFEST_FILE, checkBackend, describeProblems } from '../../../integrity/index.js';
import type { IntegrityReport } from '../../../integrity/index.js';

export type RefusalReason = 'manifest-missing' | 'manifest-replaced' | 'files-mismatch' | 'no-embedded-hash';

export type GateDecision =
  | { action: 'start'; report: IntegrityReport }
  | {
      action: 'refuse';
      reason: RefusalReason;
      /** Dialog title and text: name the problem in words a user can act on or report. */
      title: string;
      message: string;
      /** The technical detail (paths, digests) for the dialog's detail area and the log. */
      detail: string;
    };

export interface GateInput {
  /** Absolute path of the backend root (resources/backend in a package, dist/backend in a checkout). */
  backendRoot: string;
  /** Lowercase hex SHA-256 of backend-manifest.json embedded at package time; null when unpackaged. */
  embeddedManifestSha256: string | null;
  /** app.isPackaged: a packaged app without an embedded hash is refused (fail closed). */
  packaged: boolean;
}

const REINSTALL = 'Reinstall Strand from a verified download. If this keeps happening, report it: the files of this installation may have been tampered with.';

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function refuse(reason: RefusalReason, message: string, detail: string): GateDecision {
  return { action: 'refuse', reason, title: 'Strand cannot start', message: `${message}\n\n${REINSTALL}`, detail };
}

/** Decides whether the backend may start. Never throws for integrity problems. */
export function decideBackendStart(input: GateInput): GateDecision {
  const manifestPath = path.join(input.backendRoot, MANIFEST_FILE);
  let manifestBytes: Buffer;
  try {
    manifestBytes = readFileSync(manifestPath);
  } catch (error) {
    return refuse('manifest-missing', `The backend manifest (${MANIFEST_FILE}) is missing or unreadable.`, `${manifestPath}: ${(error as Error).message}`);
  }
  if (input.embeddedManifestSha256 === null) {
    if (input.packaged) {
      return refuse('no-embedded-hash', 'This Strand build does not carry the fingerprint of its backend manifest.', 'embedded manifest SHA-256 absent in a packaged app');
    }
  } else {
    const actual = sha256Hex(manifestBytes);
    if (actual !== input.embeddedManifestSha256.toLowerCase()) {
      return refuse(
        'manifest-replaced',
        'The backend manifest is not the one this Strand app was built with.',
        `${manifestPath}: SHA-256 ${actual}, expected ${input.embeddedManifestSha256}`,
      );
    }
  }
  // The file is read again inside checkBackend; a swap in between needs write access to the install
  // folder at that instant, and the embedded hash above already pinned the expected content.
  const report = checkBackend({ mode: 'production', backendRoot: input.backendRoot, allowModified: false });
  if (report.status === 'verified') return { action: 'start', report };
  const missing = report.problems.some((p) => p.kind === 'manifest-missing');
  return refuse(
    missing ? 'manifest-missing' : 'files-mismatch',
    `The backend files do not match their manifest (${report.problems.length} problem(s)): ${describeProblems(report.problems, 5)}.`,
    report.summary,
  );
}
