// SPDX-License-Identifier: MIT
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import AddressCopy from './AddressCopy.vue';

const HASH = 'ab'.repeat(16);
const original = Object.getOwnPropertyDescriptor(navigator, 'clipboard');

function setClipboard(value: unknown): void {
  Object.defineProperty(navigator, 'clipboard', { value, configurable: true });
}

afterEach(() => {
  if (original) Object.defineProperty(navigator, 'clipboard', original);
});

describe('AddressCopy', () => {
  it('shows the address short and copies it as an lxmf:// link, without navigating', async () => {
    const written: string[] = [];
    setClipboard({ writeText: (s: string) => (written.push(s), Promise.resolve()) });
    const wrapper = mount(AddressCopy, { props: { hash: HASH } });
    const button = wrapper.get('[data-testid="address-copy"]');
    expect(button.element.tagName).toBe('BUTTON');
    expect(button.attributes('title')).toBe(`lxmf://${HASH}`);
    expect(wrapper.find('a').exists()).toBe(false);
    await button.trigger('click');
    await flushPromises();
    expect(written).toEqual([`lxmf://${HASH}`]);
    expect(wrapper.get('[role="status"]').text()).toBe('Address copied.');
  });

  it('shows the link to copy by hand when the clipboard is not available (plain http)', async () => {
    setClipboard(undefined);
    const wrapper = mount(AddressCopy, { props: { hash: HASH } });
    await wrapper.get('[data-testid="address-copy"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[role="status"]').text()).toBe(`Copy this address: lxmf://${HASH}`);
  });

  it('reports a refused clipboard write the same way', async () => {
    setClipboard({ writeText: vi.fn(() => Promise.reject(new Error('denied'))) });
    const wrapper = mount(AddressCopy, { props: { hash: HASH } });
    await wrapper.get('[data-testid="address-copy"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[role="status"]').text()).toContain(`lxmf://${HASH}`);
  });
});
