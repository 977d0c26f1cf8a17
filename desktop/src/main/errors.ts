// SPDX-License-Identifier: MIT
// Typed errors of the desktop wrapper, each with a stable code.

export type DesktopErrorCode =
  | 'DESKTOP_ERR_IPC_SENDER'
  | 'DESKTOP_ERR_IPC_PAYLOAD'
  | 'DESKTOP_ERR_IPC_CHANNEL'
  | 'DESKTOP_ERR_EXTERNAL_URL'
  | 'DESKTOP_ERR_BACKEND_START'
  | 'DESKTOP_ERR_BACKEND_NOT_READY'
  | 'DESKTOP_ERR_PROTOCOL_LINK';

export class DesktopError extends Error {
  static override name = 'DesktopError';
  readonly code: DesktopErrorCode;

  constructor(code: DesktopErrorCode, message: string) {
    super(message);
    this.name = 'DesktopError';
    this.code = code;
  }
}
