// SPDX-License-Identifier: MIT
import { afterEach, describe, expect, it, vi } from 'vitest';
import { desktopBridge } from './desktop.js';

afterEach(() => {
  delete (globalThis as { strand?: unknown }).strand;
});

describe('desktopBridge', () => {
  it('is null in an ordinary browser and for an incomplete object', () => {
    expect(desktopBridge()).toBeNull();
    (globalThis as { strand?: unknown }).strand = { showNotification: vi.fn() };
    expect(desktopBridge()).toBeNull();
  });

  it('returns the wrapper API when the preload exposed it', () => {
    const api = { appVersion: vi.fn(), showNotification: vi.fn(), setupToken: vi.fn() };
    (globalThis as { strand?: unknown }).strand = api;
    expect(desktopBridge()).toBe(api);
  });
});
