// SPDX-License-Identifier: MIT
// release.yml: fail closed without the signing key; every artifact is checksummed, Cosign-signed,
// verified against cosign.pub and covered by SLSA provenance; the draft states platform signing.
// The shell steps are taken from the parsed workflow and run here with bash, so what is tested is
// the workflow's own code, not a copy of it.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeCosign, makeTestSigningKey } from './fake-cosign.js';
import { loadWorkflow, needsOf, parseGithubOutput, REPO_ROOT, requireJob, requireStep, runStepScript, upstreamJobs } from './workflow-model.js';

const wf = loadWorkflow('release.yml');
const SLSA_GENERATOR = 'slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@v2.1.0';
const key = makeTestSigningKey();
const STRAND = path.join(REPO_ROOT, 'dist', 'backend', 'strand.js');
const built = existsSync(path.join(REPO_ROOT, 'dist', 'backend', 'backend-manifest.json'));
// `npm test` builds before it runs the tests; a missing build is an error, never a silent skip.
if (!built) throw new Error('dist/backend is not built: run `npm run build` first (npm test does)');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'strand-release-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Jobs that upload artifacts named release-*: everything that must end up signed. */
function artifactProducers(): string[] {
  return Object.entries(wf.jobs)
    .filter(([, j]) => (j.steps ?? []).some((s) => s.uses?.startsWith('actions/upload-artifact@') && String(s.with?.name ?? '').startsWith('release-')))
    .map(([id]) => id)
    .sort();
}

/** A release/ directory like the one the sign job downloads. */
function sampleRelease(): string[] {
  const files = [
    'strand-server-1.2.3-linux-x64-node22.tar.gz',
    'strand-server-1.2.3-linux-x64-node22.backend-manifest.json',
    'Strand-1.2.3-x86_64.AppImage',
    'strand-desktop-1.2.3-windows-x64.exe',
    'sbom.cyclonedx.json',
  ];
  mkdirSync(path.join(dir, 'release'), { recursive: true });
  files.forEach((f, i) => writeFileSync(path.join(dir, 'release', f), `artifact ${i} ${f}\n`));
  writeFileSync(path.join(dir, 'cosign.pub'), key.publicKeyPem);
  return files;
}

function signStep(env: Record<string, string> = {}) {
  const { binDir, logFile } = installFakeCosign(dir);
  const run = runStepScript(requireStep(wf, 'sign', 'SHA256SUMS and a Cosign bundle'), dir, {
    PATH: `${binDir}:${process.env.PATH ?? ''}`,
    FAKE_COSIGN_LOG: logFile,
    COSIGN_PRIVATE_KEY: key.privateKeyPem,
    COSIGN_PASSWORD: key.password,
    ...env,
  });
  const calls = readFileSync(logFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as string[]);
  return { run, calls, binDir, logFile };
}

function verifyStep(binDir: string, logFile: string) {
  return runStepScript(requireStep(wf, 'sign', 'Verify every bundle'), dir, { PATH: `${binDir}:${process.env.PATH ?? ''}`, FAKE_COSIGN_LOG: logFile });
}

describe('release.yml: triggers and fail-closed key check', () => {
  it('runs only for v* tags', () => {
    expect(wf.on).toEqual({ push: { tags: ['v*'] } });
  });

  it('fails the release when the signing key or its password is missing', () => {
    const step = requireStep(wf, 'preflight', 'Require the release signing key');
    expect((requireJob(wf, 'preflight').steps ?? [])[0]).toBe(step);
    const partial: Record<string, string>[] = [{}, { COSIGN_PRIVATE_KEY: key.privateKeyPem }, { COSIGN_PASSWORD: key.password }];
    for (const env of partial) {
      const r = runStepScript(step, dir, env);
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('::error title=Release signing key missing::');
    }
    expect(runStepScript(step, dir, { COSIGN_PRIVATE_KEY: key.privateKeyPem, COSIGN_PASSWORD: key.password }).status).toBe(0);
  });

  it('builds and publishes nothing before that check passed', () => {
    for (const id of Object.keys(wf.jobs).filter((j) => j !== 'preflight')) {
      expect({ id, upstream: upstreamJobs(wf, id).has('preflight') }).toEqual({ id, upstream: true });
    }
  });

  it('refuses a tag that does not match package.json', () => {
    const step = requireStep(wf, 'preflight', 'Tag matches package.json');
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ version: '1.2.3' }));
    const out = path.join(dir, 'out.txt');
    expect(runStepScript(step, dir, { GITHUB_REF_NAME: 'v1.2.4', GITHUB_OUTPUT: out }).status).toBe(1);
    expect(runStepScript(step, dir, { GITHUB_REF_NAME: 'v1.2.3', GITHUB_OUTPUT: out }).status).toBe(0);
    expect(parseGithubOutput(readFileSync(out, 'utf8'))).toEqual({ version: '1.2.3' });
  });
});

describe('release.yml: platform signing configuration', () => {
  const step = requireStep(wf, 'preflight', 'Which platform signing is configured');
  const win = { WIN_CSC_LINK: 'x', WIN_CSC_KEY_PASSWORD: 'x' };
  const mac = { MAC_CSC_LINK: 'x', MAC_CSC_KEY_PASSWORD: 'x', APPLE_ID: 'x', APPLE_APP_SPECIFIC_PASSWORD: 'x', APPLE_TEAM_ID: 'x' };
  const decide = (env: Record<string, string>) => {
    const out = path.join(dir, `out-${Math.random()}.txt`);
    const r = runStepScript(step, dir, { ...env, GITHUB_OUTPUT: out });
    return { status: r.status, outputs: existsSync(out) ? parseGithubOutput(readFileSync(out, 'utf8')) : {} };
  };

  it('signs a platform when all of its secrets exist and says unsigned when none do', () => {
    expect(decide({})).toEqual({ status: 0, outputs: { windows: 'false', macos: 'false' } });
    expect(decide(win)).toEqual({ status: 0, outputs: { windows: 'true', macos: 'false' } });
    expect(decide({ ...win, ...mac })).toEqual({ status: 0, outputs: { windows: 'true', macos: 'true' } });
  });

  it('fails on a half-configured platform instead of shipping it unsigned', () => {
    expect(decide({ WIN_CSC_LINK: 'x' }).status).toBe(1);
    expect(decide({ ...mac, APPLE_TEAM_ID: '' }).status).toBe(1);
  });

  it('hands platform secrets only to the signed build steps', () => {
    const steps = requireJob(wf, 'desktop').steps ?? [];
    const builds = steps.filter((s) => s.run === 'npm run desktop:dist');
    expect(builds).toHaveLength(3);
    const unsigned = builds.find((s) => s.name?.includes('not platform-signed'));
    expect(unsigned?.env).toEqual({ CSC_IDENTITY_AUTO_DISCOVERY: 'false' });
    expect(builds.filter((s) => JSON.stringify(s.env).includes('secrets.')).map((s) => s.if)).toEqual([
      "matrix.platform == 'windows' && needs.preflight.outputs.windows-signing == 'true'",
      "matrix.platform == 'macos' && needs.preflight.outputs.macos-signing == 'true'",
    ]);
  });
});

describe('release.yml: every artifact signed and covered by provenance', () => {
  it('signs only after every artifact-producing job', () => {
    expect(artifactProducers()).toEqual(['desktop', 'sbom', 'server']);
    for (const id of artifactProducers()) expect(needsOf(requireJob(wf, 'sign'))).toContain(id);
    const download = (requireJob(wf, 'sign').steps ?? []).find((s) => s.uses?.startsWith('actions/download-artifact@'));
    expect(download?.with).toMatchObject({ pattern: 'release-*', path: 'release', 'merge-multiple': true });
  });

  it('writes SHA256SUMS and a --new-bundle-format Cosign bundle per artifact with the repository key', () => {
    const files = sampleRelease();
    const { run, calls } = signStep();
    expect(run.status, run.stderr).toBe(0);
    const sums = readFileSync(path.join(dir, 'release', 'SHA256SUMS'), 'utf8');
    expect(sums.trim().split('\n').map((l) => l.slice(66)).sort()).toEqual([...files].sort());
    execFileSync('sha256sum', ['--check', '--strict', 'SHA256SUMS'], { cwd: path.join(dir, 'release') });
    const signed = calls.map((c) => c[c.length - 1]);
    expect(signed.sort()).toEqual([...files, 'SHA256SUMS'].sort());
    for (const c of calls) {
      expect(c[0]).toBe('sign-blob');
      expect(c).toEqual(expect.arrayContaining(['--new-bundle-format', '--key', 'env://COSIGN_PRIVATE_KEY', '--bundle', `${c[c.length - 1]}.cosign.bundle`]));
    }
    for (const f of [...files, 'SHA256SUMS']) expect(existsSync(path.join(dir, 'release', `${f}.cosign.bundle`))).toBe(true);
  });

  it('refuses to sign without the key, leaving no bundle behind', () => {
    sampleRelease();
    const { run, calls } = signStep({ COSIGN_PRIVATE_KEY: '' });
    expect(run.status).toBe(1);
    expect(calls).toEqual([]);
    expect(readdirSync(path.join(dir, 'release')).filter((f) => f.endsWith('.cosign.bundle'))).toEqual([]);
  });

  it('refuses artifact names GitHub would rename (spaces, odd characters)', () => {
    sampleRelease();
    writeFileSync(path.join(dir, 'release', 'Strand Setup 1.2.3.exe'), 'x');
    const { run, calls } = signStep();
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("artifact name 'Strand Setup 1.2.3.exe'");
    expect(calls).toEqual([]);
  });

  it('fails when there is nothing to sign', () => {
    mkdirSync(path.join(dir, 'release'));
    expect(signStep().run.status).toBe(1);
  });

  it('verifies every bundle against cosign.pub, and a tampered or unsigned file fails', () => {
    const files = sampleRelease();
    const { run, binDir, logFile } = signStep();
    expect(run.status).toBe(0);
    const ok = verifyStep(binDir, logFile);
    expect(ok.status, ok.stderr).toBe(0);

    appendFileSync(path.join(dir, 'release', files[0] as string), 'tampered');
    expect(verifyStep(binDir, logFile).status).toBe(1);
  });

  it('fails verification when the secret key is not the one published in cosign.pub', () => {
    sampleRelease();
    const { run, binDir, logFile } = signStep();
    expect(run.status).toBe(0);
    writeFileSync(path.join(dir, 'cosign.pub'), makeTestSigningKey().publicKeyPem);
    expect(verifyStep(binDir, logFile).status).toBe(1);
  });

  it('fails verification when an artifact has no bundle', () => {
    const files = sampleRelease();
    const { binDir, logFile } = signStep();
    rmSync(path.join(dir, 'release', `${files[1] as string}.cosign.bundle`));
    expect(verifyStep(binDir, logFile).status).toBe(1);
  });

  it('feeds exactly SHA256SUMS, base64-encoded, to the SLSA generator', () => {
    sampleRelease();
    expect(signStep().run.status).toBe(0);
    const out = path.join(dir, 'github-output');
    const r = runStepScript(requireStep(wf, 'sign', 'Provenance subjects'), dir, { GITHUB_OUTPUT: out });
    expect(r.status).toBe(0);
    const { hashes } = parseGithubOutput(readFileSync(out, 'utf8'));
    expect(Buffer.from(hashes ?? '', 'base64').toString('utf8')).toBe(readFileSync(path.join(dir, 'release', 'SHA256SUMS'), 'utf8'));
    expect(requireJob(wf, 'sign').outputs).toEqual({ hashes: '${{ steps.subjects.outputs.hashes }}' });

    const provenance = requireJob(wf, 'provenance');
    expect(provenance.uses).toBe(SLSA_GENERATOR);
    expect(needsOf(provenance)).toContain('sign');
    expect(provenance.with).toMatchObject({ 'base64-subjects': '${{ needs.sign.outputs.hashes }}', 'upload-assets': false });
    expect(String(provenance.with?.['provenance-name'])).toMatch(/\.intoto\.jsonl$/);
  });
});

describe('release.yml: the built strand verify accepts what the sign job writes', () => {
  const strandVerify = (args: string[]) => spawnSync(process.execPath, [STRAND, 'verify', ...args], { cwd: path.join(dir, 'release'), encoding: 'utf8', timeout: 30_000 });

  it('knows every flag the verify job passes to it', () => {
    const script = requireStep(wf, 'verify', 'strand verify every artifact').run ?? '';
    // The strand invocations, with their backslash-continued lines.
    const calls = [...script.replace(/\\\n/g, ' ').matchAll(/node "\$strand" verify ([^\n]*)/g)].map((m) => m[1] as string);
    expect(calls.length).toBe(2);
    const flags = new Set(calls.flatMap((c) => [...c.matchAll(/(?:^| )(--[a-z0-9-]+)/g)].map((m) => m[1] as string)));
    const usage = spawnSync(process.execPath, [STRAND, 'verify', '--help'], { encoding: 'utf8' }).stdout;
    expect([...flags].filter((f) => !usage.includes(f))).toEqual([]);
    expect(flags.size).toBeGreaterThanOrEqual(6);
  });

  it('verifies an artifact and SHA256SUMS offline with cosign.pub, and rejects a tampered one', () => {
    const files = sampleRelease();
    expect(signStep().run.status).toBe(0);
    const f = files[0] as string;
    const pub = path.join(dir, 'cosign.pub');
    const ok = strandVerify([f, '--key', pub, '--bundle', `${f}.cosign.bundle`, '--sha256sums', 'SHA256SUMS']);
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(strandVerify(['SHA256SUMS', '--key', pub, '--bundle', 'SHA256SUMS.cosign.bundle']).status).toBe(0);

    appendFileSync(path.join(dir, 'release', f), 'tampered');
    expect(strandVerify([f, '--key', pub, '--bundle', `${f}.cosign.bundle`]).status).toBe(1);
  });
});

describe('release.yml: the server bundle', () => {
  const VERSION = '1.2.3';
  const NAME = `strand-server-${VERSION}-linux-x64-node22`;
  /** A checkout-like dir: the built backend, plus the repository's integrity/ and node_modules/. */
  function checkout(): void {
    cpSync(path.join(REPO_ROOT, 'dist', 'backend'), path.join(dir, 'dist', 'backend'), { recursive: true });
    symlinkSync(path.join(REPO_ROOT, 'integrity'), path.join(dir, 'integrity'));
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  }
  function pack(): string {
    const r = runStepScript(requireStep(wf, 'server', 'Package the server bundle'), dir, {
      VERSION, TARGET: 'linux-x64', RELEASE_NODE: '22', GIT_DIR: path.join(REPO_ROOT, '.git'),
    });
    expect(r.status, r.stderr).toBe(0);
    return createHash('sha256').update(readFileSync(path.join(dir, 'out', `${NAME}.tar.gz`))).digest('hex');
  }
  const checkTarballs = () => runStepScript(requireStep(wf, 'verify', 'Each server tarball holds exactly'), dir, {});

  it('packs the backend reproducibly, and the verify job ties each tarball to its signed manifest', () => {
    checkout();
    const first = pack();
    expect(pack()).toBe(first);
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual([`${NAME}.backend-manifest.json`, `${NAME}.tar.gz`]);
    mkdirSync(path.join(dir, 'release'));
    for (const f of readdirSync(path.join(dir, 'out'))) renameSync(path.join(dir, 'out', f), path.join(dir, 'release', f));
    const ok = checkTarballs();
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);

    appendFileSync(path.join(dir, 'release', `${NAME}.backend-manifest.json`), ' ');
    expect(checkTarballs().status).not.toBe(0);
  });
});

describe('release.yml: verification and the draft release', () => {
  it('runs strand verify on every artifact with key, checksums and provenance before the draft', () => {
    const verify = requireJob(wf, 'verify');
    expect(needsOf(verify)).toEqual(expect.arrayContaining(['sign', 'provenance']));
    const script = requireStep(wf, 'verify', 'strand verify every artifact').run ?? '';
    for (const flag of ['verify "$f"', '--key ../cosign.pub', '--bundle "${f}.cosign.bundle"', '--sha256sums SHA256SUMS', '--provenance "$PROVENANCE"', '--source-uri', '--source-tag']) {
      expect(script).toContain(flag);
    }
    expect(script).toContain('done < SHA256SUMS');
  });

  it('creates a draft with everything attached, only after signing, provenance and verification', () => {
    const release = requireJob(wf, 'release');
    expect(needsOf(release)).toEqual(expect.arrayContaining(['sign', 'provenance', 'verify']));
    const downloads = (release.steps ?? []).filter((s) => s.uses?.startsWith('actions/download-artifact@')).map((s) => s.with);
    expect(downloads).toEqual(expect.arrayContaining([
      { name: 'signed-release', path: 'release' },
      { name: '${{ needs.provenance.outputs.provenance-name }}', path: 'release' },
    ]));
    const create = requireStep(wf, 'release', 'Create the draft release').run ?? '';
    expect(create).toMatch(/gh release create "\$GITHUB_REF_NAME" --draft --verify-tag/);
    expect(create).toContain('release/*');
  });

  it('refuses to attach a set where a file lacks its bundle or the provenance is missing', () => {
    const files = sampleRelease();
    expect(signStep().run.status).toBe(0);
    const check = requireStep(wf, 'release', 'Check completeness');
    writeFileSync(path.join(dir, 'release', 'strand-1.2.3.intoto.jsonl'), '{}\n');
    expect(runStepScript(check, dir, { PROVENANCE: 'strand-1.2.3.intoto.jsonl' }).status).toBe(0);
    expect(runStepScript(check, dir, { PROVENANCE: 'missing.intoto.jsonl' }).status).toBe(1);
    rmSync(path.join(dir, 'release', `${files[2] as string}.cosign.bundle`));
    expect(runStepScript(check, dir, { PROVENANCE: 'strand-1.2.3.intoto.jsonl' }).status).toBe(1);
  });

  it('states in the notes which installers are platform-signed', () => {
    const notes = requireStep(wf, 'release', 'Write the release notes');
    mkdirSync(path.join(dir, 'status'));
    const status = { linux: 'NOT platform-signed (AppImage/deb)', macos: 'signed with a Developer ID and notarized', windows: 'NOT platform-signed (no Authenticode certificate configured)' };
    for (const [p, s] of Object.entries(status)) writeFileSync(path.join(dir, 'status', `${p}.tsv`), `${p}\t${s}\n`);
    const env = { VERSION: '1.2.3', PROVENANCE: 'strand-1.2.3.intoto.jsonl', GITHUB_REPOSITORY: 'strand/strand', GITHUB_REF_NAME: 'v1.2.3' };
    expect(runStepScript(notes, dir, env).status).toBe(0);
    const text = readFileSync(path.join(dir, 'notes.md'), 'utf8');
    for (const [p, s] of Object.entries(status)) expect(text).toContain(`- ${p}: ${s}`);
    expect(text).toContain('strand verify FILE --key cosign.pub');

    rmSync(path.join(dir, 'status', 'windows.tsv'));
    expect(runStepScript(notes, dir, env).status).toBe(1);
  });

  it('records a signing status line for every desktop platform', () => {
    const step = requireStep(wf, 'desktop', 'Record the platform signing status');
    const line = (env: Record<string, string>) => {
      expect(runStepScript(step, dir, env).status).toBe(0);
      return readFileSync(path.join(dir, 'status', `${env.PLATFORM as string}.tsv`), 'utf8');
    };
    expect(line({ PLATFORM: 'windows', WINDOWS_SIGNED: 'true', MACOS_SIGNED: 'false' })).toMatch(/^windows\tAuthenticode-signed/);
    expect(line({ PLATFORM: 'windows', WINDOWS_SIGNED: 'false', MACOS_SIGNED: 'true' })).toMatch(/^windows\tNOT platform-signed/);
    expect(line({ PLATFORM: 'macos', WINDOWS_SIGNED: 'false', MACOS_SIGNED: 'true' })).toMatch(/^macos\tsigned with a Developer ID and notarized/);
    expect(line({ PLATFORM: 'linux', WINDOWS_SIGNED: 'true', MACOS_SIGNED: 'true' })).toMatch(/^linux\tNOT platform-signed/);
  });
});
