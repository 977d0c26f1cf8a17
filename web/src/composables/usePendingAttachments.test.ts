// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import { attachmentKind, cleanName, MAX_TOTAL_BYTES, toBase64, usePendingAttachments } from './usePendingAttachments.js';

describe('pending attachments', () => {
  it('refuses a file that would take the message over the size limit, keeping the ones before it', () => {
    const p = usePendingAttachments();
    const big = new File([new Uint8Array(MAX_TOTAL_BYTES - 10)], 'big.bin');
    expect(p.add([big, new File([new Uint8Array(11)], 'one-too-many.bin')])).toBe('too-large');
    expect(p.items.value.map((a) => a.name)).toEqual(['big.bin']);
    expect(p.add([new File([new Uint8Array(10)], 'fits.bin')])).toBeNull();
  });

  it('picks the kind the server expects and an octet-stream type for unknown files', () => {
    const p = usePendingAttachments();
    p.add([new File(['x'], 'a'), new File(['x'], 'b.svg', { type: 'image/svg+xml' })]);
    expect(p.items.value.map((a) => [a.mime, a.kind])).toEqual([
      ['application/octet-stream', 'file'],
      // SVG can carry script: never an inline image, always a download.
      ['image/svg+xml', 'file'],
    ]);
    expect(attachmentKind('audio/ogg')).toBe('audio');
    expect(attachmentKind('image/webp')).toBe('image');
  });

  it('cleans names and encodes large files without overflowing the stack', () => {
    expect(cleanName('../..', 'x')).toBe('....');
    expect(cleanName('..', 'fallback')).toBe('fallback');
    expect(cleanName('a\u0000b/c', 'x')).toBe('abc');
    const bytes = new Uint8Array(300_000).map((_, i) => i % 256);
    const decoded = Uint8Array.from(atob(toBase64(bytes)), (c) => c.charCodeAt(0));
    expect(decoded).toEqual(bytes);
  });
});
