// SPDX-License-Identifier: MIT
// Our attachments ↔ LXMF fields as Sideband/MeshChatX use them: files in FIELD_FILE_ATTACHMENTS,
// one image in FIELD_IMAGE ([format, bytes]), one voice note in FIELD_AUDIO ([mode, bytes]).
// A second image or a non-Opus audio file travels as a plain file, so nothing the user attached is lost.
import type { LxmFields } from '../../lxmf/message.js';
import { AudioMode, Field, decodeAttachments, decodeAudio, decodeImage, encodeAttachments, encodeAudio, encodeImage } from '../../lxmf/fields.js';
import type { Attachment } from '../../lxmf/fields.js';
import type { OutboundAttachment } from '../ports.js';

const IMAGE_FORMAT = /^image\/([a-z0-9.+-]{1,16})$/i;
const OPUS = /^audio\/(ogg|opus)\b/i;

export function fieldsFromAttachments(attachments: readonly OutboundAttachment[]): LxmFields {
  const fields: LxmFields = new Map();
  const files: Attachment[] = [];
  for (const a of attachments) {
    const format = IMAGE_FORMAT.exec(a.mime)?.[1]?.toLowerCase();
    if (a.kind === 'image' && format && !fields.has(Field.IMAGE)) fields.set(Field.IMAGE, encodeImage({ format, data: a.data }));
    else if (a.kind === 'audio' && OPUS.test(a.mime) && !fields.has(Field.AUDIO)) fields.set(Field.AUDIO, encodeAudio({ mode: AudioMode.OPUS_OGG, data: a.data }));
    else files.push({ name: a.name, data: a.data });
  }
  if (files.length > 0) fields.set(Field.FILE_ATTACHMENTS, encodeAttachments(files));
  return fields;
}

/** Attachments of an inbound message; malformed fields are skipped (they come from anyone). */
export function attachmentsFromFields(fields: LxmFields): OutboundAttachment[] {
  const out: OutboundAttachment[] = [];
  const files = decodeAttachments(fields);
  if (files.ok) for (const f of files.value) out.push({ kind: 'file', name: f.name, mime: 'application/octet-stream', data: f.data });
  const image = decodeImage(fields);
  if (image.ok) {
    const format = /^[a-z0-9.+-]{1,16}$/i.test(image.value.format) ? image.value.format.toLowerCase() : 'bin';
    out.push({ kind: 'image', name: `image.${format}`, mime: format === 'bin' ? 'application/octet-stream' : `image/${format}`, data: image.value.data });
  }
  const audio = decodeAudio(fields);
  if (audio.ok) {
    const opus = audio.value.mode >= AudioMode.OPUS_OGG && audio.value.mode <= AudioMode.OPUS_LOSSLESS;
    out.push({ kind: 'audio', name: opus ? 'audio.ogg' : 'audio.c2', mime: opus ? 'audio/ogg' : 'application/octet-stream', data: audio.value.data });
  }
  return out;
}
