// SPDX-License-Identifier: MIT
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import App from '../../App.vue';
import { SECTIONS } from '../../router/index.js';
import { useConnectionStore } from '../../stores/connection.js';
import { createFakeServer } from '../../test-support/fake-server.js';
import { mountAt } from '../../test-support/mount.js';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('AppShell', () => {
  it('links every section and marks the current one', async () => {
    const server = createFakeServer({ authenticated: true });
    const { wrapper } = await mountAt(App, '/about', server.fetch);
    const links = wrapper.findAll('nav#main-nav a');
    expect(links.map((a) => a.attributes('href'))).toEqual(SECTIONS.map((s) => `/${s.name}`));
    expect(wrapper.get('[data-testid="nav-about"]').attributes('aria-current')).toBe('page');
    expect(wrapper.get('[data-testid="about-version"]').text()).toBe('strand 0.1.0');
    expect(wrapper.get('[data-testid="about-integrity"]').text()).toContain('Verified');
  });

  it('shows the offline banner only while the live connection is down', async () => {
    const server = createFakeServer({ authenticated: true });
    const { wrapper, pinia, app } = await mountAt(App, '/about', server.fetch);
    const conn = app.runWithContext(() => useConnectionStore(pinia));
    conn.state = 'offline';
    await flushPromises();
    expect(wrapper.get('[data-testid="offline-banner"]').text()).toContain('Offline');
    conn.state = 'open';
    await flushPromises();
    expect(wrapper.find('[data-testid="offline-banner"]').exists()).toBe(false);
  });

  it('signs out and lands on the login page', async () => {
    const server = createFakeServer({ authenticated: true });
    const { wrapper, router } = await mountAt(App, '/about', server.fetch);
    await wrapper.get('[data-testid="logout"]').trigger('click');
    await flushPromises();
    expect(server.state.authenticated).toBe(false);
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'));
  });
});

describe('live connection', () => {
  it('shows Live when the socket opens and the banner when it drops', async () => {
    const server = createFakeServer({ authenticated: true });
    const { wrapper, sockets } = await mountAt(App, '/about', server.fetch);
    expect(sockets).toHaveLength(1);
    sockets[0]?.onopen?.(new Event('open'));
    await flushPromises();
    expect(wrapper.get('[data-testid="connection-state"]').text()).toBe('Live');
    sockets[0]?.onclose?.({ code: 1006 } as CloseEvent);
    await flushPromises();
    expect(wrapper.find('[data-testid="offline-banner"]').exists()).toBe(true);
  });

  it('goes to the login page when the server ends the session over the socket', async () => {
    const server = createFakeServer({ authenticated: true });
    const { router, sockets } = await mountAt(App, '/about', server.fetch);
    sockets[0]?.onopen?.(new Event('open'));
    server.state.authenticated = false;
    sockets[0]?.onclose?.({ code: 4001 } as CloseEvent);
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/login?redirect=/about'));
  });

  it('goes to the login page when an API call answers 401', async () => {
    const server = createFakeServer({ authenticated: true });
    const { router } = await mountAt(App, '/about', server.fetch);
    server.state.authenticated = false;
    server.state.requireAuth = true;
    await router.push('/conversations');
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/login?redirect=/conversations'));
  });
});
