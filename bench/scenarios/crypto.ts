// SPDX-License-Identifier: MIT
// Crypto hot paths: Ed25519 sign/verify, Token encrypt/decrypt (64-byte payload), encrypt to an
// identity, and validating an announce (public key import + signature + hash check, the
// per-announce cost a node pays), for one repeating sender and for more senders than the key cache holds. With RNS_REFERENCE_PATH set, the same workloads are timed in
// the Python reference (PyCA/OpenSSL backend) for the `reference` column.
import type { Measurement, Scenario } from '../harness.js';
import { runChild } from '../reference/exec.js';
import { opsPerSecond } from '../harness.js';
import { Token } from '../../server/reticulum/crypto/index.js';
import { Identity } from '../../server/reticulum/identity/index.js';
import { Destination, DestinationType, Direction, validateAnnounce } from '../../server/reticulum/destination/index.js';

const NAMES = [
  'ed25519 sign',
  'ed25519 verify',
  'token encrypt (64 B)',
  'token decrypt (64 B)',
  'encrypt to identity (64 B)',
  'announce validate (same sender)',
  'announce validate (1000 senders)',
] as const;
const SENDERS = 1000;

// Mirrors the TypeScript workloads one for one; prints {name: ops/s} as JSON.
const PYTHON_BENCH = `
import json, os, time, types
import RNS
from RNS.Cryptography import Token
# False: register_destination must not spawn its shared-instance announce threads.
RNS.Transport.owner = types.SimpleNamespace(is_connected_to_shared_instance=False)
def ops(fn, min_s=0.5):
    for _ in range(50): fn()
    n = 0; t0 = time.perf_counter()
    while time.perf_counter() - t0 < min_s:
        for _ in range(100): fn()
        n += 100
    return n / (time.perf_counter() - t0)
ident = RNS.Identity(); pub = RNS.Identity(create_keys=False); pub.load_public_key(ident.get_public_key())
msg = os.urandom(64); sig = ident.sign(msg); tok = Token(Token.generate_key()); ct = tok.encrypt(msg)
dest = RNS.Destination(ident, RNS.Destination.IN, RNS.Destination.SINGLE, "bench", "crypto")
raw = dest.announce(app_data=b"bench", send=False); raw.pack(); raw = raw.raw
def validate_raw(r):
    p = RNS.Packet(None, r); p.unpack(); assert RNS.Identity.validate_announce(p, only_validate_signature=False)
many = []
for i in range(${SENDERS}):
    d = RNS.Destination(RNS.Identity(), RNS.Destination.IN, RNS.Destination.SINGLE, "bench", "crypto")
    a = d.announce(app_data=b"bench", send=False); a.pack(); many.append(a.raw)
counter = [0]
def validate_many():
    counter[0] = (counter[0] + 1) % len(many); validate_raw(many[counter[0]])
print(json.dumps({
  "${NAMES[0]}": ops(lambda: ident.sign(msg)),
  "${NAMES[1]}": ops(lambda: pub.validate(sig, msg)),
  "${NAMES[2]}": ops(lambda: tok.encrypt(msg)),
  "${NAMES[3]}": ops(lambda: tok.decrypt(ct)),
  "${NAMES[4]}": ops(lambda: pub.encrypt(msg)),
  "${NAMES[5]}": ops(lambda: validate_raw(raw)),
  "${NAMES[6]}": ops(validate_many),
}))
`;

async function referenceNumbers(): Promise<Record<string, number> | null> {
  const refPath = process.env.RNS_REFERENCE_PATH;
  if (!refPath) return null;
  const run = await runChild(process.env.RNS_PYTHON ?? 'python3', ['-c', PYTHON_BENCH], {
    env: { ...process.env, PYTHONPATH: refPath },
    timeoutMs: 120_000,
  });
  if (run.status !== 0) {
    process.stderr.write(`crypto: reference benchmark failed, continuing without it: ${run.stderr.slice(-500)}\n`);
    return null;
  }
  const lastLine = run.stdout.trim().split('\n').pop() ?? '{}';
  return JSON.parse(lastLine) as Record<string, number>;
}

export const cryptoScenario: Scenario = {
  id: 'crypto',
  description: 'Ed25519, Token, encrypt-to-identity and announce validation throughput',
  async run(): Promise<Measurement[]> {
    const identity = Identity.generate();
    const publicOnly = Identity.fromPublicBytes(identity.publicKey);
    const message = new Uint8Array(64).fill(7);
    const signature = identity.sign(message);
    const token = new Token(Token.generateKey());
    const sealed = token.encrypt(message);
    const dest = new Destination({ identity, direction: Direction.IN, type: DestinationType.SINGLE, appName: 'bench', aspects: ['crypto'] });
    const announce = dest.announce({ appData: Buffer.from('bench') });
    // More senders than the public-key cache holds, so every validation imports a fresh key.
    const many = Array.from({ length: SENDERS }, () =>
      new Destination({ identity: Identity.generate(), direction: Direction.IN, type: DestinationType.SINGLE, appName: 'bench', aspects: ['crypto'] }).announce({
        appData: Buffer.from('bench'),
      }),
    );
    let next = 0;

    const strand: Record<(typeof NAMES)[number], number> = {
      'ed25519 sign': await opsPerSecond(() => identity.sign(message)),
      'ed25519 verify': await opsPerSecond(() => publicOnly.verify(signature, message)),
      'token encrypt (64 B)': await opsPerSecond(() => token.encrypt(message)),
      'token decrypt (64 B)': await opsPerSecond(() => token.decrypt(sealed)),
      'encrypt to identity (64 B)': await opsPerSecond(() => publicOnly.encrypt(message)),
      'announce validate (same sender)': await opsPerSecond(() => validateAnnounce(announce)),
      'announce validate (1000 senders)': await opsPerSecond(() => validateAnnounce(many[(next = (next + 1) % SENDERS)] ?? announce)),
    };
    const reference = await referenceNumbers();
    return NAMES.map((name) => {
      const ref = reference?.[name];
      return { name, value: strand[name], unit: 'ops/s', better: 'higher' as const, ...(ref !== undefined ? { reference: ref } : {}) };
    });
  },
};
