// SPDX-License-Identifier: MIT
// Replies (LXMF fields 48/49) and reactions (field 64) in the conversation view.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import App from '../App.vue';
import { createFakeServer } from '../test-support/fake-server.js';
import { mountAt } from '../test-support/mount.js';

afterEach(() => {
  document.body.innerHTML = '';
});

const PEER = 'aa'.repeat(16);
const H1 = '11'.repeat(32);
const H2 = '22'.repeat(32);
const base = { peerHash: PEER, state: 'received', method: 'direct', title: '', progress: 0, attempts: 0, attachments: [] };

function server() {
  return createFakeServer({
    authenticated: true,
    messages: [
      { ...base, id: '01'.repeat(16), hash: H1, direction: 'inbound', content: 'lunch at noon?', createdAt: 1, fields: {} },
      { ...base, id: '02'.repeat(16), hash: H2, direction: 'inbound', content: 'or later', createdAt: 2, fields: { '48': H1, '49': 'lunch at noon?' } },
      { ...base, id: '03'.repeat(16), hash: '33'.repeat(32), direction: 'inbound', content: '', createdAt: 3, fields: { '64': { to: H1, content: '👍' } } },
      { ...base, id: '04'.repeat(16), hash: '44'.repeat(32), direction: 'inbound', content: '', createdAt: 4, fields: { '64': { to: H1, content: '👍' } } },
      { ...base, id: '05'.repeat(16), hash: '55'.repeat(32), direction: 'inbound', content: '', createdAt: 5, fields: { '64': { to: 'not-a-hash', content: '😂' } } },
    ],
  });
}

describe('replies and reactions', () => {
  it('shows a reply quote that scrolls to its target, and reactions aggregated under their target', async () => {
    const s = server();
    const { wrapper } = await mountAt(App, `/conversations/${PEER}`, s.fetch);
    // Reaction messages are not bubbles; the malformed one (bad target) shows as an ordinary empty message.
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="message"]')).toHaveLength(3));
    const [first, second] = wrapper.findAll('[data-testid="message"]');
    expect(first?.get('[data-testid="reactions"]').text()).toBe('👍 2');
    expect(second?.find('[data-testid="reactions"]').exists()).toBe(false);
    const target = document.getElementById(`msg-${H1}`) as HTMLElement;
    const scroll = vi.fn();
    target.scrollIntoView = scroll;
    await second?.get('[data-testid="reply-quote"]').trigger('click');
    expect(second?.get('[data-testid="reply-quote"]').text()).toBe('lunch at noon?');
    expect(scroll).toHaveBeenCalledOnce();
  });

  it('replies with fields 48/49 and reacts with field 64 from the picker', async () => {
    const s = server();
    const { wrapper } = await mountAt(App, `/conversations/${PEER}`, s.fetch);
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="message"]')).toHaveLength(3));
    await wrapper.findAll('[data-testid="reply"]')[0]?.trigger('click');
    expect(wrapper.get('[data-testid="replying"]').text()).toContain('lunch at noon?');
    await wrapper.get('#composer').setValue('yes!');
    await wrapper.get('[data-testid="composer-form"]').trigger('submit');
    await flushPromises();
    expect(s.requests.at(-1)?.body).toEqual({ to: PEER, content: 'yes!', method: 'auto', fields: { '48': H1, '49': 'lunch at noon?' } });
    expect(wrapper.find('[data-testid="replying"]').exists()).toBe(false);

    const second = wrapper.findAll('[data-testid="message"]')[1];
    await second?.get('[data-testid="react"]').trigger('click');
    await second?.get('[aria-label="React with ❤️"]').trigger('click');
    await flushPromises();
    expect(s.requests.at(-1)?.body).toEqual({ to: PEER, content: '', method: 'auto', fields: { '64': { to: H2, content: '❤️' } } });
    expect(wrapper.findAll('[data-testid="message"]')[1]?.get('[data-testid="reactions"]').text()).toBe('❤️ 1');
    expect(wrapper.find('[data-testid="reaction-picker"]').exists()).toBe(false);
  });
});
