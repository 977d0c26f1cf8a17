// SPDX-License-Identifier: MIT
// TLS material: operator-supplied PEM files, or a self-signed certificate generated once and kept
// in <data dir>/tls so browsers that accepted it keep trusting it across restarts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TlsConfig } from '../config/network-config.js';

export interface TlsMaterial {
  cert: string;
  key: string;
  /** Where the certificate came from, for the startup log. */
  source: string;
}

/** Validity of a generated certificate. */
const SELF_SIGNED_DAYS = 825;

export async function loadTls(config: TlsConfig, dataDir: string): Promise<TlsMaterial | null> {
  if (config.mode === 'off') return null;
  if (config.mode === 'files') {
    return { cert: readFileSync(config.certFile, 'utf8'), key: readFileSync(config.keyFile, 'utf8'), source: config.certFile };
  }
  const dir = path.join(dataDir, 'tls');
  const certFile = path.join(dir, 'self-signed-cert.pem');
  const keyFile = path.join(dir, 'self-signed-key.pem');
  if (existsSync(certFile) && existsSync(keyFile)) {
    return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), source: `${certFile} (self-signed, kept)` };
  }
  const notBeforeDate = new Date();
  // Loaded only here: the certificate library (and its ASN.1 stack) is large and most nodes never
  // generate a certificate, so it is kept out of every start.
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: 'strand.local' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + SELF_SIGNED_DAYS * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  writeFileSync(certFile, pems.cert, { mode: 0o644 });
  return { cert: pems.cert, key: pems.private, source: `${certFile} (self-signed, generated, SHA-1 fingerprint ${pems.fingerprint})` };
}
