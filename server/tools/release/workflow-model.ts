// SPDX-License-Identifier: MIT
// The GitHub workflows as data, for the release-engineering tests: parsed with `yaml` (duplicate
// keys and syntax errors are failures, not warnings), plus helpers that run a step's `run:` script
// the way a GitHub-hosted runner does, so tests exercise the real shell code of a workflow.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const WORKFLOWS_DIR = path.join(REPO_ROOT, '.github', 'workflows');

export type PermissionLevel = 'read' | 'write' | 'none';
export type Permissions = 'read-all' | 'write-all' | Record<string, PermissionLevel>;

export interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

export interface Job {
  name?: string;
  'runs-on'?: unknown;
  needs?: string | string[];
  if?: string;
  permissions?: Permissions;
  outputs?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown> };
  container?: unknown;
  uses?: string;
  with?: Record<string, unknown>;
  secrets?: unknown;
  steps?: Step[];
}

export interface Workflow {
  /** File name inside .github/workflows/. */
  file: string;
  text: string;
  name?: string;
  on: unknown;
  permissions?: Permissions;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

/** Thrown when a workflow file is not valid YAML or lacks the basic shape. */
export class WorkflowParseError extends Error {
  static override readonly name = 'WorkflowParseError';
  readonly code = 'RELEASE_ERR_WORKFLOW_PARSE';
}

/** Every workflow file name, sorted. */
export function workflowFiles(): string[] {
  return readdirSync(WORKFLOWS_DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
}

/** Parses one workflow; rejects YAML errors and warnings (e.g. duplicate keys silently overriding). */
export function loadWorkflow(file: string): Workflow {
  const text = readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8');
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) throw new WorkflowParseError(`${file}: ${problems.map((p) => p.message).join('; ')}`);
  const data: unknown = doc.toJS();
  if (typeof data !== 'object' || data === null || !('jobs' in data) || typeof data.jobs !== 'object' || data.jobs === null) {
    throw new WorkflowParseError(`${file}: no jobs`);
  }
  // `on` is a plain key in YAML 1.2 (the `yaml` default), so it is not read as the boolean true.
  return { ...(data as Omit<Workflow, 'file' | 'text'>), file, text };
}

/** The ids a job lists in `needs`, as an array. */
export function needsOf(job: Job): string[] {
  if (job.needs === undefined) return [];
  return Array.isArray(job.needs) ? job.needs : [job.needs];
}

/** Every job that must finish before `jobId` starts, directly or not. */
export function upstreamJobs(wf: Workflow, jobId: string): Set<string> {
  const seen = new Set<string>();
  const pending = [...needsOf(requireJob(wf, jobId))];
  while (pending.length > 0) {
    const id = pending.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    pending.push(...needsOf(requireJob(wf, id)));
  }
  return seen;
}

/** The job, or an error naming the workflow (tests read better than with `!`). */
export function requireJob(wf: Workflow, jobId: string): Job {
  const job = wf.jobs[jobId];
  if (!job) throw new WorkflowParseError(`${wf.file}: no job '${jobId}'`);
  return job;
}

/** The step of a job whose name starts with `prefix` (exactly one must match). */
export function requireStep(wf: Workflow, jobId: string, prefix: string): Step {
  const matches = (requireJob(wf, jobId).steps ?? []).filter((s) => s.name?.startsWith(prefix));
  if (matches.length !== 1) throw new WorkflowParseError(`${wf.file}: job '${jobId}' has ${matches.length} steps named '${prefix}…'`);
  return matches[0] as Step;
}

/** One `uses:` reference: in a step, or a whole job calling a reusable workflow. */
export interface UsesRef {
  file: string;
  job: string;
  /** Index of the step; undefined for a job-level reusable-workflow call. */
  step?: number;
  uses: string;
}

/** Every `uses:` of a workflow, from the parsed structure. */
export function usesRefs(wf: Workflow): UsesRef[] {
  const refs: UsesRef[] = [];
  for (const [job, def] of Object.entries(wf.jobs)) {
    if (def.uses !== undefined) refs.push({ file: wf.file, job, uses: def.uses });
    (def.steps ?? []).forEach((s, step) => {
      if (s.uses !== undefined) refs.push({ file: wf.file, job, step, uses: s.uses });
    });
  }
  return refs;
}

/** The raw `uses:` lines of the file text with their trailing comment (what Dependabot rewrites). */
export function usesLines(wf: Workflow): { uses: string; comment: string | undefined; line: number }[] {
  const out: { uses: string; comment: string | undefined; line: number }[] = [];
  wf.text.split('\n').forEach((raw, i) => {
    const m = /^\s*(?:-\s+)?uses:\s*(\S+)\s*(?:#\s*(.*?))?\s*$/.exec(raw);
    if (m) out.push({ uses: m[1] as string, comment: m[2], line: i + 1 });
  });
  return out;
}

/**
 * Why a `uses:` reference is not acceptably pinned, or undefined when it is: local actions are
 * fine, `docker://` images need a digest, everything else a 40-hex commit SHA plus a `# vX.Y.Z`
 * comment (what Dependabot keeps in step). `allowedTagRefs` lists the documented exceptions.
 */
export function pinProblem(uses: string, comment: string | undefined, allowedTagRefs: readonly string[] = []): string | undefined {
  if (uses.startsWith('./')) return undefined;
  if (uses.startsWith('docker://')) return /@sha256:[0-9a-f]{64}$/.test(uses) ? undefined : 'docker image not pinned by digest';
  if (allowedTagRefs.includes(uses)) return undefined;
  if (!/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/.test(uses)) return 'not pinned to a 40-hex commit SHA';
  if (!/^v\d+\.\d+\.\d+$/.test(comment ?? '')) return `comment '${comment ?? ''}' is not '# vX.Y.Z'`;
  return undefined;
}

/** Result of running a step's script. */
export interface ScriptRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a step's `run:` script as GitHub's `shell: bash` does (`bash --noprofile --norc -eo pipefail`),
 * in `cwd`, with only the given environment on top of PATH/HOME (no ambient secrets leak in).
 */
export function runStepScript(step: Step, cwd: string, env: Record<string, string>): ScriptRun {
  if (step.run === undefined) throw new WorkflowParseError(`step '${step.name ?? '?'}' has no run script`);
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd, LC_ALL: 'C', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Reads `key=value` lines a step appended to $GITHUB_OUTPUT. */
export function parseGithubOutput(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}
