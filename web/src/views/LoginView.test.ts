// SPDX-License-Identifier: MIT
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import App from '../App.vue';
import { createFakeServer } from '../test-support/fake-server.js';
import { mountAt } from '../test-support/mount.js';

afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('LoginView', () => {
  it('says "wrong password" on a failed login and signs in with the right one', async () => {
    const server = createFakeServer();
    const { wrapper, router } = await mountAt(App, '/settings', server.fetch);
    expect(router.currentRoute.value.name).toBe('login');
    await wrapper.get('#login-password').setValue('wrong');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="login-message"]').text()).toBe('Wrong password.');
    expect(wrapper.get('#login-password').attributes('aria-invalid')).toBe('true');

    await wrapper.get('#login-password').setValue(server.state.password);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    // Back to where the browser was going before it was sent to the login page.
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/settings'));
  });

  it('shows a lockout with a live countdown and blocks the button until it ends', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const server = createFakeServer({ loginFailure: { status: 423, code: 'AUTH_LOCKED', retryAfterSeconds: 65 } });
    const { wrapper } = await mountAt(App, '/login', server.fetch);
    await wrapper.get('#login-password').setValue('anything');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    const msg = () => wrapper.get('[data-testid="login-message"]').text();
    expect(msg()).toBe('Sign-in is locked after repeated failures. Try again in 1 minute 5 seconds.');
    expect(wrapper.get('button[type="submit"]').attributes('disabled')).toBeDefined();

    vi.advanceTimersByTime(6_000);
    await flushPromises();
    expect(msg()).toBe('Sign-in is locked after repeated failures. Try again in 59 seconds.');
    vi.advanceTimersByTime(60_000);
    await flushPromises();
    expect(msg()).toBe('You can try again now.');
    expect(wrapper.get('button[type="submit"]').attributes('disabled')).toBeUndefined();
  });

  it('shows the rate-limit message with its retry time', async () => {
    const server = createFakeServer({ loginFailure: { status: 429, code: 'AUTH_RATE_LIMITED', retryAfterSeconds: 30 } });
    const { wrapper } = await mountAt(App, '/login', server.fetch);
    await wrapper.get('#login-password').setValue('x');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="login-message"]').text()).toBe('Too many attempts. Try again in 30 seconds.');
  });
});
