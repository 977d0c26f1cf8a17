// SPDX-License-Identifier: MIT
// lxm:// URIs: generation, Python's lenient ingest rules, and a property that any string either
// decodes or fails with LXMF_ERR_BAD_URI.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Identity } from '../reticulum/identity/index.js';
import { openEncryptedContainer } from './delivery.js';
import { LxmfArgumentError, LxmfDecodeError } from './errors.js';
import { LXMessage, deliveryDestinationHash } from './message.js';
import { buildPaper, decodePaperUri, paperDestinationHash, paperUri } from './paper.js';

const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));

describe('paper URIs', () => {
  it('encodes unpadded base64url and decodes it back', () => {
    expect(paperUri(bytes('fbff'))).toBe('lxm://-_8');
    expect(Buffer.from(decodePaperUri('lxm://-_8')).toString('hex')).toBe('fbff');
  });

  it('ingests like ingest_lxm_uri: slashes removed, case-insensitive scheme, junk skipped, padding tolerated', () => {
    expect(Buffer.from(decodePaperUri('lxm://-_/8')).toString('hex')).toBe('fbff');
    expect(Buffer.from(decodePaperUri('lxm://-_8=')).toString('hex')).toBe('fbff');
    expect(Buffer.from(decodePaperUri('lxm://AAEC\nAw')).toString('hex')).toBe('00010203');
    // Only a lowercase scheme is stripped: "LXM" is then data, ":" is skipped (Python does the same).
    expect(Buffer.from(decodePaperUri('LXM://AAAA')).toString('hex')).toBe('2d73000000');
  });

  it('rejects what Python rejects', () => {
    for (const uri of ['http://x', 'lxm://A', 'lxm://AAAAA', 'lxm://ÄÄÄÄ', '']) {
      expect(() => decodePaperUri(uri)).toThrow(LxmfDecodeError);
    }
  });

  it('builds a paper message that the recipient can open, and refuses one that is too large', () => {
    const alice = Identity.generate();
    const bob = Identity.generate();
    const destinationHash = deliveryDestinationHash(bob);
    const m = LXMessage.create({ destinationHash, source: alice, title: 'Paper', content: 'on paper' });
    const paper = buildPaper(m.packed, (pt) => bob.encrypt(pt));
    expect(paper.uri.startsWith('lxm://')).toBe(true);
    const decoded = decodePaperUri(paper.uri);
    expect(Buffer.from(paperDestinationHash(decoded) ?? []).equals(destinationHash)).toBe(true);
    const opened = openEncryptedContainer(decoded, (ct) => bob.decrypt(ct));
    expect(LXMessage.unpack(opened.packed, { recall: () => alice }).signatureValidated).toBe(true);
    const big = LXMessage.create({ destinationHash, source: alice, content: new Uint8Array(2200) });
    expect(() => buildPaper(big.packed, (pt) => bob.encrypt(pt))).toThrow(LxmfArgumentError);
  });

  it('round-trips any bytes and never throws untyped errors on any string', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        expect(Buffer.from(decodePaperUri(paperUri(data))).equals(data)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `lxm://${s}`), fc.string({ unit: fc.constantFrom(...'AB-_/=\n:'.split('')) }).map((s) => `lxm://${s}`)), (uri) => {
        try {
          decodePaperUri(uri);
        } catch (e) {
          expect(e).toBeInstanceOf(LxmfDecodeError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
