// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import { appLinkFromDesktop, appLinkText, openAppLink, parseAppLink, parseTypedLink, setAppLinkHandler } from './links.js';
import type { AppLink } from './links.js';

const HASH = '0123456789abcdef0123456789abcdef';
const PAPER = `lxm://${'A'.repeat(120)}_-`;

describe('parseAppLink', () => {
  it('reads addresses in the forms other clients write them', () => {
    for (const raw of [`lxmf://${HASH}`, `LXMF://${HASH.toUpperCase()}`, `lxmf:${HASH}`, `lxmf://${HASH}/`, ` lxmf://${HASH} `]) {
      expect(parseAppLink(raw), raw).toEqual({ kind: 'address', destinationHash: HASH });
    }
  });

  it('reads paper messages, dropping the slashes QR readers add', () => {
    expect(parseAppLink(PAPER)).toEqual({ kind: 'paper-message', uri: PAPER });
    expect(parseAppLink(`${PAPER}/`)).toEqual({ kind: 'paper-message', uri: PAPER });
  });

  it('refuses everything else', () => {
    for (const raw of [`lxmf://${HASH}00`, 'lxmf://xyz', `lxmf://${HASH}?x=1`, 'lxm://short', `lxm://${'A'.repeat(120)}=`, `lxm://${'A'.repeat(3000)}`, `https://${HASH}`, `javascript:lxmf://${HASH}`, '']) {
      expect(parseAppLink(raw), raw).toBeNull();
    }
  });

  it('leaves a bare hash in message text alone', () => {
    expect(parseAppLink(HASH)).toBeNull();
  });

  it('writes links back in canonical form', () => {
    expect(appLinkText({ kind: 'address', destinationHash: HASH })).toBe(`lxmf://${HASH}`);
    expect(appLinkText({ kind: 'paper-message', uri: PAPER })).toBe(PAPER);
  });
});

describe('appLinkFromDesktop', () => {
  it('accepts the wrapper\'s two link shapes and nothing else', () => {
    expect(appLinkFromDesktop({ kind: 'address', destinationHash: HASH })).toEqual({ kind: 'address', destinationHash: HASH });
    expect(appLinkFromDesktop({ kind: 'paper-message', uri: PAPER })).toEqual({ kind: 'paper-message', uri: PAPER });
    for (const raw of [null, 'lxmf://x', { kind: 'address', destinationHash: 'zz' }, { kind: 'paper-message', uri: 'https://x' }, { kind: 'other' }]) {
      expect(appLinkFromDesktop(raw)).toBeNull();
    }
  });
});

describe('openAppLink', () => {
  it('hands links to the registered handler only', () => {
    const seen: AppLink[] = [];
    setAppLinkHandler(null);
    expect(openAppLink({ kind: 'address', destinationHash: HASH })).toBe(false);
    setAppLinkHandler((l) => seen.push(l));
    expect(openAppLink({ kind: 'address', destinationHash: HASH })).toBe(true);
    setAppLinkHandler(null);
    expect(seen).toEqual([{ kind: 'address', destinationHash: HASH }]);
  });
});

describe('parseTypedLink', () => {
  it('also reads a bare address as NomadNet and Sideband display it', () => {
    for (const raw of [HASH, ` ${HASH.toUpperCase()} `, `<${HASH}>`, `lxmf://${HASH}`]) {
      expect(parseTypedLink(raw), raw).toEqual({ kind: 'address', destinationHash: HASH });
    }
    expect(parseTypedLink(PAPER)).toEqual({ kind: 'paper-message', uri: PAPER });
  });

  it('refuses near-misses', () => {
    for (const raw of [`${HASH}0`, HASH.slice(1), `g${HASH.slice(1)}`, `lxmf ${HASH}`, '']) {
      expect(parseTypedLink(raw), raw).toBeNull();
    }
  });
});
