// SPDX-License-Identifier: MIT
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import App from '../App.vue';
import { createFakeServer, pushEvent } from '../test-support/fake-server.js';
import { mountAt } from '../test-support/mount.js';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('InterfacesView', () => {
  it('lists interfaces with status and traffic and follows interface.state events', async () => {
    const server = createFakeServer({ authenticated: true });
    const { wrapper, sockets } = await mountAt(App, '/interfaces', server.fetch);
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="interface-row"]')).toHaveLength(1));
    expect(wrapper.get('[data-testid="interface-status"]').text()).toBe('Online');
    expect(wrapper.get('[data-testid="interface-traffic"]').text()).toBe('Received 2.0 kB · Sent 1.5 MB');
    pushEvent(sockets, 'interface.state', { name: 'Default Interface', enabled: true, online: false });
    await flushPromises();
    expect(wrapper.get('[data-testid="interface-status"]').text()).toBe('Offline');
    await wrapper.findAll('button').find((b) => b.text() === 'Disable')?.trigger('click');
    await flushPromises();
    expect(server.requests.at(-1)).toMatchObject({ method: 'POST', path: '/api/v1/interfaces/Default%20Interface/disable' });
    expect(wrapper.get('[data-testid="interface-status"]').text()).toBe('Disabled');
    await wrapper.findAll('button').find((b) => b.text() === 'Apply changes')?.trigger('click');
    await flushPromises();
    expect(server.requests.at(-1)).toMatchObject({ method: 'POST', path: '/api/v1/interfaces/reload' });
    expect(wrapper.get('[role="alert"]').text()).toBe('Reticulum not running: the saved configuration is used at the next start');
  });

  it('adds pasted blocks, shows a port conflict inline, edits and deletes after confirmation', async () => {
    const server = createFakeServer({ authenticated: true });
    const { wrapper } = await mountAt(App, '/interfaces', server.fetch);
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="interface-row"]')).toHaveLength(1));

    await wrapper.get('#iface-block').setValue('[[Server]]\n  type = TCPServerInterface\n  enabled = yes\n  listen_port = 4242');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="interface-form-error"]').text()).toBe('TCP port 4242 on 0.0.0.0 is in use by another program');
    expect(wrapper.findAll('[data-testid="interface-row"]')).toHaveLength(1);

    await wrapper.get('#iface-block').setValue('not a block');
    await wrapper.get('form').trigger('submit');
    expect(wrapper.get('[data-testid="interface-form-error"]').text()).toContain('line 1: expected "name = value"');

    await wrapper.get('#iface-block').setValue('[[Server]]\n  type = TCPServerInterface\n  enabled = no\n  listen_port = 4965');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(server.requests.at(-1)?.body).toEqual({ name: 'Server', options: { type: 'TCPServerInterface', enabled: 'no', listen_port: '4965' } });
    expect(wrapper.findAll('[data-testid="interface-row"]')).toHaveLength(2);
    expect((wrapper.get('#iface-block').element as HTMLTextAreaElement).value).toBe('');

    const server2 = () => wrapper.findAll('[data-testid="interface-row"]').find((r) => r.text().includes('Server'));
    await server2()?.findAll('button').find((b) => b.text() === 'Edit')?.trigger('click');
    expect((wrapper.get('#iface-block').element as HTMLTextAreaElement).value).toBe('[[Server]]\n  type = TCPServerInterface\n  enabled = no\n  listen_port = 4965');
    await wrapper.get('#iface-block').setValue('[[Server]]\n  type = TCPServerInterface\n  enabled = no\n  listen_port = 4966');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(server.requests.at(-1)).toMatchObject({ method: 'PUT', path: '/api/v1/interfaces/Server', body: { options: { listen_port: '4966' } } });

    const del = () => server2()?.findAll('button').find((b) => /delete/i.test(b.text()));
    await del()?.trigger('click');
    expect(del()?.text()).toBe('Confirm delete');
    expect(server.requests.some((r) => r.method === 'DELETE')).toBe(false);
    await del()?.trigger('click');
    await flushPromises();
    expect(server.requests.at(-1)).toMatchObject({ method: 'DELETE', path: '/api/v1/interfaces/Server' });
    expect(wrapper.findAll('[data-testid="interface-row"]')).toHaveLength(1);
  });
});
