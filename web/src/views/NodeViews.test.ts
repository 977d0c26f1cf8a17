// SPDX-License-Identifier: MIT
// Profile, Peers, Contacts, Conversations and Logs against the fake API.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import App from '../App.vue';
import { createFakeServer } from '../test-support/fake-server.js';
import { mountAt } from '../test-support/mount.js';

afterEach(() => {
  document.body.innerHTML = '';
});

const HASH_B = 'bb'.repeat(16);

describe('node screens', () => {
  it('Profile saves the display name and interval, and announces', async () => {
    const server = createFakeServer({ authenticated: true });
    const { wrapper } = await mountAt(App, '/profile', server.fetch);
    await vi.waitFor(() => expect(wrapper.find('#profile-name').exists()).toBe(true));
    expect((wrapper.get('#profile-name').element as HTMLInputElement).value).toBe('Anonymous Peer');
    await wrapper.get('#profile-name').setValue('  Carol ');
    await wrapper.get('#profile-interval').setValue('30');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(server.state.profile).toMatchObject({ displayName: 'Carol', autoAnnounceIntervalS: 1800 });
    await wrapper.findAll('button').find((b) => b.text() === 'Announce now')?.trigger('click');
    await flushPromises();
    expect(wrapper.get('[role="status"]').text()).toBe('Announced.');
    expect(wrapper.text()).toContain('Last announced');
  });

  it('Peers lists announces, searches, and adds a contact', async () => {
    const server = createFakeServer({ authenticated: true });
    const { wrapper } = await mountAt(App, '/peers', server.fetch);
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="peer-row"]')).toHaveLength(2));
    const bob = wrapper.findAll('[data-testid="peer-row"]').find((r) => r.text().includes('Bob'));
    expect(wrapper.findAll('[data-testid="peer-row"]').find((r) => r.text().includes('Alice'))?.text()).toContain('Contact');
    // The address is a copy button for its lxmf:// link, never a link the browser would follow.
    expect(bob?.get('[data-testid="address-copy"]').attributes('title')).toBe(`lxmf://${HASH_B}`);
    await bob?.findAll('button').find((b) => b.text() === 'Add contact')?.trigger('click');
    await flushPromises();
    expect(server.state.contacts.find((c) => c.hash === HASH_B)).toMatchObject({ name: 'Bob', blocked: false });

    await wrapper.get('#peer-search').setValue('ali');
    await wrapper.get('form[role="search"]').trigger('submit');
    await flushPromises();
    expect(wrapper.findAll('[data-testid="peer-row"]').map((r) => r.find('strong').text())).toEqual(['Alice']);
  });

  it('Contacts blocks, unblocks and removes', async () => {
    const server = createFakeServer({ authenticated: true });
    const { wrapper } = await mountAt(App, '/contacts', server.fetch);
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="contact-row"]')).toHaveLength(1));
    expect(wrapper.get('[data-testid="contact-row"] [data-testid="address-copy"]').attributes('title')).toMatch(/^lxmf:\/\/[0-9a-f]{32}$/);
    await wrapper.get('[data-testid="contact-row"] button.btn').trigger('click');
    await flushPromises();
    expect(server.state.contacts[0]?.blocked).toBe(true);
    expect(wrapper.findAll('[data-testid="contact-row"]')).toHaveLength(0);
    await wrapper.findAll('button').find((b) => b.text() === 'Unblock')?.trigger('click');
    await flushPromises();
    await wrapper.get('[data-testid="contact-row"] button.btn-danger').trigger('click');
    await flushPromises();
    expect(server.state.contacts).toHaveLength(0);
  });

  it('Conversations shows the last message and the unread badge', async () => {
    const server = createFakeServer({ authenticated: true });
    const { wrapper } = await mountAt(App, '/conversations', server.fetch);
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="conversation-row"]')).toHaveLength(1));
    const row = wrapper.get('[data-testid="conversation-row"]');
    expect(row.text()).toContain('Alice');
    expect(row.text()).toContain('see you at the relay');
    expect(row.get('.badge').attributes('aria-label')).toBe('2 unread');
  });

  it('Logs pages the debug log, filters by level, and shows the access log', async () => {
    const server = createFakeServer({ authenticated: true });
    const { wrapper } = await mountAt(App, '/logs', server.fetch);
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="debug-row"]')).toHaveLength(100));
    await wrapper.findAll('button').find((b) => b.text() === 'Load older')?.trigger('click');
    await flushPromises();
    expect(wrapper.findAll('[data-testid="debug-row"]')).toHaveLength(150);
    expect(wrapper.findAll('button').some((b) => b.text() === 'Load older')).toBe(false);

    await wrapper.get('select').setValue('warn');
    await wrapper.get('form.filters').trigger('submit');
    await flushPromises();
    expect(wrapper.findAll('[data-testid="debug-row"]')).toHaveLength(15);

    await wrapper.findAll('[role="tab"]')[1]?.trigger('click');
    await flushPromises();
    const rows = wrapper.findAll('[data-testid="access-row"]');
    expect(rows.map((r) => r.text())).toEqual([expect.stringContaining('login · failed'), expect.stringContaining('GET /api/v1/status → 200')]);
  });
});
