// SPDX-License-Identifier: MIT
// The About screen's supply-chain card: what the backend ships (SBOM, SLSA provenance) or why not.
import { afterEach, describe, expect, it, vi } from 'vitest';
import App from '../App.vue';
import { createFakeServer } from '../test-support/fake-server.js';
import { mountAt } from '../test-support/mount.js';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('About: supply chain', () => {
  it('says a development build ships no SBOM or provenance', async () => {
    const { wrapper } = await mountAt(App, '/about', createFakeServer({ authenticated: true }).fetch);
    await vi.waitFor(() => expect(wrapper.find('[data-testid="about-sbom"]').exists()).toBe(true));
    expect(wrapper.get('[data-testid="about-sbom"]').text()).toMatch(/^Not present/);
    expect(wrapper.get('[data-testid="about-provenance"]').text()).toMatch(/^Not present/);
  });

  it('summarises a shipped SBOM and provenance, and names an unreadable file with its reason', async () => {
    const server = createFakeServer({
      authenticated: true,
      supplyChain: {
        sbom: { status: 'present', summary: { file: 'sbom.cyclonedx.json', sha256: 'ab'.repeat(32), specVersion: '1.6', serialNumber: 'urn:uuid:1', componentCount: 412, subject: { name: 'strand', version: '0.1.0' } } },
        provenance: { status: 'unreadable', file: 'strand.intoto.jsonl', reason: 'no DSSE envelope with a payload' },
      },
    });
    const { wrapper } = await mountAt(App, '/about', server.fetch);
    await vi.waitFor(() => expect(wrapper.find('dl[data-testid="about-sbom"]').exists()).toBe(true));
    const sbom = wrapper.get('[data-testid="about-sbom"]').text();
    expect(sbom).toContain('CycloneDX 1.6');
    expect(sbom).toContain('strand 0.1.0');
    expect(sbom).toContain('412');
    expect(wrapper.get('[data-testid="about-provenance"]').text()).toBe('strand.intoto.jsonl is unreadable: no DSSE envelope with a payload');
  });
});
