// SPDX-License-Identifier: MIT
// The backend manifest: the SHA-256 of every file under the backend root, written as the last
// step of `npm run build` and checked before the server opens any socket or database.
//
// Fail-closed rules (unlike MeshChatX, which only warned and skipped unlisted files): a changed,
// missing or unlisted file, a symlink that leaves the root, or an unreadable/invalid manifest is a
// problem, and any problem makes the verification fail.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { IntegrityError } from './errors.js';

/** File name of the manifest, at the top of the backend root. */
export const MANIFEST_FILE = 'backend-manifest.json';

/**
 * Files the release pipeline puts next to the manifest after the build: signatures over the
 * manifest itself. They cannot be listed in the manifest they sign, so they are the only files
 * allowed to be unlisted; `strand verify` checks them.
 */
export const MANIFEST_SIGNATURE_FILES: readonly string[] = [
  `${MANIFEST_FILE}.sigstore.json`,
  `${MANIFEST_FILE}.sig`,
];

export const MANIFEST_FORMAT = 'strand-backend-manifest';
export const MANIFEST_FORMAT_VERSION = 1;

/** The parsed manifest. `files` maps a root-relative POSIX path to its lowercase hex SHA-256. */
export interface BackendManifest {
  format: typeof MANIFEST_FORMAT;
  formatVersion: typeof MANIFEST_FORMAT_VERSION;
  algorithm: 'sha256';
  /** The build's declared version (package.json) and git commit ('unknown' outside git). */
  version: string;
  commit: string;
  files: Record<string, string>;
}

/** One reason a backend root does not match its manifest. */
export interface ManifestProblem {
  kind: 'changed' | 'missing' | 'extra' | 'symlink-escape' | 'unsupported' | 'unreadable' | 'manifest-missing' | 'manifest-invalid';
  /** Root-relative POSIX path (the manifest's own name for manifest problems). */
  path: string;
  detail?: string;
}

/** Result of {@link verifyManifest}. `ok` is true only with zero problems. */
export interface ManifestVerification {
  ok: boolean;
  problems: ManifestProblem[];
  /** Present when the manifest itself could be read. */
  manifest?: { version: string; commit: string; fileCount: number };
}

interface WalkEntry {
  rel: string;
  abs: string;
}

/** Compares by UTF-16 code units: stable across platforms and locales (no localeCompare). */
function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toPosix(rel: string): string {
  return rel.split(path.sep).join('/');
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Walks `root` and returns its regular files (symlinks to files inside the root count as files),
 * reporting escaping symlinks and special files as problems instead of following them.
 */
function walk(root: string, problems: ManifestProblem[]): WalkEntry[] {
  const realRoot = realpathSync(root);
  const out: WalkEntry[] = [];
  const visit = (dirAbs: string): void => {
    let entries;
    try {
      entries = readdirSync(dirAbs, { withFileTypes: true });
    } catch (error) {
      // An unreadable directory hides files from the check: a problem, never a silent skip.
      problems.push({ kind: 'unreadable', path: toPosix(path.relative(root, dirAbs)) || '.', detail: (error as Error).message });
      return;
    }
    for (const entry of entries) {
      const abs = path.join(dirAbs, entry.name);
      const rel = toPosix(path.relative(root, abs));
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(abs);
        } catch (error) {
          // A dangling link cannot be hashed; it is reported, never skipped.
          problems.push({ kind: 'unreadable', path: rel, detail: `dangling symlink (${(error as Error).message})` });
          continue;
        }
        if (!isInside(realRoot, target)) {
          problems.push({ kind: 'symlink-escape', path: rel, detail: `points outside the backend root to ${target}` });
          continue;
        }
        if (!statSync(abs).isFile()) {
          // Directory links could loop or alias; a build never produces them.
          problems.push({ kind: 'unsupported', path: rel, detail: 'symlink to a directory' });
          continue;
        }
        out.push({ rel, abs });
      } else if (entry.isDirectory()) {
        visit(abs);
      } else if (entry.isFile()) {
        out.push({ rel, abs });
      } else {
        problems.push({ kind: 'unsupported', path: rel, detail: 'not a regular file' });
      }
    }
  };
  visit(root);
  return out.sort((a, b) => byPath(a.rel, b.rel));
}

function sha256File(abs: string): string {
  return createHash('sha256').update(readFileSync(abs)).digest('hex');
}

function isReserved(rel: string): boolean {
  return rel === MANIFEST_FILE || MANIFEST_SIGNATURE_FILES.includes(rel);
}

/**
 * Hashes every file under `root` (except the manifest and its signatures) into a manifest.
 * Throws `INTEGRITY_ERR_SYMLINK_ESCAPE` / `INTEGRITY_ERR_UNSUPPORTED_FILE` rather than producing a
 * manifest that a verifier would reject.
 */
export function createManifest(root: string, build: { version: string; commit: string }): BackendManifest {
  const problems: ManifestProblem[] = [];
  const entries = walk(root, problems);
  const first = problems[0];
  if (first) {
    const code = first.kind === 'symlink-escape' ? 'INTEGRITY_ERR_SYMLINK_ESCAPE' : 'INTEGRITY_ERR_UNSUPPORTED_FILE';
    throw new IntegrityError(code, `cannot create a manifest: ${problems.map((p) => `${p.path} (${p.detail ?? p.kind})`).join(', ')}`);
  }
  const files: Record<string, string> = {};
  for (const { rel, abs } of entries) {
    if (isReserved(rel)) continue;
    files[rel] = sha256File(abs);
  }
  return { format: MANIFEST_FORMAT, formatVersion: MANIFEST_FORMAT_VERSION, algorithm: 'sha256', version: build.version, commit: build.commit, files };
}

/** Serializes a manifest deterministically: fixed key order, sorted paths, LF, trailing newline. */
export function serializeManifest(manifest: BackendManifest): string {
  const files: Record<string, string> = {};
  for (const key of Object.keys(manifest.files).sort(byPath)) files[key] = manifest.files[key] as string;
  const ordered = {
    format: manifest.format,
    formatVersion: manifest.formatVersion,
    algorithm: manifest.algorithm,
    version: manifest.version,
    commit: manifest.commit,
    files,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** Creates the manifest of `root` and writes it to `root/backend-manifest.json`; returns it. */
export function writeManifest(root: string, build: { version: string; commit: string }): BackendManifest {
  const manifest = createManifest(root, build);
  writeFileSync(path.join(root, MANIFEST_FILE), serializeManifest(manifest));
  return manifest;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Parses and validates manifest text; throws `INTEGRITY_ERR_MANIFEST_INVALID` on any deviation. */
export function parseManifest(text: string): BackendManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new IntegrityError('INTEGRITY_ERR_MANIFEST_INVALID', `manifest is not JSON: ${(error as Error).message}`);
  }
  const bad = (why: string): never => {
    throw new IntegrityError('INTEGRITY_ERR_MANIFEST_INVALID', `manifest is invalid: ${why}`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad('not an object');
  const m = raw as Record<string, unknown>;
  if (m.format !== MANIFEST_FORMAT) bad(`format is not '${MANIFEST_FORMAT}'`);
  if (m.formatVersion !== MANIFEST_FORMAT_VERSION) bad(`unsupported formatVersion ${String(m.formatVersion)}`);
  if (m.algorithm !== 'sha256') bad(`unsupported algorithm ${String(m.algorithm)}`);
  if (typeof m.version !== 'string' || typeof m.commit !== 'string') bad('version and commit must be strings');
  if (typeof m.files !== 'object' || m.files === null || Array.isArray(m.files)) return bad('files must be an object');
  const files: Record<string, string> = {};
  for (const [rel, digest] of Object.entries(m.files as Record<string, unknown>)) {
    // A listed path must be a plain relative POSIX path: '..' or absolute entries could make a
    // verifier hash files outside the root.
    if (rel === '' || rel.startsWith('/') || rel.includes('\\') || rel.split('/').some((s) => s === '..' || s === '.' || s === '')) {
      bad(`illegal path '${rel}'`);
    }
    if (typeof digest !== 'string' || !HEX64.test(digest)) bad(`digest of '${rel}' is not a lowercase hex SHA-256`);
    files[rel] = digest as string;
  }
  return { format: MANIFEST_FORMAT, formatVersion: MANIFEST_FORMAT_VERSION, algorithm: 'sha256', version: m.version as string, commit: m.commit as string, files };
}

/**
 * Verifies `root` against `root/backend-manifest.json`. Never throws for a mismatch: every
 * problem is returned, so the caller can name all the files at once. A missing or invalid
 * manifest is a problem like any other (fail closed).
 */
export function verifyManifest(root: string): ManifestVerification {
  const manifestPath = path.join(root, MANIFEST_FILE);
  let text: string;
  try {
    text = readFileSync(manifestPath, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return {
      ok: false,
      problems: [{ kind: missing ? 'manifest-missing' : 'unreadable', path: MANIFEST_FILE, detail: (error as Error).message }],
    };
  }
  let manifest: BackendManifest;
  try {
    manifest = parseManifest(text);
  } catch (error) {
    return { ok: false, problems: [{ kind: 'manifest-invalid', path: MANIFEST_FILE, detail: (error as Error).message }] };
  }
  if (lstatSync(manifestPath).isSymbolicLink()) {
    return { ok: false, problems: [{ kind: 'manifest-invalid', path: MANIFEST_FILE, detail: 'the manifest is a symlink' }] };
  }
  const problems: ManifestProblem[] = [];
  const seen = new Set<string>();
  for (const { rel, abs } of walk(root, problems)) {
    if (isReserved(rel)) continue;
    seen.add(rel);
    const expected = manifest.files[rel];
    if (expected === undefined) {
      problems.push({ kind: 'extra', path: rel, detail: 'not listed in the manifest' });
      continue;
    }
    let actual: string;
    try {
      actual = sha256File(abs);
    } catch (error) {
      problems.push({ kind: 'unreadable', path: rel, detail: (error as Error).message });
      continue;
    }
    if (actual !== expected) problems.push({ kind: 'changed', path: rel, detail: `sha256 ${actual}, manifest says ${expected}` });
  }
  for (const rel of Object.keys(manifest.files)) {
    if (!seen.has(rel) && !problems.some((p) => p.path === rel)) problems.push({ kind: 'missing', path: rel, detail: 'listed in the manifest but absent' });
  }
  problems.sort((a, b) => byPath(a.path, b.path));
  return { ok: problems.length === 0, problems, manifest: { version: manifest.version, commit: manifest.commit, fileCount: Object.keys(manifest.files).length } };
}
