// SPDX-License-Identifier: MIT
// Our attachments ↔ LXMF fields as Sideband/MeshChatX use them: files in FIELD_FILE_ATTACHMENTS,
// one image in FIELD_IMAGE ([format, bytes]), one voice note in FIELD_AUDIO ([mode, bytes]).
// A second image or a non-Opus audio file travels as a plain file, so nothing the user attached is lost.
import type { LxmFields } from '../../lxmf/message.js';
import {
  AudioMode,
  Field,
  decodeAttachments,
  decodeAudio,
  decodeImage,
  decodeReaction,
  decodeRenderer,
  decodeReplyQuote,
  decodeReplyTo,
  encodeAttachments,
  encodeAudio,
  encodeImage,
  encodeReaction,
  encodeReplyQuote,
} from '../../lxmf/fields.js';
import type { Attachment } from '../../lxmf/fields.js';
import type { MessageFields, OutboundAttachment } from '../ports.js';

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

const HASH_HEX = /^[0-9a-f]{64}$/;
const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/**
 * Adds the conversational fields the API accepted (already schema-validated there) to an LXMF
 * fields map: 48 REPLY_TO, 49 REPLY_QUOTE, 64 REACTION and 15 RENDERER, encoded as other LXMF
 * clients send them. Anything else in `extra` is ignored rather than guessed at.
 */
export function addConversationFields(fields: LxmFields, extra: MessageFields | undefined): LxmFields {
  if (!extra) return fields;
  const replyTo = extra[String(Field.REPLY_TO)];
  if (typeof replyTo === 'string' && HASH_HEX.test(replyTo)) fields.set(Field.REPLY_TO, fromHex(replyTo));
  const quote = extra[String(Field.REPLY_QUOTE)];
  if (typeof quote === 'string') fields.set(Field.REPLY_QUOTE, encodeReplyQuote(quote));
  const reaction = extra[String(Field.REACTION)] as { to?: unknown; content?: unknown } | undefined;
  if (reaction && typeof reaction.to === 'string' && HASH_HEX.test(reaction.to) && typeof reaction.content === 'string') {
    fields.set(Field.REACTION, encodeReaction({ to: fromHex(reaction.to), content: reaction.content }));
  }
  const renderer = extra[String(Field.RENDERER)];
  if (typeof renderer === 'number' && Number.isInteger(renderer) && renderer >= 0 && renderer <= 3) fields.set(Field.RENDERER, renderer);
  return fields;
}

/** The conversational fields of an inbound message, JSON-safe (see MessageFields); odd values are skipped. */
export function conversationFieldsFrom(fields: LxmFields): MessageFields {
  const out: MessageFields = {};
  const replyTo = decodeReplyTo(fields);
  if (replyTo.ok && replyTo.value.length === 32) out[String(Field.REPLY_TO)] = toHex(replyTo.value);
  const quote = decodeReplyQuote(fields);
  if (quote.ok) out[String(Field.REPLY_QUOTE)] = quote.value.slice(0, 500);
  const reaction = decodeReaction(fields);
  if (reaction.ok && reaction.value.to.length === 32) out[String(Field.REACTION)] = { to: toHex(reaction.value.to), content: reaction.value.content.slice(0, 16) };
  const renderer = decodeRenderer(fields);
  if (renderer.ok) out[String(Field.RENDERER)] = renderer.value;
  return out;
}
