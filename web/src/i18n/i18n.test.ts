// SPDX-License-Identifier: MIT
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, NetworkError } from '../api/errors.js';
import { describeError } from './errors.js';
import { en } from './en.js';
import { formatDuration, locale, registerLocale, t } from './index.js';

afterEach(() => {
  locale.value = 'en';
});

describe('i18n', () => {
  it('substitutes placeholders as text and leaves unknown ones visible', () => {
    expect(t('theme.toggle', { theme: '<b>dark</b>' })).toBe('Switch to <b>dark</b> theme');
    expect(t('theme.toggle')).toBe('Switch to {theme} theme');
  });

  it('switches catalogues and falls back to English for unknown locales', () => {
    registerLocale('xx', { ...en, 'nav.peers': 'Pairs' });
    locale.value = 'xx';
    expect(t('nav.peers')).toBe('Pairs');
    locale.value = 'zz';
    expect(t('nav.peers')).toBe('Peers');
  });

  it('formats retry durations', () => {
    expect(formatDuration(0)).toBe('0 seconds');
    expect(formatDuration(1)).toBe('1 second');
    expect(formatDuration(90)).toBe('1 minute 30 seconds');
    expect(formatDuration(3600)).toBe('1 hour');
    expect(formatDuration(59.2)).toBe('1 minute');
  });

  it('describes API errors by code, with the retry time', () => {
    expect(describeError(new ApiError(401, 'AUTH_INVALID', 'x'))).toBe('Wrong password.');
    expect(describeError(new ApiError(429, 'AUTH_RATE_LIMITED', 'x', 30))).toBe('Too many attempts. Try again in 30 seconds.');
    expect(describeError(new ApiError(423, 'AUTH_LOCKED', 'x', 900), 61)).toBe(
      'Sign-in is locked after repeated failures. Try again in 1 minute 1 second.',
    );
    expect(describeError(new ApiError(500, 'SOMETHING_NEW', 'Server said so'))).toBe('Server said so');
    expect(describeError(new NetworkError('down'))).toBe(t('error.network'));
  });
});
