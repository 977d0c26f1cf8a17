// SPDX-License-Identifier: MIT
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import App from '../../App.vue';
import { createFakeServer } from '../../test-support/fake-server.js';
import { mountAt } from '../../test-support/mount.js';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('IdentityBackup on the profile page', () => {
  it('shows the hashes, reveals and copies the base32 only on request, and restores only after confirmation', async () => {
    const server = createFakeServer({ authenticated: true });
    const { wrapper } = await mountAt(App, '/profile', server.fetch);
    await vi.waitFor(() => expect(wrapper.find('[data-testid="identity-hash"]').exists()).toBe(true));
    const box = wrapper.get('[data-testid="identity-backup"]');
    expect(box.get('[data-testid="identity-hash"]').text()).toBe('5e'.repeat(16));
    expect(box.get('[data-testid="delivery-hash"]').text()).toBe('de'.repeat(16));
    expect(box.get('[data-testid="identity-download"]').attributes('href')).toBe('/api/v1/identity/file');
    expect(box.text()).not.toContain('SECRETBASE32KEY');

    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await box.findAll('button').find((b) => b.text() === 'Show base32')?.trigger('click');
    expect(box.get('[data-testid="identity-base32"]').text()).toBe('SECRETBASE32KEY=');
    await box.findAll('button').find((b) => b.text() === 'Copy')?.trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenCalledWith('SECRETBASE32KEY=');

    const form = box.get('[data-testid="identity-restore"]');
    await form.get('textarea').setValue('garbage');
    expect(form.get('button[type="submit"]').attributes('disabled')).toBeDefined();
    await form.trigger('submit');
    await flushPromises();
    expect(server.requests.some((r) => r.path === '/api/v1/identity/import')).toBe(false);

    await form.get('[data-testid="identity-confirm"]').setValue(true);
    await form.trigger('submit');
    await flushPromises();
    expect(box.get('[role="alert"]').text()).toContain('64 bytes');

    await form.get('textarea').setValue('GOODKEY');
    await form.get('[data-testid="identity-confirm"]').setValue(true);
    await form.trigger('submit');
    await flushPromises();
    expect(server.requests.filter((r) => r.path === '/api/v1/identity/import').map((r) => r.body)).toEqual([{ base32: 'garbage' }, { base32: 'GOODKEY' }]);
    expect(box.get('[role="status"]').text()).toBe(`Identity restored (${'77'.repeat(16)}). Restart the node to use it.`);
  });
});
