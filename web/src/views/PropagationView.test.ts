// SPDX-License-Identifier: MIT
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import App from '../App.vue';
import { createFakeServer, pushEvent } from '../test-support/fake-server.js';
import { mountAt } from '../test-support/mount.js';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('PropagationView', () => {
  it('chooses a node, syncs, follows live progress, and sets auto-sync', async () => {
    const server = createFakeServer({ authenticated: true });
    const { wrapper, sockets } = await mountAt(App, '/propagation', server.fetch);
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="propagation-row"]')).toHaveLength(1));
    const syncButton = () => wrapper.findAll('button').find((b) => b.text() === 'Sync now');
    expect(syncButton()?.attributes('disabled')).toBeDefined();

    await wrapper.get('[data-testid="propagation-row"] input').setValue(true);
    await flushPromises();
    expect(server.state.settings['preferredPropagationNode']).toBe('cc'.repeat(16));
    await syncButton()?.trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="sync-state"]').text()).toBe('Looking for a path…');

    // Live progress arrives over the socket; the store listens on the connection's event bus.
    pushEvent(sockets, 'sync.progress', { state: 'receiving', progress: 0.5, messagesReceived: 3, nodeHash: null });
    await flushPromises();
    expect(wrapper.get('[data-testid="sync-state"]').text()).toBe('Receiving messages…');
    expect(wrapper.get('progress').attributes('value')).toBe('0.5');
    pushEvent(sockets, 'sync.progress', { state: 'complete', progress: 1, messagesReceived: 3, nodeHash: null });
    await flushPromises();
    expect(wrapper.get('[data-testid="sync-state"]').text()).toBe('Complete: 3 messages received');
    expect(wrapper.find('progress').exists()).toBe(false);

    await wrapper.get('#auto-sync').setValue('3600');
    await flushPromises();
    expect(server.state.settings['autoSyncIntervalSeconds']).toBe(3600);
  });
});
