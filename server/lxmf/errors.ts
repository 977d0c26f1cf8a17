// SPDX-License-Identifier: MIT
// Typed errors of the LXMF layer. Every error carries a stable `code` (LXMF_ERR_*); messages are
// for humans and may change. Decoders of foreign input throw only LxmfDecodeError.

/** Base class of every error thrown by server/lxmf. */
export class LxmfError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LxmfError';
    this.code = code;
  }
}

/** Bytes from the network, a URI or app_data that cannot be decoded as LXMF. */
export class LxmfDecodeError extends LxmfError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'LxmfDecodeError';
  }
}

/** A caller passed something the API does not accept (wrong length, too large for the method). */
export class LxmfArgumentError extends LxmfError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'LxmfArgumentError';
  }
}

/** Stamp generation failed, was cancelled, or its worker died. */
export class LxmfStampError extends LxmfError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'LxmfStampError';
  }
}
