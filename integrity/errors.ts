// SPDX-License-Identifier: MIT
// Typed integrity errors. Codes are stable strings: callers (the server, the desktop wrapper, CI)
// branch on them, and they appear in logs and in `/api/v1/status`.

/** Every stable error code this library throws. */
export type IntegrityErrorCode =
  | 'INTEGRITY_ERR_MANIFEST_MISSING'
  | 'INTEGRITY_ERR_MANIFEST_INVALID'
  | 'INTEGRITY_ERR_SYMLINK_ESCAPE'
  | 'INTEGRITY_ERR_UNSUPPORTED_FILE'
  | 'INTEGRITY_ERR_STATE_INVALID'
  | 'INTEGRITY_ERR_INPUT';

/** Base class of the errors thrown by `integrity/`. */
export class IntegrityError extends Error {
  static override readonly name = 'IntegrityError';
  readonly code: IntegrityErrorCode;

  constructor(code: IntegrityErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IntegrityError';
    this.code = code;
  }
}
