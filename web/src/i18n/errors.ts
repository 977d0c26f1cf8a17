// SPDX-License-Identifier: MIT
// Turns an error from api/ into a sentence for the user. Known server codes get our own wording
// (translated); unknown codes fall back to the server's message, which is English.
import { ApiError, NetworkError } from '../api/errors.js';
import { formatDuration, t } from './index.js';

/** Codes whose message includes a "try again in" time. */
export function isRetryLater(err: unknown): err is ApiError {
  return err instanceof ApiError && (err.code === 'AUTH_RATE_LIMITED' || err.code === 'AUTH_LOCKED');
}

/** The user-facing message; `remainingSeconds` overrides the error's retry time (live countdown). */
export function describeError(err: unknown, remainingSeconds?: number): string {
  if (err instanceof NetworkError) return t('error.network');
  if (err instanceof ApiError) {
    const seconds = remainingSeconds ?? err.retryAfterSeconds ?? 0;
    switch (err.code) {
      case 'AUTH_INVALID':
        return t('auth.invalid');
      case 'AUTH_RATE_LIMITED':
        return t('auth.rateLimited', { time: formatDuration(seconds) });
      case 'AUTH_LOCKED':
        return t('auth.locked', { time: formatDuration(seconds) });
      case 'SETUP_TOKEN_INVALID':
      case 'AUTH_SETUP_TOKEN_INVALID':
        return t('auth.setupTokenInvalid');
      case 'AUTH_PASSWORD_WEAK':
        return t('auth.passwordWeak', { reason: err.message });
      case 'PAPER_DUPLICATE':
        return t('paper.duplicate');
      case 'PAPER_NOT_FOR_US':
        return t('paper.notForUs');
      case 'PAPER_UNREADABLE':
        return t('paper.unreadable');
      default:
        return err.message;
    }
  }
  return t('error.generic', { message: err instanceof Error ? err.message : String(err) });
}
