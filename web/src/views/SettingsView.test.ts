// SPDX-License-Identifier: MIT
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import App from '../App.vue';
import { createFakeServer } from '../test-support/fake-server.js';
import { mountAt } from '../test-support/mount.js';

afterEach(() => {
  document.body.innerHTML = '';
  localStorage.clear();
  document.documentElement.removeAttribute('data-theme');
});

describe('SettingsView', () => {
  it('lists sessions and revokes another one (never offers to revoke this browser)', async () => {
    const server = createFakeServer({ authenticated: true });
    const { wrapper } = await mountAt(App, '/settings', server.fetch);
    const rows = wrapper.findAll('[data-testid="session-row"]');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.text()).toContain('This browser');
    expect(rows[0]?.find('button').exists()).toBe(false);
    await rows[1]?.get('button').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('[data-testid="session-row"]')).toHaveLength(1);
    expect(server.state.sessions.map((s) => s.id)).toEqual(['s1']);
  });

  it('changes the password and reports a wrong current password', async () => {
    const server = createFakeServer({ authenticated: true });
    const { wrapper } = await mountAt(App, '/settings', server.fetch);
    const submit = async (cur: string, next: string) => {
      await wrapper.get('#pw-current').setValue(cur);
      await wrapper.get('#pw-new').setValue(next);
      await wrapper.get('#pw-confirm').setValue(next);
      await wrapper.get('form.pw-form').trigger('submit');
      await flushPromises();
    };
    await submit('not it', 'brand new password');
    expect(wrapper.get('form.pw-form [role="alert"]').text()).toBe('The current password is wrong.');
    await submit(server.state.password, 'brand new password');
    expect(wrapper.get('form.pw-form [role="status"]').text()).toContain('Password changed');
    expect(server.state.password).toBe('brand new password');
  });

  it('applies and remembers an explicit theme, and removes it for "system"', async () => {
    const server = createFakeServer({ authenticated: true });
    const { wrapper } = await mountAt(App, '/settings', server.fetch);
    await wrapper.get('input[value="dark"]').setValue(true);
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark');
    expect(localStorage.getItem('strand.theme')).toBe('dark');
    await wrapper.get('input[value="system"]').setValue(true);
    expect(document.documentElement.hasAttribute('data-theme')).toBe(false);
    expect(localStorage.getItem('strand.theme')).toBeNull();
  });
});

describe('NodeSettingsForm', () => {
  it('saves message settings as they change', async () => {
    const server = createFakeServer({ authenticated: true });
    const { wrapper } = await mountAt(App, '/settings', server.fetch);
    await flushPromises();
    const box = wrapper.findAll('input[type="checkbox"]')[2];
    expect((box?.element as HTMLInputElement).checked).toBe(false);
    await box?.setValue(true);
    await flushPromises();
    expect(server.state.settings['blockAllFromStrangers']).toBe(true);
    await wrapper.get('#size-limit').setValue(String(25 * 1024 * 1024));
    await flushPromises();
    expect(server.state.settings['incomingSizeLimitBytes']).toBe(25 * 1024 * 1024);
    await wrapper.get('#stamp-cost').setValue('16');
    await flushPromises();
    expect(server.state.settings['inboundStampCost']).toBe(16);
  });
});
