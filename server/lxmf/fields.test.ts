// SPDX-License-Identifier: MIT
// Conventional fields: encoders produce the client layouts, decoders accept them after a real
// pack/unpack, and odd values from foreign clients come back as 'unrecognised' with the raw value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Identity } from '../reticulum/identity/index.js';
import { Float64, packMsgpack } from '../reticulum/wire/index.js';
import type { MsgpackValue } from '../reticulum/wire/index.js';
import {
  AudioMode,
  Field,
  Renderer,
  decodeAttachments,
  decodeAudio,
  decodeIconAppearance,
  decodeImage,
  decodeReaction,
  decodeReference,
  decodeRenderer,
  decodeReplyQuote,
  decodeReplyTo,
  decodeThread,
  decodeTicket,
  encodeAttachments,
  encodeAudio,
  encodeIconAppearance,
  encodeImage,
  encodeReaction,
  encodeReplyQuote,
  encodeTicket,
  numberValue,
} from './fields.js';
import type { LxmFields } from './message.js';
import { LXMessage, deliveryDestinationHash } from './message.js';

const alice = Identity.generate();
const bob = Identity.generate();

function roundTrip(fields: LxmFields): LxmFields {
  const m = LXMessage.create({ destinationHash: deliveryDestinationHash(bob), source: alice, fields, timestamp: 1 });
  return LXMessage.unpack(m.packed).fields;
}

describe('conventional fields', () => {
  it('encode and decode every conventional field through a packed message', () => {
    const id = new Uint8Array(32).fill(3);
    const fields: LxmFields = new Map<MsgpackValue, MsgpackValue>([
      [Field.FILE_ATTACHMENTS, encodeAttachments([{ name: 'a.txt', data: Uint8Array.of(1, 2) }, { name: 'b.bin', data: new Uint8Array(0) }])],
      [Field.IMAGE, encodeImage({ format: 'webp', data: Uint8Array.of(9) })],
      [Field.AUDIO, encodeAudio({ mode: AudioMode.OPUS_OGG, data: Uint8Array.of(7) })],
      [Field.RENDERER, Renderer.MARKDOWN],
      [Field.REPLY_TO, id],
      [Field.REPLY_QUOTE, encodeReplyQuote('quoted ✓')],
      [Field.REACTION, encodeReaction({ to: id, content: '👍' })],
      [Field.TICKET, encodeTicket({ ticket: new Uint8Array(16).fill(1), expires: 1700000000 })],
      [Field.THREAD, Uint8Array.of(1, 2, 3)],
      [Field.ICON_APPEARANCE, encodeIconAppearance({ icon: 'account', foreground: Uint8Array.of(255, 255, 255), background: Uint8Array.of(0, 0, 0) })],
      [Field.COMMENT, new Map<MsgpackValue, MsgpackValue>([[0, id]])],
      [Field.CONTINUATION, new Map<MsgpackValue, MsgpackValue>([[0, id]])],
    ]);
    const f = roundTrip(fields);
    expect(decodeAttachments(f)).toEqual({ ok: true, value: [{ name: 'a.txt', data: Uint8Array.of(1, 2) }, { name: 'b.bin', data: new Uint8Array(0) }] });
    expect(decodeImage(f)).toEqual({ ok: true, value: { format: 'webp', data: Uint8Array.of(9) } });
    expect(decodeAudio(f)).toEqual({ ok: true, value: { mode: 0x10, data: Uint8Array.of(7) } });
    expect(decodeRenderer(f)).toEqual({ ok: true, value: 2 });
    expect(decodeReplyTo(f)).toEqual({ ok: true, value: id });
    expect(decodeReplyQuote(f)).toEqual({ ok: true, value: 'quoted ✓' });
    expect(decodeReaction(f)).toEqual({ ok: true, value: { to: id, content: '👍' } });
    expect(decodeTicket(f)).toEqual({ ok: true, value: { ticket: new Uint8Array(16).fill(1), expires: 1700000000 } });
    expect(decodeThread(f)).toEqual({ ok: true, value: Uint8Array.of(1, 2, 3) });
    expect(decodeIconAppearance(f)).toMatchObject({ ok: true, value: { icon: 'account' } });
    expect(decodeReference(f, Field.COMMENT)).toEqual({ ok: true, value: id });
    expect(decodeReference(f, Field.CONTINUATION)).toEqual({ ok: true, value: id });
    // The ticket expiry is a float64 on the wire even though it is integral.
    expect(Buffer.from(packMsgpack(encodeTicket({ ticket: new Uint8Array(16), expires: 5 }))).toString('hex').slice(0, 4)).toBe('92cb');
  });

  it('reports absent and unrecognised variants without throwing, keeping the raw value', () => {
    const weird: LxmFields = new Map<MsgpackValue, MsgpackValue>([
      [Field.FILE_ATTACHMENTS, [['ok.txt', Uint8Array.of(1)], 'not-a-pair']],
      [Field.IMAGE, 'png'],
      [Field.AUDIO, [new Float64(1.5), Uint8Array.of(1)]],
      [Field.RENDERER, 'markdown'],
      [Field.REACTION, [1, 2]],
      [Field.TICKET, [1, Uint8Array.of(1)]],
    ]);
    const f = roundTrip(weird);
    const a = decodeAttachments(f);
    expect(a.ok).toBe(false);
    if (!a.ok) {
      expect(a.reason).toBe('unrecognised');
      expect(a.raw).toEqual(f.get(Field.FILE_ATTACHMENTS));
    }
    for (const r of [decodeImage(f), decodeAudio(f), decodeRenderer(f), decodeReaction(f), decodeTicket(f)]) expect(r.ok).toBe(false);
    expect(decodeReplyTo(f)).toEqual({ ok: false, reason: 'absent', raw: undefined });
    expect(numberValue(new Float64(2.5))).toBe(2.5);
    expect(numberValue('x')).toBeNull();
  });

  it('never throws on arbitrary field values', () => {
    const leaf = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string(), fc.uint8Array({ maxLength: 8 }));
    const value = fc.letrec((tie) => ({ v: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('v'), { maxLength: 3 })) })).v as fc.Arbitrary<MsgpackValue>;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...Object.values(Field)), value), { maxLength: 8 }), (entries) => {
        const f: LxmFields = new Map<MsgpackValue, MsgpackValue>(entries);
        for (const decode of [decodeAttachments, decodeImage, decodeAudio, decodeRenderer, decodeReplyTo, decodeReplyQuote, decodeReaction, decodeTicket, decodeThread, decodeIconAppearance]) {
          const r = decode(f);
          expect(typeof r.ok).toBe('boolean');
        }
      }),
      { numRuns: 300 },
    );
  });
});
