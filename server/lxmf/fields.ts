// SPDX-License-Identifier: MIT
// The conventional LXMF fields (LXMF/LXMF.py FIELD_*, AM_*, RENDERER_*, REACTION_*; protocol §11.1).
// LXMF defines only the ids; the layouts of attachments, images, audio and icons are client
// conventions (Sideband, NomadNet, MeshChatX). Encoders produce those layouts; decoders never
// throw on a foreign client's variant: they return { ok: false } with the raw value kept, and the
// message keeps every field untouched either way.
import { Float64 } from '../reticulum/wire/index.js';
import type { MsgpackValue } from '../reticulum/wire/index.js';
import type { LxmFields } from './message.js';
import { utf8Bytes, utf8Text } from './message.js';
import type { TicketEntry } from './tickets.js';
import { parseTicketField, ticketFieldValue } from './tickets.js';

/** Field ids (keys of the fields map). */
export const Field = {
  EMBEDDED_LXMS: 0x01,
  TELEMETRY: 0x02,
  TELEMETRY_STREAM: 0x03,
  ICON_APPEARANCE: 0x04,
  FILE_ATTACHMENTS: 0x05,
  IMAGE: 0x06,
  AUDIO: 0x07,
  THREAD: 0x08,
  COMMANDS: 0x09,
  RESULTS: 0x0a,
  GROUP: 0x0b,
  TICKET: 0x0c,
  EVENT: 0x0d,
  RNR_REFS: 0x0e,
  RENDERER: 0x0f,
  REPLY_TO: 0x30,
  REPLY_QUOTE: 0x31,
  REACTION: 0x40,
  COMMENT: 0x41,
  CONTINUATION: 0x42,
  CUSTOM_TYPE: 0xfb,
  CUSTOM_DATA: 0xfc,
  CUSTOM_META: 0xfd,
  NON_SPECIFIC: 0xfe,
  DEBUG: 0xff,
} as const;

/** Audio modes of FIELD_AUDIO: Codec2 0x01–0x09, Opus 0x10–0x19, custom 0xFF. */
export const AudioMode = {
  CODEC2_450PWB: 0x01,
  CODEC2_450: 0x02,
  CODEC2_700C: 0x03,
  CODEC2_1200: 0x04,
  CODEC2_1300: 0x05,
  CODEC2_1400: 0x06,
  CODEC2_1600: 0x07,
  CODEC2_2400: 0x08,
  CODEC2_3200: 0x09,
  OPUS_OGG: 0x10,
  OPUS_LBW: 0x11,
  OPUS_MBW: 0x12,
  OPUS_PTT: 0x13,
  OPUS_RT_HDX: 0x14,
  OPUS_RT_FDX: 0x15,
  OPUS_STANDARD: 0x16,
  OPUS_HQ: 0x17,
  OPUS_BROADCAST: 0x18,
  OPUS_LOSSLESS: 0x19,
  CUSTOM: 0xff,
} as const;

/** FIELD_RENDERER values. */
export const Renderer = { PLAIN: 0x00, MICRON: 0x01, MARKDOWN: 0x02, BBCODE: 0x03 } as const;

/** Keys inside FIELD_REACTION, FIELD_COMMENT and FIELD_CONTINUATION maps. */
export const REACTION_TO = 0x00;
export const REACTION_CONTENT = 0x01;
export const COMMENT_FOR = 0x00;
export const CONTINUATION_OF = 0x00;

/** Result of decoding a conventional field. `raw` is the value as received. */
export type FieldResult<T> = { ok: true; value: T } | { ok: false; reason: 'absent' | 'unrecognised'; raw: MsgpackValue | undefined };

export interface Attachment {
  name: string;
  data: Uint8Array;
}
export interface ImageField {
  /** Format or extension, e.g. "webp", "png". */
  format: string;
  data: Uint8Array;
}
export interface AudioField {
  mode: number;
  data: Uint8Array;
}
export interface IconAppearance {
  icon: string;
  /** RGB bytes, normally 3. */
  foreground: Uint8Array;
  background: Uint8Array;
}
export interface Reaction {
  /** Full message id reacted to. */
  to: Uint8Array;
  /** Reaction content (normally one emoji). */
  content: string;
}

const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const odd = <T>(raw: MsgpackValue | undefined): FieldResult<T> => (raw === undefined ? { ok: false, reason: 'absent', raw } : { ok: false, reason: 'unrecognised', raw });

/** A name or format: str (the convention) or bin holding UTF-8 (some clients). */
function text(v: MsgpackValue | undefined): string | null {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return utf8Text(v);
  return null;
}

function int(v: MsgpackValue | undefined): number | null {
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}

// ── encoders: produce the values to put in the fields map ──

/** FIELD_FILE_ATTACHMENTS value: [[name str, bytes], …]. */
export function encodeAttachments(files: readonly Attachment[]): MsgpackValue {
  return files.map((f) => [f.name, f.data]);
}
/** FIELD_IMAGE value: [format str, bytes]. */
export function encodeImage(image: ImageField): MsgpackValue {
  return [image.format, image.data];
}
/** FIELD_AUDIO value: [mode int, bytes]. */
export function encodeAudio(audio: AudioField): MsgpackValue {
  return [audio.mode, audio.data];
}
/** FIELD_ICON_APPEARANCE value: [icon name str, fg bytes, bg bytes] (Sideband). */
export function encodeIconAppearance(icon: IconAppearance): MsgpackValue {
  return [icon.icon, icon.foreground, icon.background];
}
/** FIELD_REACTION value: {0: message id bin, 1: content bin UTF-8}. */
export function encodeReaction(reaction: Reaction): MsgpackValue {
  return new Map<MsgpackValue, MsgpackValue>([
    [REACTION_TO, reaction.to],
    [REACTION_CONTENT, utf8Bytes(reaction.content)],
  ]);
}
/** FIELD_REPLY_QUOTE value: the quoted text as UTF-8 bin. */
export function encodeReplyQuote(quote: string): MsgpackValue {
  return utf8Bytes(quote);
}
/** FIELD_TICKET value: [expires f64, ticket bin16]. */
export function encodeTicket(entry: TicketEntry): MsgpackValue {
  return ticketFieldValue(entry);
}

// ── decoders: never throw ──

/** FIELD_FILE_ATTACHMENTS. Every entry must be [name, bytes]; otherwise the field is unrecognised. */
export function decodeAttachments(fields: LxmFields): FieldResult<Attachment[]> {
  const raw = fields.get(Field.FILE_ATTACHMENTS);
  if (!Array.isArray(raw)) return odd(raw);
  const out: Attachment[] = [];
  for (const entry of raw) {
    if (!Array.isArray(entry) || entry.length < 2) return odd(raw);
    const name = text(entry[0]);
    const data = entry[1];
    if (name === null || !(data instanceof Uint8Array)) return odd(raw);
    out.push({ name, data });
  }
  return ok(out);
}

/** FIELD_IMAGE: [format, bytes]. */
export function decodeImage(fields: LxmFields): FieldResult<ImageField> {
  const raw = fields.get(Field.IMAGE);
  if (!Array.isArray(raw) || raw.length < 2) return odd(raw);
  const format = text(raw[0]);
  const data = raw[1];
  return format !== null && data instanceof Uint8Array ? ok({ format, data }) : odd(raw);
}

/** FIELD_AUDIO: [mode, bytes]. Unknown modes are kept (the app decides what it can play). */
export function decodeAudio(fields: LxmFields): FieldResult<AudioField> {
  const raw = fields.get(Field.AUDIO);
  if (!Array.isArray(raw) || raw.length < 2) return odd(raw);
  const mode = int(raw[0]);
  const data = raw[1];
  return mode !== null && data instanceof Uint8Array ? ok({ mode, data }) : odd(raw);
}

/** FIELD_RENDERER: an int (unknown renderers are returned as-is; render as plain). */
export function decodeRenderer(fields: LxmFields): FieldResult<number> {
  const raw = fields.get(Field.RENDERER);
  const v = int(raw);
  return v !== null ? ok(v) : odd(raw);
}

function bytesField(fields: LxmFields, id: number): FieldResult<Uint8Array> {
  const raw = fields.get(id);
  return raw instanceof Uint8Array ? ok(raw) : odd(raw);
}

/** FIELD_REPLY_TO: the full message id replied to. */
export function decodeReplyTo(fields: LxmFields): FieldResult<Uint8Array> {
  return bytesField(fields, Field.REPLY_TO);
}

/** FIELD_THREAD: a thread id (bytes, no length fixed by LXMF). */
export function decodeThread(fields: LxmFields): FieldResult<Uint8Array> {
  return bytesField(fields, Field.THREAD);
}

/** FIELD_REPLY_QUOTE: UTF-8 bytes (a str from a foreign client is accepted too). */
export function decodeReplyQuote(fields: LxmFields): FieldResult<string> {
  const raw = fields.get(Field.REPLY_QUOTE);
  const t = text(raw);
  return t !== null ? ok(t) : odd(raw);
}

/** FIELD_REACTION: {0: id, 1: content}. */
export function decodeReaction(fields: LxmFields): FieldResult<Reaction> {
  const raw = fields.get(Field.REACTION);
  if (!(raw instanceof Map)) return odd(raw);
  const to = raw.get(REACTION_TO);
  const content = text(raw.get(REACTION_CONTENT));
  return to instanceof Uint8Array && content !== null ? ok({ to, content }) : odd(raw);
}

/** FIELD_COMMENT ({0: for id}) or FIELD_CONTINUATION ({0: of id}). */
export function decodeReference(fields: LxmFields, id: typeof Field.COMMENT | typeof Field.CONTINUATION): FieldResult<Uint8Array> {
  const raw = fields.get(id);
  if (!(raw instanceof Map)) return odd(raw);
  const ref = raw.get(0);
  return ref instanceof Uint8Array ? ok(ref) : odd(raw);
}

/** FIELD_TICKET: [expires, ticket16]. */
export function decodeTicket(fields: LxmFields): FieldResult<TicketEntry> {
  const raw = fields.get(Field.TICKET);
  const entry = parseTicketField(raw);
  return entry ? ok(entry) : odd(raw);
}

/** FIELD_ICON_APPEARANCE: [icon name, fg, bg]. */
export function decodeIconAppearance(fields: LxmFields): FieldResult<IconAppearance> {
  const raw = fields.get(Field.ICON_APPEARANCE);
  if (!Array.isArray(raw) || raw.length < 3) return odd(raw);
  const icon = text(raw[0]);
  const [, fg, bg] = raw;
  return icon !== null && fg instanceof Uint8Array && bg instanceof Uint8Array ? ok({ icon, foreground: fg, background: bg }) : odd(raw);
}

/** A number from a field value that Python sent as a float (decoded as Float64) or an int. */
export function numberValue(v: MsgpackValue | undefined): number | null {
  if (v instanceof Float64) return v.value;
  return typeof v === 'number' ? v : null;
}
