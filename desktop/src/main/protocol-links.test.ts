// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import { LXM_URI_MAX, ProtocolLinkQueue, linksFromArgv, parseProtocolLink, tryParseProtocolLink } from './protocol-links.js';

/** A paper-message URI shaped like LXMessage.as_uri(): base64url of 16-byte hash + token, no padding. */
function paperUri(bytes = 160): string {
  const data = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) data[i] = (i * 37 + 11) & 0xff;
  return `lxm://${data.toString('base64url')}`;
}

describe('protocol link parser', () => {
  it('parses lxmf:// addresses, normalising case and a trailing slash', () => {
    expect(parseProtocolLink('lxmf://0123456789ABCDEF0123456789abcdef/')).toEqual({ kind: 'address', destinationHash: '0123456789abcdef0123456789abcdef' });
    expect(parseProtocolLink('LXMF://' + 'f'.repeat(32))).toEqual({ kind: 'address', destinationHash: 'f'.repeat(32) });
  });

  it('parses lxm:// paper messages, dropping slashes like the reference reader', () => {
    const uri = paperUri();
    expect(parseProtocolLink(uri)).toEqual({ kind: 'paper-message', uri });
    expect(parseProtocolLink(`${uri}/`)).toEqual({ kind: 'paper-message', uri });
  });

  it('rejects malformed, oversized and foreign links with a typed error', () => {
    const bad = [
      'lxmf://' + 'f'.repeat(31),
      'lxmf://' + 'g'.repeat(32),
      'lxmf://' + 'f'.repeat(32) + '?x=1',
      'lxmf://../../etc',
      'lxm://short',
      `${paperUri()}=`,
      'lxm://' + 'A'.repeat(LXM_URI_MAX),
      'https://example.org/',
      'lxmfx://' + 'f'.repeat(32),
      '',
    ];
    for (const raw of bad) {
      expect(() => parseProtocolLink(raw), raw.slice(0, 40)).toThrow(expect.objectContaining({ code: 'DESKTOP_ERR_PROTOCOL_LINK' }));
      expect(tryParseProtocolLink(raw)).toBeNull();
    }
  });

  it('finds links in a command line and ignores everything else', () => {
    const argv = ['/opt/Strand/strand-desktop', '--no-sandbox', 'lxmf://' + 'a'.repeat(32), 'lxmf://nothex', paperUri(), '--lxmf://' + 'b'.repeat(32)];
    expect(linksFromArgv(argv)).toEqual([
      { kind: 'address', destinationHash: 'a'.repeat(32) },
      { kind: 'paper-message', uri: paperUri() },
    ]);
  });

  it('queues links until taken and bounds the queue', () => {
    const q = new ProtocolLinkQueue();
    for (let i = 0; i < ProtocolLinkQueue.MAX + 5; i++) q.push({ kind: 'address', destinationHash: i.toString(16).padStart(32, '0') });
    const taken = q.take();
    expect(taken).toHaveLength(ProtocolLinkQueue.MAX);
    expect(taken[0]).toEqual({ kind: 'address', destinationHash: (5).toString(16).padStart(32, '0') });
    expect(q.take()).toEqual([]);
  });
});
