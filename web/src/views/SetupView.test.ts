// SPDX-License-Identifier: MIT
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import App from '../App.vue';
import { createFakeServer } from '../test-support/fake-server.js';
import { mountAt } from '../test-support/mount.js';

afterEach(() => {
  document.body.innerHTML = '';
});

async function fill(wrapper: Awaited<ReturnType<typeof mountAt>>['wrapper'], token: string, pw: string, confirm: string) {
  await wrapper.get('#setup-token').setValue(token);
  await wrapper.get('#setup-password').setValue(pw);
  await wrapper.get('#setup-confirm').setValue(confirm);
  await wrapper.get('form').trigger('submit');
  await flushPromises();
}

describe('SetupView', () => {
  it('is where every route leads while the node needs setup', async () => {
    const server = createFakeServer({ setupRequired: true });
    const { router } = await mountAt(App, '/about', server.fetch);
    expect(router.currentRoute.value.name).toBe('setup');
  });

  it('refuses mismatched passwords without asking the server', async () => {
    const server = createFakeServer({ setupRequired: true });
    const { wrapper } = await mountAt(App, '/setup', server.fetch);
    await fill(wrapper, 'SETUP-TOKEN-1', 'first password', 'second password');
    expect(wrapper.get('[role="alert"]').text()).toBe('The passwords do not match.');
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('explains a wrong token, then sets up with the right one and enters the app', async () => {
    const server = createFakeServer({ setupRequired: true });
    const { wrapper, router } = await mountAt(App, '/setup', server.fetch);
    await fill(wrapper, 'WRONG', 'a good password', 'a good password');
    expect(wrapper.get('[role="alert"]').text()).toContain('setup token is not valid');
    await fill(wrapper, '  SETUP-TOKEN-1 \n', 'a good password', 'a good password');
    expect(server.requests.at(-2)?.body).toEqual({ setupToken: 'SETUP-TOKEN-1', password: 'a good password' });
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('conversations'));
    await vi.waitFor(() => expect(wrapper.find('nav#main-nav').exists()).toBe(true));
  });
});
