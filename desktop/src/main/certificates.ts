// SPDX-License-Identifier: MIT
// Certificate-error policy. Electron's `certificate-error` event lets an app accept a certificate
// Chromium rejected; MeshChatX accepted every one. Strand accepts none, except, when the backend is
// served over TLS with its own self-signed certificate, exactly that certificate on exactly the
// backend origin, identified by its SHA-256 fingerprint as Electron reports it
// (`sha256/<base64>`), pinned when the backend was started.
import { originOf } from './navigation.js';

export interface CertificatePin {
  /** Origin the pin applies to, e.g. `https://127.0.0.1:43123`. */
  origin: string;
  /** Electron's `certificate.fingerprint` of the backend certificate. */
  fingerprint: string;
}

/** Returns true only when the certificate error may be bypassed (the pinned backend certificate). */
export function allowCertificateError(url: string, fingerprint: string, pin: CertificatePin | null): boolean {
  if (pin === null) return false;
  if (originOf(url) !== pin.origin || !pin.origin.startsWith('https:')) return false;
  return fingerprint === pin.fingerprint;
}
