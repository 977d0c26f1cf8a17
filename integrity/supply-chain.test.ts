// SPDX-License-Identifier: MIT
// Supply-chain summaries from real files: slsa-github-generator provenance (a Sigstore bundle and a
// bare DSSE envelope, from integrity/fixtures) and CycloneDX SBOMs.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSupplyChain, SBOM_FILE_NAME } from './supply-chain.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'slsa-generic');
const dirs: string[] = [];
function dir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'strand-supply-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const SBOM = {
  bomFormat: 'CycloneDX', specVersion: '1.6', serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79', version: 1,
  metadata: { component: { type: 'application', name: 'strand', version: '0.1.0' } },
  components: [{ type: 'library', name: 'express', version: '5.1.0' }, { type: 'library', name: 'ws', version: '8.18.0' }],
};

describe('readSupplyChain', () => {
  it('says absent when nothing is shipped (a development run) or the folder does not exist', () => {
    expect(readSupplyChain(dir())).toEqual({ sbom: { status: 'absent' }, provenance: { status: 'absent' } });
    expect(readSupplyChain(path.join(dir(), 'missing'))).toEqual({ sbom: { status: 'absent' }, provenance: { status: 'absent' } });
  });

  it('summarises a CycloneDX SBOM and a slsa-github-generator provenance bundle', () => {
    const d = dir();
    writeFileSync(path.join(d, SBOM_FILE_NAME), JSON.stringify(SBOM));
    copyFileSync(path.join(FIXTURES, 'v2.1.0-binary-linux-amd64-push-v14.intoto.jsonl'), path.join(d, 'strand-0.1.0.intoto.jsonl'));
    const info = readSupplyChain(d);
    expect(info.sbom).toMatchObject({ status: 'present', summary: { file: SBOM_FILE_NAME, specVersion: '1.6', componentCount: 2, serialNumber: SBOM.serialNumber, subject: { name: 'strand', version: '0.1.0' } } });
    expect(info.provenance).toMatchObject({
      status: 'present',
      summary: {
        file: 'strand-0.1.0.intoto.jsonl',
        predicateType: 'https://slsa.dev/provenance/v0.2',
        builderId: 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.1.0',
        source: { uri: 'git+https://github.com/slsa-framework/example-package@refs/tags/v14', commit: '4d329c75e7ec1725f7c9ce917a8799d408d06be3' },
        subjects: [{ name: 'gha_generic-binary-linux-amd64-v14', sha256: '376e7e01348585b6e6643bc6663146b9d525d9b41228bf180eaeb4d4a3706caa' }],
      },
    });
    expect(info.provenance.status === 'present' && info.provenance.summary.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads the older bare DSSE envelope form too', () => {
    const d = dir();
    copyFileSync(path.join(FIXTURES, 'v1.10.0-binary-linux-amd64-push-v14.intoto.jsonl'), path.join(d, 'old.intoto.jsonl'));
    expect(readSupplyChain(d).provenance).toMatchObject({ status: 'present', summary: { predicateType: 'https://slsa.dev/provenance/v0.2', subjects: [{ name: 'gha_generic-binary-linux-amd64-v14' }] } });
  });

  it('reports malformed files as unreadable with the reason, never throwing', () => {
    const d = dir();
    writeFileSync(path.join(d, SBOM_FILE_NAME), '{"bomFormat":"SPDX"}');
    writeFileSync(path.join(d, 'x.intoto.jsonl'), '{"payloadType":"text/plain","payload":"aGk="}');
    const info = readSupplyChain(d);
    expect(info.sbom).toEqual({ status: 'unreadable', file: SBOM_FILE_NAME, reason: 'not a CycloneDX document (bomFormat)' });
    expect(info.provenance).toMatchObject({ status: 'unreadable', file: 'x.intoto.jsonl', reason: expect.stringContaining('not in-toto') });
    writeFileSync(path.join(d, SBOM_FILE_NAME), 'not json');
    expect(readSupplyChain(d).sbom.status).toBe('unreadable');
  });
});
