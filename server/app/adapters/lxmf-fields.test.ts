// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import { AudioMode, Field } from '../../lxmf/fields.js';
import type { LxmFields } from '../../lxmf/message.js';
import { addConversationFields, attachmentsFromFields, conversationFieldsFrom, fieldsFromAttachments } from './lxmf-fields.js';

const data = (n: number) => Uint8Array.of(n, n, n);

describe('attachments ↔ LXMF fields', () => {
  it('puts files, one image and one Opus voice note in their fields, and reads them back', () => {
    const fields = fieldsFromAttachments([
      { kind: 'file', name: 'a.txt', mime: 'text/plain', data: data(1) },
      { kind: 'image', name: 'p.png', mime: 'image/png', data: data(2) },
      { kind: 'image', name: 'q.jpg', mime: 'image/jpeg', data: data(3) },
      { kind: 'audio', name: 'v.ogg', mime: 'audio/ogg', data: data(4) },
    ]);
    expect([...fields.keys()].sort()).toEqual([Field.FILE_ATTACHMENTS, Field.IMAGE, Field.AUDIO].sort());
    expect(fields.get(Field.AUDIO)).toEqual([AudioMode.OPUS_OGG, data(4)]);
    const back = attachmentsFromFields(fields);
    expect(back.map((a) => [a.kind, a.name, a.mime, a.data[0]])).toEqual([
      ['file', 'a.txt', 'application/octet-stream', 1],
      ['file', 'q.jpg', 'application/octet-stream', 3],
      ['image', 'image.png', 'image/png', 2],
      ['audio', 'audio.ogg', 'audio/ogg', 4],
    ]);
  });

  it('skips malformed fields from the network and sanitizes the image format', () => {
    const bad: LxmFields = new Map();
    bad.set(Field.FILE_ATTACHMENTS, 'nonsense');
    bad.set(Field.AUDIO, [1]);
    expect(attachmentsFromFields(bad)).toEqual([]);
    const odd = attachmentsFromFields(new Map([[Field.IMAGE, ['../x', data(5)]]]) as LxmFields);
    expect(odd.map((a) => [a.name, a.mime])).toEqual([['image.bin', 'application/octet-stream']]);
  });
});

describe('conversation fields (reply, quote, reaction, renderer)', () => {
  const target = 'ab'.repeat(32);

  it('encodes the API form as other LXMF clients send it and decodes it back', () => {
    const fields = addConversationFields(new Map(), {
      '48': target,
      '49': 'the quoted line',
      '64': { to: target, content: '👍' },
      '15': 2,
    });
    expect(fields.get(Field.REPLY_TO)).toEqual(Uint8Array.from(Buffer.from(target, 'hex')));
    expect(fields.get(Field.REPLY_QUOTE)).toEqual(new TextEncoder().encode('the quoted line'));
    const reaction = fields.get(Field.REACTION) as Map<number, Uint8Array>;
    expect(reaction.get(0)).toEqual(Uint8Array.from(Buffer.from(target, 'hex')));
    expect(new TextDecoder().decode(reaction.get(1))).toBe('👍');
    expect(fields.get(Field.RENDERER)).toBe(2);
    expect(conversationFieldsFrom(fields)).toEqual({ '48': target, '49': 'the quoted line', '64': { to: target, content: '👍' }, '15': 2 });
  });

  it('ignores values it cannot encode and skips odd inbound values', () => {
    expect(addConversationFields(new Map(), { '48': 'not-hex', '64': { to: 'short', content: 'x' }, '15': 9, '99': 'x' }).size).toBe(0);
    const odd = new Map<number, unknown>([
      [Field.REPLY_TO, new Uint8Array(5)],
      [Field.REACTION, 'not a map'],
      [Field.RENDERER, 'markdown'],
    ]);
    expect(conversationFieldsFrom(odd as never)).toEqual({});
  });
});
