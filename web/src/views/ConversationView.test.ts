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
    // The header names the peer (contact or announced name) and keeps the address visible.
    await vi.waitFor(() => expect(wrapper.get('[data-testid="thread-title"]').text()).toMatch(/^Alice aaaa/));

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

  it('attaches files from the picker, paste and drop, lets one be removed, and sends them base64 in the JSON body', async () => {
    const server = createFakeServer({ authenticated: true });
    const { wrapper } = await mountAt(App, `/conversations/${PEER}`, server.fetch);
    await vi.waitFor(() => expect(wrapper.find('#composer').exists()).toBe(true));

    const input = wrapper.get('[data-testid="file-input"]');
    Object.defineProperty(input.element, 'files', { value: [new File(['hi'], 'note.txt', { type: 'text/plain' })], configurable: true });
    await input.trigger('change');
    await wrapper.get('#composer').trigger('paste', { clipboardData: { files: [new File([new Uint8Array([1, 2, 3])], 'pic.png', { type: 'image/png' })] } });
    await wrapper.get('[data-testid="composer-form"]').trigger('drop', { dataTransfer: { files: [new File(['x'], 'dir/evil\\name.ogg', { type: 'audio/ogg' })] } });
    expect(wrapper.findAll('[data-testid="pending"] li').map((l) => l.get('.name').text())).toEqual(['note.txt', 'pic.png', 'direvilname.ogg']);

    await wrapper.get('[aria-label="Remove note.txt"]').trigger('click');
    expect(wrapper.findAll('[data-testid="pending"] li')).toHaveLength(2);
    // Attachments alone are enough to send.
    await wrapper.get('[data-testid="composer-form"]').trigger('submit');
    await vi.waitFor(() => expect(server.requests.at(-1)?.path).toBe('/api/v1/messages'));
    expect(server.requests.at(-1)?.body).toEqual({
      to: PEER,
      content: '',
      method: 'auto',
      attachments: [
        { kind: 'image', name: 'pic.png', mime: 'image/png', data: 'AQID' },
        { kind: 'audio', name: 'direvilname.ogg', mime: 'audio/ogg', data: 'eA==' },
      ],
    });
    await flushPromises();
    expect(wrapper.find('[data-testid="pending"]').exists()).toBe(false);
    const sent = wrapper.findAll('[data-testid="message"]').at(-1);
    expect(sent?.get('img').attributes('src')).toBe(`/api/v1/messages/${String(3).padStart(32, '0')}/attachments/0`);
    expect(sent?.get('audio').attributes('controls')).toBeDefined();
  });

  it('refuses more than 16 files with a message instead of a server error', async () => {
    const server = createFakeServer({ authenticated: true });
    const { wrapper } = await mountAt(App, `/conversations/${PEER}`, server.fetch);
    await vi.waitFor(() => expect(wrapper.find('#composer').exists()).toBe(true));
    const files = Array.from({ length: 17 }, (_, i) => new File(['x'], `f${i}.bin`));
    await wrapper.get('[data-testid="composer-form"]').trigger('drop', { dataTransfer: { files } });
    expect(wrapper.findAll('[data-testid="pending"] li')).toHaveLength(16);
    expect(wrapper.get('[role="alert"]').text()).toBe('At most 16 files per message.');
  });

  it('renders Markdown in bubbles, files as download links with their size, and plain-renderer messages verbatim', async () => {
    const server = createFakeServer({
      authenticated: true,
      messages: [
        { id: '01'.repeat(16), peerHash: PEER, direction: 'inbound', state: 'received', method: 'direct', title: '', content: '**bold** [x](javascript:alert(1)) <img src=x onerror=alert(1)>', createdAt: 1, progress: 0, attempts: 0,
          attachments: [{ index: 0, kind: 'file', name: 'report.pdf', mime: 'application/pdf', size: 2_500_000, sha256: '' }] },
        { id: '02'.repeat(16), peerHash: PEER, direction: 'inbound', state: 'received', method: 'direct', title: '', content: '**as typed**', createdAt: 2, progress: 0, attempts: 0, attachments: [], fields: { '15': 0 } },
      ],
    });
    const { wrapper } = await mountAt(App, `/conversations/${PEER}`, server.fetch);
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="message"]')).toHaveLength(2));
    const [md, plain] = wrapper.findAll('[data-testid="message"]');
    expect(md?.get('strong').text()).toBe('bold');
    expect(md?.find('.text img').exists()).toBe(false);
    expect(md?.find('.text a').exists()).toBe(false);
    const file = md?.get('a.file');
    expect(file?.text()).toBe('report.pdf (2.5 MB)');
    expect(file?.attributes('download')).toBe('report.pdf');
    expect(plain?.find('strong').exists()).toBe(false);
    expect(plain?.get('.text').text()).toBe('**as typed**');
  });
});
