// SPDX-License-Identifier: MIT
// Typed errors of the Reticulum layer. Every error carries a stable `code` (RNS_ERR_*) that callers,
// logs and counters can rely on; messages are for humans and may change.

/** Base class of every error thrown by server/reticulum. */
export class RnsError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RnsError';
    this.code = code;
  }
}

/** Input bytes that cannot be decoded: truncated, oversized, or structurally invalid. */
export class RnsDecodeError extends RnsError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'RnsDecodeError';
  }
}

/** A cryptographic check failed: bad signature, bad HMAC, wrong key. */
export class RnsCryptoError extends RnsError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'RnsCryptoError';
  }
}

/** A caller passed an argument the API does not accept (wrong length, out of range). */
export class RnsArgumentError extends RnsError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'RnsArgumentError';
  }
}
