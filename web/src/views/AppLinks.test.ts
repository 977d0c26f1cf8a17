// SPDX-License-Identifier: MIT
// LXMF links in the app: pasted into the conversation list, clicked in a message, and handed over
// by the desktop wrapper's protocol handler.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import App from '../App.vue';
import { createFakeServer, PAPER_PEER } from '../test-support/fake-server.js';
import { mountAt } from '../test-support/mount.js';

const ADDRESS = 'cc'.repeat(16);
const PAPER = `lxm://${'Q'.repeat(130)}`;

afterEach(() => {
  document.body.innerHTML = '';
  delete (globalThis as { strand?: unknown }).strand;
});

describe('LXMF links', () => {
  it('imports a pasted paper message and opens its conversation; says why a link is refused', async () => {
    const server = createFakeServer({ authenticated: true });
    const { wrapper, router } = await mountAt(App, '/conversations', server.fetch);
    await vi.waitFor(() => expect(wrapper.find('[data-testid="paper-import"]').exists()).toBe(true));
    await wrapper.get('#paper-uri').setValue('lxm://nope');
    await wrapper.get('[data-testid="paper-import"]').trigger('submit');
    expect(wrapper.get('[data-testid="paper-error"]').text()).toMatch(/not an lxmf:\/\/ address/);

    await wrapper.get('#paper-uri').setValue(`${PAPER}dup`);
    await wrapper.get('[data-testid="paper-import"]').trigger('submit');
    await vi.waitFor(() => expect(wrapper.get('[data-testid="paper-error"]').text()).toBe('This paper message was already imported.'));

    await wrapper.get('#paper-uri').setValue(PAPER);
    await wrapper.get('[data-testid="paper-import"]').trigger('submit');
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe(`/conversations/${PAPER_PEER}`));
    expect(server.requests.filter((r) => r.path === '/api/v1/messages/paper').map((r) => r.body)).toEqual([{ uri: `${PAPER}dup` }, { uri: PAPER }]);

    await router.push('/conversations');
    await vi.waitFor(() => expect(wrapper.find('#paper-uri').exists()).toBe(true));
    await wrapper.get('#paper-uri').setValue(`lxmf://${ADDRESS}`);
    await wrapper.get('[data-testid="paper-import"]').trigger('submit');
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe(`/conversations/${ADDRESS}`));

    // A bare address, as NomadNet shows it, opens the same way.
    const bare = 'dd'.repeat(16);
    await router.push('/conversations');
    await vi.waitFor(() => expect(wrapper.find('#paper-uri').exists()).toBe(true));
    await wrapper.get('#paper-uri').setValue(`<${bare}>`);
    await wrapper.get('[data-testid="paper-import"]').trigger('submit');
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe(`/conversations/${bare}`));
  });

  it('opens an lxmf:// address written in a message inside the app', async () => {
    const server = createFakeServer({
      authenticated: true,
      messages: [{ id: '01'.repeat(16), hash: '11'.repeat(32), peerHash: 'aa'.repeat(16), direction: 'inbound', state: 'received', method: 'direct', title: '', content: `meet lxmf://${ADDRESS} there`, createdAt: 1, progress: 0, attempts: 0, attachments: [] }],
    });
    const { wrapper, router } = await mountAt(App, `/conversations/${'aa'.repeat(16)}`, server.fetch);
    await vi.waitFor(() => expect(wrapper.find('[data-testid="app-link"]').exists()).toBe(true));
    const link = wrapper.get('[data-testid="app-link"]');
    expect(link.text()).toBe(`lxmf://${ADDRESS}`);
    expect(link.attributes('target')).toBeUndefined();
    await link.trigger('click');
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe(`/conversations/${ADDRESS}`));
  });

  it('follows links the desktop wrapper hands over, re-checking them', async () => {
    const box: { deliver: ((link: unknown) => void) | null } = { deliver: null };
    (globalThis as { strand?: unknown }).strand = {
      appVersion: () => Promise.resolve('1.0.0'),
      showNotification: () => Promise.resolve(),
      setupToken: () => Promise.resolve(null),
      onProtocolLink: (l: (link: unknown) => void) => {
        box.deliver = l;
        return () => (box.deliver = null);
      },
    };
    const server = createFakeServer({ authenticated: true });
    const { router } = await mountAt(App, '/peers', server.fetch);
    await vi.waitFor(() => expect(box.deliver).not.toBeNull());
    box.deliver?.({ kind: 'address', destinationHash: 'not hex' });
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/peers');
    box.deliver?.({ kind: 'address', destinationHash: ADDRESS });
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe(`/conversations/${ADDRESS}`));
    box.deliver?.({ kind: 'paper-message', uri: PAPER });
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe(`/conversations/${PAPER_PEER}`));
  });
});
