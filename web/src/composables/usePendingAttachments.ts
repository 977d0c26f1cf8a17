// SPDX-License-Identifier: MIT
// Files chosen for the next message (picker, paste or drop), read into base64 for the JSON send
// request. Limits mirror the server's (16 files, a 16 MB request), checked before anything is sent
// so the user learns at once rather than from a 413.
import { computed, ref } from 'vue';
import type { OutgoingAttachment } from '../api/index.js';

export const MAX_ATTACHMENTS = 16;
/** Raw bytes across all files; base64 grows them by 4/3 and the request must stay under 16 MB. */
export const MAX_TOTAL_BYTES = 11 * 1024 * 1024;
const INLINE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const MIME = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i;

export interface PendingAttachment {
  id: number;
  file: File;
  kind: OutgoingAttachment['kind'];
  mime: string;
  name: string;
}

export type AttachmentProblem = 'too-many' | 'too-large';

export function attachmentKind(mime: string): OutgoingAttachment['kind'] {
  if (INLINE_IMAGES.has(mime)) return 'image';
  return mime.startsWith('audio/') ? 'audio' : 'file';
}

/** A plain file name the server accepts: no separators or control characters, never empty. */
export function cleanName(name: string, fallback: string): string {
  const s = [...name].filter((c) => c !== '/' && c !== '\\' && c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f).join('').slice(0, 255);
  return s && s !== '.' && s !== '..' ? s : fallback;
}

export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  // Chunked: String.fromCharCode with a whole multi-megabyte array would overflow the call stack.
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function usePendingAttachments() {
  const items = ref<PendingAttachment[]>([]);
  let next = 1;
  const totalBytes = computed(() => items.value.reduce((n, a) => n + a.file.size, 0));

  /** Adds files; returns the first limit that stopped one of them, or null. */
  function add(files: Iterable<File>): AttachmentProblem | null {
    for (const file of files) {
      if (items.value.length >= MAX_ATTACHMENTS) return 'too-many';
      if (totalBytes.value + file.size > MAX_TOTAL_BYTES) return 'too-large';
      const mime = MIME.test(file.type) ? file.type.toLowerCase() : 'application/octet-stream';
      const id = next++;
      items.value.push({ id, file, mime, kind: attachmentKind(mime), name: cleanName(file.name, `attachment-${id}`) });
    }
    return null;
  }

  function remove(id: number): void {
    items.value = items.value.filter((a) => a.id !== id);
  }

  function clear(): void {
    items.value = [];
  }

  async function encode(): Promise<OutgoingAttachment[]> {
    return Promise.all(
      items.value.map(async (a) => ({ kind: a.kind, name: a.name, mime: a.mime, data: toBase64(new Uint8Array(await a.file.arrayBuffer())) })),
    );
  }

  return { items, totalBytes, add, remove, clear, encode };
}
