// SPDX-License-Identifier: MIT
// Paper messages: "lxm://" URIs (LXMF/LXMessage.py :: as_uri; LXMF/LXMRouter.py :: ingest_lxm_uri;
// protocol §11.5). The URI is base64url(paper_packed) without "=" padding. Ingest mirrors Python's
// lenient decoding exactly, so a URI that Sideband or NomadNet accepts (with line breaks, stray
// slashes from a QR reader, missing padding) is accepted here too, and nothing more.
import { DESTINATION_LENGTH, Method, URI_SCHEMA } from './constants.js';
import type { EncryptToRecipient } from './delivery.js';
import { encryptedContainer, planDelivery } from './delivery.js';
import { LxmfDecodeError } from './errors.js';

const PREFIX = `${URI_SCHEMA}://`;

/** A paper message: the encrypted container and its URI. */
export interface PaperForm {
  paperPacked: Uint8Array;
  uri: string;
}

/**
 * Encrypts a packed message for paper delivery and renders its URI.
 * @throws LxmfArgumentError `LXMF_ERR_TOO_LARGE` over PAPER_MDU (2210 bytes).
 */
export function buildPaper(packed: Uint8Array, encrypt: EncryptToRecipient): PaperForm {
  const paperPacked = encryptedContainer(packed, encrypt);
  planDelivery({ desiredMethod: Method.PAPER, contentSize: 0, paperPackedSize: paperPacked.length });
  return { paperPacked, uri: paperUri(paperPacked) };
}

/** "lxm://" + unpadded base64url. */
export function paperUri(paperPacked: Uint8Array): string {
  return PREFIX + Buffer.from(paperPacked.buffer, paperPacked.byteOffset, paperPacked.byteLength).toString('base64url');
}

/**
 * Decodes an "lxm://" URI to the container bytes, as ingest_lxm_uri does: the scheme check is
 * case-insensitive but only a lowercase "lxm://" is removed (everywhere), every "/" is removed,
 * "==" is appended and the rest goes through Python's non-strict base64 decoder (alphabet
 * characters only, stop at completed padding). The result is not yet checked for size: the
 * router's propagation path requires ≥ LXMF_OVERHEAD bytes (openEncryptedContainer).
 * @throws LxmfDecodeError `LXMF_ERR_BAD_URI`.
 */
export function decodePaperUri(uri: string): Uint8Array {
  if (typeof uri !== 'string' || !uri.toLowerCase().startsWith(PREFIX)) {
    throw new LxmfDecodeError('LXMF_ERR_BAD_URI', 'not an lxm:// URI');
  }
  const body = `${uri.split(PREFIX).join('').split('/').join('')}==`;
  // urlsafe_b64decode refuses non-ASCII str input before decoding anything.
  for (let i = 0; i < body.length; i++) {
    if (body.charCodeAt(i) > 0x7f) throw new LxmfDecodeError('LXMF_ERR_BAD_URI', 'lxm:// URI contains non-ASCII characters');
  }
  return pythonB64DecodeLenient(body.replace(/-/g, '+').replace(/_/g, '/'));
}

/** The destination hash a paper URI is addressed to (the first 16 bytes, in clear). */
export function paperDestinationHash(paperPacked: Uint8Array): Uint8Array | null {
  return paperPacked.length >= DESTINATION_LENGTH ? paperPacked.slice(0, DESTINATION_LENGTH) : null;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const TABLE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) TABLE[ALPHABET.charCodeAt(i)] = i;

// CPython binascii.a2b_base64(strict_mode=False): skip non-alphabet characters; "=" only counts
// once two data characters of a quad are in, and a completed pad ends the input.
function pythonB64DecodeLenient(s: string): Uint8Array {
  const out = new Uint8Array(Math.floor((s.length * 3) / 4) + 3);
  let n = 0;
  let quadPos = 0;
  let left = 0;
  let pads = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x3d) {
      if (quadPos >= 2 && quadPos + ++pads >= 4) return out.slice(0, n);
      continue;
    }
    const v = c < 128 ? (TABLE[c] as number) : -1;
    if (v < 0) continue;
    pads = 0;
    switch (quadPos) {
      case 0:
        quadPos = 1;
        left = v;
        break;
      case 1:
        quadPos = 2;
        out[n++] = ((left << 2) | (v >> 4)) & 0xff;
        left = v & 0x0f;
        break;
      case 2:
        quadPos = 3;
        out[n++] = ((left << 4) | (v >> 2)) & 0xff;
        left = v & 0x03;
        break;
      default:
        quadPos = 0;
        out[n++] = ((left << 6) | v) & 0xff;
        left = 0;
    }
  }
  if (quadPos !== 0) {
    throw new LxmfDecodeError('LXMF_ERR_BAD_URI', quadPos === 1 ? 'lxm:// URI has an impossible base64 length' : 'lxm:// URI has incorrect base64 padding');
  }
  return out.slice(0, n);
}
