// SPDX-License-Identifier: MIT
// The Dockerfile: dockerfile-utils' linter with every optional rule raised to an error, plus the
// image contract of issue 11 (multi-stage, digest-pinned bases, production files only, fixed
// non-root uid, /data volume, port 8000, curl-free HEALTHCHECK, read-only root, manifest check).
import { createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validate, ValidationSeverity } from 'dockerfile-utils';
import type { ValidatorSettings } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { argumentsOf, envOf, execForm, instructionsOf, loadDockerfile } from './dockerfile-model.js';
import { REPO_ROOT } from './workflow-model.js';

const STRICT: ValidatorSettings = {
  deprecatedMaintainer: ValidationSeverity.ERROR,
  directiveCasing: ValidationSeverity.ERROR,
  emptyContinuationLine: ValidationSeverity.ERROR,
  instructionCasing: ValidationSeverity.ERROR,
  instructionCmdMultiple: ValidationSeverity.ERROR,
  instructionEntrypointMultiple: ValidationSeverity.ERROR,
  instructionHealthcheckMultiple: ValidationSeverity.ERROR,
  instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
  instructionWorkdirRelative: ValidationSeverity.ERROR,
};

const model = loadDockerfile();
const runtime = model.runtime;
const RUNTIME_UID = '10001';

describe('Dockerfile lint', () => {
  it('passes dockerfile-utils with every rule as an error', () => {
    const problems = validate(model.text, STRICT).map((d) => `${d.range.start.line + 1}: ${d.message}`);
    expect(problems).toEqual([]);
  });

  it('the linter reports broken Dockerfiles (the check is live)', () => {
    expect(validate('FROM node\nEXPOSE port\nworkdir relative\nCMD ["a"]\nCMD ["b"]\n', STRICT).length).toBeGreaterThanOrEqual(3);
  });
});

describe('Dockerfile structure', () => {
  it('is multi-stage, every base image pinned by digest and tagged for Dependabot', () => {
    expect(model.stages.length).toBeGreaterThanOrEqual(2);
    for (const s of model.stages) {
      expect({ stage: s.name, digest: s.digest }).toEqual({ stage: s.name, digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
      expect(s.tag).toMatch(/^\d+-bookworm-slim$/);
    }
    expect(runtime.name).toBe('runtime');
  });

  it('ships only the built backend: no npm, no sources, no compiler in the runtime stage', () => {
    const runs = instructionsOf(runtime, 'RUN').map(argumentsOf).join('\n');
    expect(runs).not.toMatch(/\bnpm\b|\bapt-get install\b/);
    const copies = instructionsOf(runtime, 'COPY').map((c) => c.getTextContent());
    expect(copies).toEqual(['COPY --from=build --chown=0:0 /src/dist/backend /app/backend']);
  });

  it('runs as a fixed non-root uid/gid that owns only /data', () => {
    const users = instructionsOf(runtime, 'USER').map(argumentsOf);
    expect(users[users.length - 1]).toBe(`${RUNTIME_UID}:${RUNTIME_UID}`);
    const runs = instructionsOf(runtime, 'RUN').map(argumentsOf).join('\n');
    expect(runs).toContain(`useradd --system --uid ${RUNTIME_UID} --gid ${RUNTIME_UID}`);
    expect(runs).toContain(`chown ${RUNTIME_UID}:${RUNTIME_UID} /data`);
  });

  it('declares the /data volume and port 8000', () => {
    expect(instructionsOf(runtime, 'VOLUME').map(argumentsOf)).toEqual(['["/data"]']);
    expect(instructionsOf(runtime, 'EXPOSE').map(argumentsOf)).toEqual(['8000']);
    expect(envOf(runtime)).toMatchObject({ STRAND_PORT: '8000', STRAND_DATA_DIR: '/data', STRAND_HOST: '0.0.0.0' });
  });

  it('health-checks the status endpoint with node, not curl', () => {
    const hc = execForm(runtime, 'HEALTHCHECK');
    expect(hc[0]).toBe('node');
    expect(hc.join(' ')).toContain('/api/v1/status');
    const instructions = model.stages.flatMap((st) => st.instructions.map((i) => i.getTextContent())).join('\n');
    expect(instructions).not.toMatch(/\bcurl\b|\bwget\b/);
  });

  it('writes only to /data (and /tmp): the root filesystem can be mounted read-only', () => {
    const env = envOf(runtime);
    const pathsInEnv = Object.values(env).filter((v) => v.startsWith('/'));
    expect(pathsInEnv.every((p) => p === '/data' || p.startsWith('/data/') || p.startsWith('/tmp'))).toBe(true);
    const workdirs = instructionsOf(runtime, 'WORKDIR').map(argumentsOf);
    expect(workdirs[workdirs.length - 1]).toBe('/data');
  });

  it('starts through `strand serve`, which verifies backend-manifest.json before it opens anything', () => {
    expect(execForm(runtime, 'ENTRYPOINT')).toEqual(['node', '/app/backend/strand.js']);
    expect(execForm(runtime, 'CMD')).toEqual(['serve']);
    const build = model.stages.find((st) => st.name === 'build');
    const buildRuns = instructionsOf(build ?? runtime, 'RUN').map(argumentsOf).join('\n');
    expect(buildRuns).toContain('npm run build');
    expect(buildRuns).toContain('npx tsx integrity/cli.ts check dist/backend');
  });

  it('keeps keys, git history, data and host modules out of the build context', () => {
    const rules = readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
    expect(rules[0]).toBe('*');
    expect(rules).toEqual(expect.arrayContaining(['**/*.key', '**/*.pem', '**/.env', '**/node_modules/']));
    expect(rules.filter((r) => r.startsWith('!')).some((r) => /git|data|dist|key/.test(r))).toBe(false);
  });
});

describe('cosign.pub', () => {
  it('is an ECDSA P-256 public key in PEM, and no private key sits beside it', () => {
    const pem = readFileSync(path.join(REPO_ROOT, 'cosign.pub'), 'utf8');
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n$/);
    const key = createPublicKey(pem);
    expect(key.asymmetricKeyType).toBe('ec');
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(existsSync(path.join(REPO_ROOT, 'cosign.key'))).toBe(false);
  });
});
