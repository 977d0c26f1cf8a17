// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import { guardTarget } from './index.js';

const page = (name: string, fullPath = `/${name}`, isPublic = false) => ({ name, fullPath, meta: { public: isPublic } });

describe('guardTarget', () => {
  it('sends everything to setup while the node needs it', () => {
    const st = { setupRequired: true, authenticated: false };
    expect(guardTarget(page('about'), st)).toEqual({ name: 'setup' });
    expect(guardTarget(page('login', '/login', true), st)).toEqual({ name: 'setup' });
    expect(guardTarget(page('setup', '/setup', true), st)).toBeNull();
  });

  it('sends signed-out browsers to login, remembering where they were going', () => {
    const st = { setupRequired: false, authenticated: false };
    expect(guardTarget(page('settings'), st)).toEqual({ name: 'login', query: { redirect: '/settings' } });
    expect(guardTarget(page('setup', '/setup', true), st)).toEqual({ name: 'login' });
    expect(guardTarget(page('login', '/login', true), st)).toBeNull();
  });

  it('keeps signed-in browsers out of setup and login', () => {
    const st = { setupRequired: false, authenticated: true };
    expect(guardTarget(page('login', '/login', true), st)).toBe('/');
    expect(guardTarget(page('setup', '/setup', true), st)).toBe('/');
    expect(guardTarget(page('about'), st)).toBeNull();
  });
});
