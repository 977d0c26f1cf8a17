// SPDX-License-Identifier: MIT
// PKCS#7 and raw AES-CBC (RNS/Cryptography/PKCS7.py, AES.py). The cipher runs without OpenSSL's
// own padding because the Token construction pads and unpads explicitly, with the reference's
// lenient unpad rule.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { RnsArgumentError, RnsCryptoError } from '../errors.js';
import { assertBytes, assertLength } from './bytes.js';

/** AES block size in bytes. */
export const AES_BLOCK_SIZE = 16;

function checkBlockSize(blockSize: number): void {
  if (!Number.isInteger(blockSize) || blockSize < 1 || blockSize > 255) {
    throw new RnsArgumentError('RNS_ERR_BAD_LENGTH', `PKCS#7 block size must be 1..255, got ${blockSize}`);
  }
}

/** PKCS#7 pad: always adds 1..blockSize bytes (a full block when already aligned). */
export function pkcs7Pad(data: Uint8Array, blockSize = AES_BLOCK_SIZE): Uint8Array {
  assertBytes(data, 'data');
  checkBlockSize(blockSize);
  const n = blockSize - (data.length % blockSize);
  const out = new Uint8Array(data.length + n);
  out.set(data);
  out.fill(n, data.length);
  return out;
}

/**
 * PKCS#7 unpad exactly as the reference: only a final byte greater than the block size is
 * rejected; otherwise that many bytes are stripped without checking them (a final 0x00 strips
 * nothing). Strict checking would reject tokens the reference accepts. Inputs are authenticated
 * (HMAC) before they get here, so the leniency opens no padding oracle.
 * @throws RnsCryptoError `RNS_ERR_BAD_PADDING` on empty input, a pad byte > blockSize, or a pad
 *   longer than the data.
 */
export function pkcs7Unpad(data: Uint8Array, blockSize = AES_BLOCK_SIZE): Uint8Array {
  assertBytes(data, 'data');
  checkBlockSize(blockSize);
  const n = data[data.length - 1];
  if (n === undefined) throw new RnsCryptoError('RNS_ERR_BAD_PADDING', 'cannot unpad empty data');
  if (n > blockSize) throw new RnsCryptoError('RNS_ERR_BAD_PADDING', `invalid padding length ${n}`);
  if (n > data.length) throw new RnsCryptoError('RNS_ERR_BAD_PADDING', `padding length ${n} exceeds data`);
  return data.subarray(0, data.length - n);
}

function cipherName(key: Uint8Array): 'aes-128-cbc' | 'aes-256-cbc' {
  return key.length === 16 ? 'aes-128-cbc' : 'aes-256-cbc';
}

function checkCbcArgs(key: Uint8Array, iv: Uint8Array, data: Uint8Array, what: string): void {
  assertLength(key, [16, 32], 'AES key');
  assertLength(iv, [AES_BLOCK_SIZE], 'AES IV');
  assertBytes(data, what);
  if (data.length % AES_BLOCK_SIZE !== 0) {
    throw new RnsArgumentError('RNS_ERR_BAD_LENGTH', `${what} length ${data.length} is not a multiple of ${AES_BLOCK_SIZE}`);
  }
}

/** AES-CBC encrypt without padding; key 16 (AES-128) or 32 (AES-256) bytes, input block-aligned. */
export function aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
  checkCbcArgs(key, iv, plaintext, 'plaintext');
  const cipher = createCipheriv(cipherName(key), key, iv).setAutoPadding(false);
  const head = cipher.update(plaintext);
  const tail = cipher.final();
  return tail.length === 0 ? new Uint8Array(head) : new Uint8Array(Buffer.concat([head, tail]));
}

/** AES-CBC decrypt without unpadding; key 16 or 32 bytes, input block-aligned. */
export function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  checkCbcArgs(key, iv, ciphertext, 'ciphertext');
  const decipher = createDecipheriv(cipherName(key), key, iv).setAutoPadding(false);
  const head = decipher.update(ciphertext);
  const tail = decipher.final();
  return tail.length === 0 ? new Uint8Array(head) : new Uint8Array(Buffer.concat([head, tail]));
}
