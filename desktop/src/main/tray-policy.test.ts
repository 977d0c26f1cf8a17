// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import { closeAction, notificationRoute, trayMenuTemplate } from './tray-policy.js';

describe('tray policy', () => {
  it('hides to the tray on close unless quitting or there is no tray', () => {
    expect(closeAction({ quitting: false, trayAvailable: true })).toBe('hide');
    expect(closeAction({ quitting: true, trayAvailable: true })).toBe('close');
    expect(closeAction({ quitting: false, trayAvailable: false })).toBe('close');
  });

  it('builds a menu whose items call the given actions', () => {
    const calls: string[] = [];
    const menu = trayMenuTemplate({ show: () => calls.push('show'), restartBackend: () => calls.push('restart'), quit: () => calls.push('quit') }, 'running');
    expect(menu.map((i) => i.label ?? i.type)).toEqual(['Open Strand', 'Node: running', 'Restart node', 'separator', 'Quit Strand']);
    for (const item of menu) item.click?.();
    expect(calls).toEqual(['show', 'restart', 'quit']);
  });

  it('routes a notification click to the conversation on the app origin', () => {
    const origin = 'http://127.0.0.1:41234';
    expect(notificationRoute(origin, { title: 't', body: 'b', conversation: 'ab'.repeat(16) })).toBe(`${origin}/conversations?peer=${'ab'.repeat(16)}`);
    expect(notificationRoute(origin, { title: 't', body: 'b' })).toBe(`${origin}/`);
  });
});
