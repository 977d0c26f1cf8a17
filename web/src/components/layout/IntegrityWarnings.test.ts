// SPDX-License-Identifier: MIT
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import App from '../../App.vue';
import type { FetchLike } from '../../api/http.js';
import type { DataAtRest } from '../../api/index.js';
import { createFakeServer } from '../../test-support/fake-server.js';
import { mountAt } from '../../test-support/mount.js';

afterEach(() => {
  document.body.innerHTML = '';
});

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** The fake server plus the two integrity endpoints, answering like server/http/routes/integrity.routes.ts. */
function withIntegrity(initial: DataAtRest) {
  const server = createFakeServer({ authenticated: true });
  const state = { dataAtRest: initial, acknowledgements: 0 };
  const fetch: FetchLike = async (input, init) => {
    const route = `${init.method ?? 'GET'} ${input}`;
    if (route === 'GET /api/v1/integrity') return json(200, { backend: null, dataAtRest: state.dataAtRest });
    if (route === 'POST /api/v1/integrity/acknowledge') {
      if ((init.headers as Record<string, string>)['X-Strand-CSRF'] !== '1') return json(403, { error: { code: 'CSRF_MISSING', message: 'csrf' } });
      state.acknowledgements++;
      state.dataAtRest = { ...state.dataAtRest, acknowledged: true, acknowledgedAt: 5 };
      return json(200, { backend: null, dataAtRest: state.dataAtRest });
    }
    return server.fetch(input, init);
  };
  return { state, fetch };
}

const changed: DataAtRest = {
  status: 'changed',
  warnings: [
    { code: 'DAR_IDENTITY_REPLACED', subject: 'identities/delivery', message: 'identity file was replaced while Strand was stopped', expected: 'aa', actual: 'bb' },
    { code: 'DAR_CONFIG_CHANGED', subject: 'reticulum/config', message: 'configuration was edited while Strand was stopped' },
  ],
  acknowledged: false,
  acknowledgedAt: null,
  recordedAt: '2026-11-22T06:00:00.000Z',
};

describe('IntegrityWarnings', () => {
  it('lists unacknowledged data-at-rest warnings and hides them after "I understand"', async () => {
    const s = withIntegrity(changed);
    const { wrapper } = await mountAt(App, '/about', s.fetch);
    const banner = wrapper.get('[data-testid="integrity-banner"]');
    expect(banner.findAll('[data-testid="integrity-warning"]').map((li) => li.text())).toEqual([
      'DAR_IDENTITY_REPLACED identities/delivery: identity file was replaced while Strand was stopped',
      'DAR_CONFIG_CHANGED reticulum/config: configuration was edited while Strand was stopped',
    ]);
    expect(wrapper.get('[data-testid="about-data-at-rest"]').text()).toContain('Not acknowledged yet');

    await wrapper.get('[data-testid="integrity-acknowledge"]').trigger('click');
    await flushPromises();
    expect(s.state.acknowledgements).toBe(1);
    expect(wrapper.find('[data-testid="integrity-banner"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="about-data-at-rest"]').text()).toContain('Acknowledged by the owner');
  });

  it('shows no banner when nothing changed, and the state on the About page', async () => {
    const s = withIntegrity({ status: 'clean', warnings: [], acknowledged: true, acknowledgedAt: null, recordedAt: '2026-11-22T06:00:00.000Z' });
    const { wrapper } = await mountAt(App, '/about', s.fetch);
    expect(wrapper.find('[data-testid="integrity-banner"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="about-data-at-rest"]').text()).toBe('Unchanged since the last clean shutdown (identities, configuration, database).');
  });
});
