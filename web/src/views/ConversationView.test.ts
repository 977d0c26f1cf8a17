// SPDX-License-Identifier: MIT
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import App from '../App.vue';
import { createFakeServer, pushEvent } from '../test-support/fake-server.js';
import { mountAt } from '../test-support/mount.js';

afterEach(() => {
  document.body.innerHTML = '';
});

const PEER = 'aa'.repeat(16);

describe('ConversationView', () => {
  it('shows messages as text (never HTML), retries a failed one, sends with Enter, and follows live state', async () => {
    const server = createFakeServer({ authenticated: true });
    const { wrapper, sockets } = await mountAt(App, `/conversations/${PEER}`, server.fetch);
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="message"]')).toHaveLength(2));
    const [first, second] = wrapper.findAll('[data-testid="message"]');
    expect(first?.get('.text').text()).toBe('hello <b>there</b>');
    expect(first?.find('b').exists()).toBe(false);
    expect(server.requests.some((r) => r.method === 'POST' && r.path === `/api/v1/conversations/${PEER}/read`)).toBe(true);

    expect(second?.get('[data-testid="message-state"]').text()).toBe('Failed');
    await second?.findAll('button').find((b) => b.text() === 'Retry')?.trigger('click');
    await flushPromises();
    expect(wrapper.findAll('[data-testid="message-state"]')[0]?.text()).toBe('Queued');

    await wrapper.get('#method').setValue('propagated');
    await wrapper.get('#composer').setValue('over the mesh');
    await wrapper.get('#composer').trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(server.requests.at(-1)?.body).toEqual({ to: PEER, content: 'over the mesh', method: 'propagated' });
    expect(wrapper.findAll('[data-testid="message"]')).toHaveLength(3);
    expect((wrapper.get('#composer').element as HTMLTextAreaElement).value).toBe('');

    const sentId = String(3).padStart(32, '0');
    pushEvent(sockets, 'message.progress', { id: sentId, peerHash: PEER, progress: 0.25 });
    await flushPromises();
    expect(wrapper.findAll('[data-testid="message"]')[2]?.get('progress').attributes('value')).toBe('0.25');
    pushEvent(sockets, 'message.state', { id: sentId, peerHash: PEER, state: 'delivered' });
    await flushPromises();
    expect(wrapper.findAll('[data-testid="message-state"]')[1]?.text()).toBe('Delivered');
    pushEvent(sockets, 'message.new', { message: { id: 'ff'.repeat(16), peerHash: PEER, direction: 'inbound', state: 'received', method: 'direct', content: 'got it', createdAt: 1 } });
    await flushPromises();
    expect(wrapper.text()).toContain('got it');
  });

  it('keeps a draft per conversation while moving around the app', async () => {
    const server = createFakeServer({ authenticated: true });
    const { wrapper, router } = await mountAt(App, `/conversations/${PEER}`, server.fetch);
    await vi.waitFor(() => expect(wrapper.find('#composer').exists()).toBe(true));
    await wrapper.get('#composer').setValue('half a thought');
    await router.push('/about');
    await vi.waitFor(() => expect(wrapper.find('#composer').exists()).toBe(false));
    await router.push(`/conversations/${PEER}`);
    await vi.waitFor(() => expect(wrapper.find('#composer').exists()).toBe(true));
    expect((wrapper.get('#composer').element as HTMLTextAreaElement).value).toBe('half a thought');
  });
});
