// SPDX-License-Identifier: MIT
// The startup decision: given how the process was started (a production build or a run from
// source) and whether the operator asked to override, turn a manifest verification into a
// report and a start/refuse verdict. Shared by the server (`strand serve`) and the desktop wrapper.
import { performance } from 'node:perf_hooks';
import { MANIFEST_FILE, verifyManifest } from './manifest.js';
import type { ManifestProblem } from './manifest.js';

/**
 * What the server shows in `/api/v1/status` and the About page.
 * - `verified`: production build, every file matches the manifest.
 * - `failed`: production build with problems; the server must not start.
 * - `overridden`: production build with problems, started anyway because the operator passed the
 *   override flag (logged loudly).
 * - `unverified-development`: running from source; there is no manifest to check.
 */
export interface IntegrityReport {
  status: 'verified' | 'failed' | 'overridden' | 'unverified-development';
  mode: 'production' | 'development';
  /** Absolute path of the backend root that was (or would have been) checked. */
  backendRoot: string;
  /** The build's declared version and commit, from the manifest (absent when it is unreadable). */
  version?: string;
  commit?: string;
  /** Number of files the manifest lists. */
  fileCount: number;
  /** Every mismatch, sorted by path; empty when verified or in development. */
  problems: ManifestProblem[];
  /** Whether the override flag/environment variable was set. */
  overrideRequested: boolean;
  /** ISO time of the check and how long it took (milliseconds). */
  checkedAt: string;
  durationMs: number;
  /** One human-readable line summarising the outcome. */
  summary: string;
}

export interface BackendCheckOptions {
  mode: 'production' | 'development';
  backendRoot: string;
  /** The operator explicitly accepts a modified backend (e.g. `--allow-modified-backend`). */
  allowModified: boolean;
  /** Injected clock for tests; defaults to the wall clock. */
  now?: () => Date;
}

/** How many problem paths a summary names before it says "and N more". */
const SUMMARY_PATHS = 10;

/** Formats problems as "changed strand.js, extra x.js, …" for logs and refusal messages. */
export function describeProblems(problems: readonly ManifestProblem[], limit = SUMMARY_PATHS): string {
  const shown = problems.slice(0, limit).map((p) => `${p.kind} ${p.path}`);
  const more = problems.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/**
 * Checks the backend root and decides. Never throws for integrity problems: read `status`
 * (`failed` means refuse to start). A development run is never verified and says so.
 */
export function checkBackend(options: BackendCheckOptions): IntegrityReport {
  const now = options.now ?? (() => new Date());
  const checkedAt = now().toISOString();
  if (options.mode === 'development') {
    return {
      status: 'unverified-development',
      mode: 'development',
      backendRoot: options.backendRoot,
      fileCount: 0,
      problems: [],
      overrideRequested: options.allowModified,
      checkedAt,
      durationMs: 0,
      summary: 'unverified development run: started from source, no backend manifest was checked',
    };
  }
  const t0 = performance.now();
  const result = verifyManifest(options.backendRoot);
  const durationMs = performance.now() - t0;
  const base = {
    mode: 'production' as const,
    backendRoot: options.backendRoot,
    fileCount: result.manifest?.fileCount ?? 0,
    problems: result.problems,
    overrideRequested: options.allowModified,
    checkedAt,
    durationMs,
    ...(result.manifest ? { version: result.manifest.version, commit: result.manifest.commit } : {}),
  };
  if (result.ok) {
    return { ...base, status: 'verified', summary: `backend verified: ${base.fileCount} files match ${MANIFEST_FILE} (${result.manifest?.version ?? '?'} ${result.manifest?.commit ?? '?'})` };
  }
  const what = describeProblems(result.problems);
  if (options.allowModified) {
    return { ...base, status: 'overridden', summary: `MODIFIED BACKEND RUNNING BY OPERATOR OVERRIDE: ${what}` };
  }
  return { ...base, status: 'failed', summary: `backend integrity check failed (${result.problems.length} problem(s)): ${what}` };
}
