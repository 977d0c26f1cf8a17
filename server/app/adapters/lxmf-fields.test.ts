// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import { AudioMode, Field } from '../../lxmf/fields.js';
import type { LxmFields } from '../../lxmf/message.js';
import { attachmentsFromFields, fieldsFromAttachments } from './lxmf-fields.js';

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
