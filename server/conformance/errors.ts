// SPDX-License-Identifier: MIT
// Errors raised by the bridge itself (as opposed to the library it drives).

/** A request the bridge refuses before or after calling the library; `code` is stable. */
export class BridgeError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BridgeError';
    this.code = code;
  }
}
