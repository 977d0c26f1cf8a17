// SPDX-License-Identifier: MIT
// The SBOM validator on small documents (the full `npm run sbom` depends on the installed tree and
// stays out of the suite). The schema ships with @cyclonedx/cyclonedx-library, so this is offline.
import { describe, expect, it } from 'vitest';
import { validateSbom } from './sbom.js';

const valid = {
  $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
  bomFormat: 'CycloneDX',
  specVersion: '1.6',
  version: 1,
  metadata: { component: { type: 'application', name: 'strand', version: '0.1.0', 'bom-ref': 'strand@0.1.0' } },
  components: [{ type: 'library', name: 'zod', version: '4.6.7', 'bom-ref': 'zod@4.6.7', purl: 'pkg:npm/zod@4.6.7' }],
  dependencies: [{ ref: 'strand@0.1.0', dependsOn: ['zod@4.6.7'] }],
};

describe('validateSbom', () => {
  it('accepts a valid, reproducible CycloneDX 1.6 document', async () => {
    expect(await validateSbom(JSON.stringify(valid))).toEqual({ ok: true, errors: [] });
  });

  it('rejects schema violations with their location', async () => {
    const bad = { ...valid, components: [{ type: 'not-a-type', name: 'x' }] };
    const result = await validateSbom(JSON.stringify(bad));
    expect(result.ok).toBe(false);
    expect(result.errors.some((e) => e.startsWith('schema: /components/0'))).toBe(true);
  });

  it('rejects time- or random-based fields that break reproducibility, and other spec versions', async () => {
    const result = await validateSbom(JSON.stringify({ ...valid, serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79', metadata: { ...valid.metadata, timestamp: '2026-01-01T00:00:00Z' } }));
    expect(result.errors).toEqual(['serialNumber present: output is not reproducible', 'metadata.timestamp present: output is not reproducible']);
    expect((await validateSbom(JSON.stringify({ ...valid, specVersion: '1.5' }))).ok).toBe(false);
    expect((await validateSbom('{')).ok).toBe(false);
  });
});
