// SPDX-License-Identifier: MIT
// A stand-in `cosign` for running the release workflow's shell steps here, where GitHub's runners
// and the real binary are absent. It is not a mock of the outcome: `sign-blob` makes a real ECDSA
// P-256 signature with the key from the environment (as `--key env://VAR` does) and `verify-blob`
// really checks it against the given public key, so tampering with a file after signing fails the
// workflow's verification step exactly as it would in CI. Every call is logged for assertions.
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const FAKE_COSIGN = `#!/usr/bin/env node
// Test stand-in for cosign: sign-blob / verify-blob only (see fake-cosign.ts).
const { appendFileSync, readFileSync, writeFileSync } = require('node:fs');
const { createHash, createPrivateKey, createPublicKey, sign, verify } = require('node:crypto');
const argv = process.argv.slice(2);
appendFileSync(process.env.FAKE_COSIGN_LOG, JSON.stringify(argv) + '\\n');
const [cmd, ...rest] = argv;
const flags = {}; const positionals = [];
for (let i = 0; i < rest.length; i++) {
  const a = rest[i];
  if (!a.startsWith('--')) { positionals.push(a); continue; }
  const eq = a.indexOf('=');
  if (eq > 0) flags[a.slice(2, eq)] = a.slice(eq + 1);
  else if (['key', 'bundle'].includes(a.slice(2))) flags[a.slice(2)] = rest[++i];
  else flags[a.slice(2)] = true;
}
const file = positionals[positionals.length - 1];
const data = readFileSync(file);
const digest = createHash('sha256').update(data).digest('base64');
if (cmd === 'sign-blob') {
  const ref = String(flags.key);
  if (!ref.startsWith('env://')) { console.error('fake cosign: only env:// keys'); process.exit(2); }
  const pem = process.env[ref.slice(6)];
  if (!pem) { console.error('fake cosign: key variable empty'); process.exit(1); }
  const key = createPrivateKey({ key: pem, passphrase: process.env.COSIGN_PASSWORD });
  const signature = sign('sha256', data, key).toString('base64');
  // The shape cosign writes for --key --new-bundle-format without a transparency log.
  const hint = createHash('sha256').update(createPublicKey(key).export({ type: 'spki', format: 'der' })).digest('base64');
  writeFileSync(String(flags.bundle), JSON.stringify({ mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: { publicKey: { hint } },
    messageSignature: { messageDigest: { algorithm: 'SHA2_256', digest }, signature } }));
} else if (cmd === 'verify-blob') {
  const bundle = JSON.parse(readFileSync(String(flags.bundle), 'utf8'));
  const key = createPublicKey(readFileSync(String(flags.key)));
  const ok = bundle.messageSignature.messageDigest.digest === digest
    && verify('sha256', data, key, Buffer.from(bundle.messageSignature.signature, 'base64'));
  if (!ok) { console.error('Error: invalid signature when validating ' + file); process.exit(1); }
  console.error('Verified OK');
} else { console.error('fake cosign: unsupported command ' + cmd); process.exit(2); }
`;

/** A signing key pair like the repository's, with its secrets as the workflow receives them. */
export interface TestSigningKey {
  /** Encrypted PKCS#8 PEM: the value of secrets.COSIGN_PRIVATE_KEY. */
  privateKeyPem: string;
  /** secrets.COSIGN_PASSWORD. */
  password: string;
  /** SPKI PEM: what cosign.pub holds. */
  publicKeyPem: string;
}

/** Generates a fresh ECDSA P-256 key pair (the algorithm of `cosign generate-key-pair`). */
export function makeTestSigningKey(): TestSigningKey {
  const password = 'test-only-password';
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: password },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKeyPem: privateKey, password, publicKeyPem: publicKey };
}

/** Writes the stand-in as `<dir>/bin/cosign`; returns the bin dir (prepend to PATH) and the call log. */
export function installFakeCosign(dir: string): { binDir: string; logFile: string } {
  const binDir = path.join(dir, 'bin');
  mkdirSync(binDir, { recursive: true });
  const bin = path.join(binDir, 'cosign');
  // CommonJS body: an extensionless file outside any package.json scope (a temp dir) is CommonJS.
  writeFileSync(bin, FAKE_COSIGN);
  chmodSync(bin, 0o755);
  const logFile = path.join(dir, 'cosign-calls.jsonl');
  writeFileSync(logFile, '');
  return { binDir, logFile };
}
