// SPDX-License-Identifier: MIT
// The line protocol against a real bridge process: malformed input never kills it, every request
// gets exactly one answer, and the randomised commands round-trip (generate → use → verify).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeClient } from './bridge-client.js';

const rh = (n: number): string => randomBytes(n).toString('hex');

let bridge: BridgeClient;
beforeAll(async () => {
  bridge = await BridgeClient.start();
});
afterAll(async () => {
  // EOF on stdin is a clean exit once every request has been answered.
  expect(await bridge.close()).toBe(0);
});

async function alive(): Promise<void> {
  expect((await bridge.call('sha256', { data: '616263' })).hash).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
}

describe('bad input', () => {
  it.each([
    ['garbage', 'this is not json\n', /not valid JSON/],
    ['a JSON array', '[1,2,3]\n', /must be a JSON object/],
    ['a JSON string', '"sha256"\n', /must be a JSON object/],
    ['a missing id', '{"command":"sha256","params":{"data":""}}\n', /"id" must be/],
    ['an object id', '{"id":{"a":1},"command":"sha256","params":{"data":""}}\n', /"id" must be/],
    ['truncated JSON', '{"id":"x","command":"sha2\n', /not valid JSON/],
  ])('answers %s with id null and stays alive', async (_what, line, error) => {
    bridge.writeRaw(line);
    const answer = await bridge.nextUnmatched();
    expect(answer).toMatchObject({ id: null, success: false });
    expect(!answer.success && answer.error).toMatch(error);
    await alive();
  });

  it('answers a line over the length limit with id null, without buffering it, and recovers', async () => {
    bridge.writeRaw(Buffer.alloc(17 * 1024 * 1024, 0x61));
    bridge.writeRaw('\n');
    const answer = await bridge.nextUnmatched();
    expect(answer).toMatchObject({ id: null, success: false });
    expect(!answer.success && answer.error).toMatch(/exceeds the limit/);
    await alive();
  });

  it('rejects unknown commands', async () => {
    for (const command of ['frobnicate', 'lxmf_frobnicate', '']) {
      const answer = await bridge.request(command, {});
      expect(answer).toMatchObject({ success: false, error: `unknown command '${command}'` });
    }
    expect(await bridge.request(42 as unknown as string)).toMatchObject({ success: false, error: 'request "command" must be a string' });
  });

  it.each([
    ['sha256', {}, /data: /],
    ['sha256', { data: 12 }, /data: /],
    ['sha256', { data: 'abc' }, /data: must be a hex string/],
    ['sha256', { data: 'zz' }, /data: must be a hex string/],
    ['hkdf', { ikm: '00', length: 'ten' }, /length: /],
    ['hkdf', { ikm: '00', length: 1.5 }, /length: /],
    ['aes_encrypt', { plaintext: '', key: rh(16), iv: rh(16), mode: 'AES_512_CBC' }, /mode: /],
    ['ratchet_decrypt', { private_key: rh(64), ciphertext: rh(80), ratchet_privates: 'ab' }, /ratchet_privates: /],
    ['packet_build', { header_type: 3 }, /header_type: /],
    ['packet_build', { hops: 256 }, /hops: /],
    ['hdlc_deframe_stream', { stream: '', hw_mtu: 0 }, /hw_mtu: /],
  ])('answers %s with ill-typed params %j as invalid params', async (command, params, error) => {
    const answer = await bridge.request(command, params);
    expect(answer.success).toBe(false);
    expect(!answer.success && answer.error).toMatch(new RegExp(`^invalid params for '${command}': .*${error.source}`));
  });

  it('accepts integers as decimal strings and flags as 0/1, as Python int()/bool() would', async () => {
    const built = await bridge.call('packet_build', { hops: '3', context: '9', context_flag: 1, packet_type: '0' });
    expect(built).toMatchObject({ hops: 3, context: 9, context_flag: 1, packet_type: 0 });
    expect(String((await bridge.call('hkdf', { ikm: '01', length: '20' })).derived_key).length).toBe(40);
  });

  it('refuses params that are not an object, and treats absent params as {}', async () => {
    expect(await bridge.request('sha256', ['00'])).toMatchObject({ success: false, error: "invalid params for 'sha256': params must be a JSON object" });
    expect(await bridge.request('identity_random_hash')).toMatchObject({ success: true });
  });

  it('reports library errors with their code instead of failing the process', async () => {
    const answer = await bridge.request('identity_from_private_key', { private_key: rh(10) });
    expect(answer).toMatchObject({ success: false });
    expect(!answer.success && answer.error).toMatch(/RNS_ERR_BAD_LENGTH/);
    expect(await bridge.request('token_decrypt', { key: rh(64), token: rh(64) })).toMatchObject({ success: false });
    expect(await bridge.request('aes_encrypt', { plaintext: '', key: rh(32), iv: rh(16), mode: 'AES_128_CBC' })).toMatchObject({
      success: false,
      error: 'aes_encrypt failed: BRIDGE_ERR_BAD_KEY: invalid key length 256 for AES_128_CBC',
    });
    await alive();
  });

  it('echoes numeric ids, accepts CRLF line ends and answers nothing for blank lines', async () => {
    bridge.writeRaw('\n   \r\n{"id":7,"command":"sha256","params":{"data":""}}\r\n');
    const answer = await bridge.nextUnmatched();
    expect(answer).toEqual({ id: 7, success: true, result: { hash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' } });
    await alive();
  });

  it('answers every one of many concurrent requests by id', async () => {
    const inputs = Array.from({ length: 300 }, (_, k) => rh(k % 40));
    const answers = await Promise.all(inputs.map((data) => bridge.request('truncated_hash', { data })));
    const direct = await Promise.all(inputs.slice(0, 5).map((data) => bridge.call('sha256', { data })));
    answers.forEach((a) => expect(a.success).toBe(true));
    direct.forEach((d, k) => expect(answers[k]!.success && answers[k]!.result.full_hash).toBe(d.hash));
  });
});

describe('round trips of randomised commands', () => {
  it('x25519: two generated keys agree on the shared secret', async () => {
    const a = await bridge.call('x25519_generate', { seed: rh(32) });
    const b = await bridge.call('x25519_generate', { seed: rh(32) });
    const ab = await bridge.call('x25519_exchange', { private_key: a.private_key, peer_public_key: b.public_key });
    const ba = await bridge.call('x25519_exchange', { private_key: b.private_key, peer_public_key: a.public_key });
    expect(ab.shared_secret).toBe(ba.shared_secret);
    expect((await bridge.call('x25519_public_from_private', { private_key: a.private_key })).public_key).toBe(a.public_key);
  });

  it('ed25519 and identities: generate, sign, verify; a changed message does not verify', async () => {
    const k = await bridge.call('ed25519_generate', { seed: rh(32) });
    const message = rh(100);
    const { signature } = await bridge.call('ed25519_sign', { private_key: k.private_key, message });
    expect((await bridge.call('ed25519_verify', { public_key: k.public_key, message, signature })).valid).toBe(true);
    expect((await bridge.call('ed25519_verify', { public_key: k.public_key, message: `${message}00`, signature })).valid).toBe(false);
    expect((await bridge.call('ed25519_verify', { public_key: k.public_key, message, signature: rh(10) })).valid).toBe(false);

    const privateKey = rh(64);
    const id = await bridge.call('identity_from_private_key', { private_key: privateKey });
    expect((await bridge.call('identity_hash', { public_key: id.public_key })).hash).toBe(id.hash);
    const signed = await bridge.call('identity_sign', { private_key: privateKey, message });
    expect((await bridge.call('identity_verify', { public_key: id.public_key, message, signature: signed.signature })).valid).toBe(true);
    expect((await bridge.call('identity_verify', { public_key: id.public_key, message: '', signature: signed.signature })).valid).toBe(false);
  });

  it('identity and ratchet encryption: the right key decrypts, others give null plaintext', async () => {
    const privateKey = rh(64);
    const { public_key } = await bridge.call('identity_from_private_key', { private_key: privateKey });
    const plaintext = rh(300);
    const { ciphertext } = await bridge.call('identity_encrypt', { public_key, plaintext });
    expect((await bridge.call('identity_decrypt', { private_key: privateKey, ciphertext })).plaintext).toBe(plaintext);
    expect((await bridge.call('identity_decrypt', { private_key: rh(64), ciphertext })).plaintext).toBeNull();

    const ratchets = [rh(32), rh(32), rh(32)];
    const { ratchet_public } = await bridge.call('ratchet_public_from_private', { ratchet_private: ratchets[1] });
    const { ratchet_id } = await bridge.call('ratchet_id', { ratchet_public });
    const sealed = await bridge.call('ratchet_encrypt', { public_key, ratchet_public, plaintext });
    const opened = await bridge.call('ratchet_decrypt', { private_key: privateKey, ciphertext: sealed.ciphertext, ratchet_privates: ratchets, enforce_ratchets: true });
    expect(opened).toEqual({ plaintext, latest_ratchet_id: ratchet_id });
    const wrong = await bridge.call('ratchet_decrypt', { private_key: privateKey, ciphertext: sealed.ciphertext, ratchet_private: ratchets[0] });
    expect(wrong).toEqual({ plaintext: null, latest_ratchet_id: null });
    // Encrypted to the identity key: readable unless ratchets are enforced.
    const base = { private_key: privateKey, ciphertext, ratchet_privates: ratchets };
    expect(await bridge.call('ratchet_decrypt', base)).toEqual({ plaintext, latest_ratchet_id: null });
    expect(await bridge.call('ratchet_decrypt', { ...base, enforce_ratchets: true })).toEqual({ plaintext: null, latest_ratchet_id: null });
  });

  it.each(['AES_128_CBC', 'AES_256_CBC'])('tokens and AES-CBC in %s', async (mode) => {
    const { key } = await bridge.call('token_generate_key', { mode });
    expect(String(key).length).toBe(mode === 'AES_128_CBC' ? 64 : 128);
    const plaintext = rh(77);
    const { token } = await bridge.call('token_encrypt', { key, plaintext });
    expect((await bridge.call('token_verify_hmac', { key, token })).valid).toBe(true);
    expect((await bridge.call('token_decrypt', { key, token })).plaintext).toBe(plaintext);
    const aesKey = rh(mode === 'AES_128_CBC' ? 16 : 32);
    const iv = rh(16);
    const { ciphertext } = await bridge.call('aes_encrypt', { key: aesKey, iv, mode, plaintext });
    expect(String(ciphertext).length).toBe(160);
    expect((await bridge.call('aes_decrypt', { key: aesKey, iv, mode, ciphertext })).plaintext).toBe(plaintext);
  });

  it('bz2: compress then decompress gives the input back', async () => {
    const data = `${rh(500)}${'00'.repeat(5000)}`;
    const c = await bridge.call('bz2_compress', { data });
    expect(c).toMatchObject({ original_size: 5500, compressed_size: String(c.compressed).length / 2 });
    expect(c.ratio).toBeCloseTo(Number(c.compressed_size) / 5500);
    expect(await bridge.call('bz2_decompress', { compressed: c.compressed })).toEqual({ decompressed: data, size: 5500 });
    expect(await bridge.call('bz2_compress', { data: '' })).toMatchObject({ original_size: 0, ratio: 0 });
    expect(await bridge.request('bz2_decompress', { compressed: rh(50) })).toMatchObject({ success: false });
  });

  it('announces: a built announce (with and without ratchet) validates; a flipped byte does not', async () => {
    const privateKey = rh(64);
    for (const enable_ratchets of [false, true]) {
      const built = await bridge.call('announce_build', { private_key: privateKey, app_name: 'lxmf', aspects: 'delivery', app_data: 'c0', enable_ratchets, emission_ts: 1700000123 });
      const check = await bridge.call('announce_validate', { raw: built.raw });
      expect(check).toEqual({ valid: true, error: null, destination_hash: built.destination_hash, has_ratchet: enable_ratchets, ratchet: enable_ratchets ? built.ratchet : null });
      const raw = Buffer.from(String(built.raw), 'hex');
      raw[raw.length - 70]! ^= 1;
      expect(await bridge.call('announce_validate', { raw: raw.toString('hex') })).toMatchObject({ valid: false, error: expect.stringMatching(/^RNS_ERR_ANNOUNCE/) });
    }
    expect(await bridge.call('announce_validate', { raw: '00' })).toMatchObject({ valid: false, error: 'unpack_failed' });
    const data = await bridge.call('packet_build', { dest_type: 'plain', data: '00' });
    expect(await bridge.call('announce_validate', { raw: data.raw })).toMatchObject({ valid: false, error: 'not_an_announce' });
  });

  it('packets: built packets unpack to the same fields; SINGLE data is encrypted', async () => {
    const plain = await bridge.call('packet_build', { dest_type: 'plain', data: 'aabb', context: 9, hops: 3, context_flag: 1, transport_type: 1 });
    const { raw, ...fields } = plain;
    expect(await bridge.call('packet_unpack', { raw })).toEqual({ unpacked: true, ...fields });
    expect(fields).toMatchObject({ data: 'aabb', context: 9, hops: 3, context_flag: 1, transport_type: 1, destination_type: 2, header_type: 0, transport_id: null });
    const single = await bridge.call('packet_build', { dest_type: 'single', data: 'aabb' });
    expect(single.destination_type).toBe(0);
    expect(String(single.data).length).toBeGreaterThan(4 + 64);
    const h2 = await bridge.call('packet_build', { dest_type: 'single', packet_type: 1, header_type: 'HEADER_2', transport_id: rh(16), data: 'aabb' });
    expect(h2).toMatchObject({ header_type: 1, data: 'aabb' });
    expect(await bridge.request('packet_build', { header_type: 2, transport_id: rh(16) })).toMatchObject({ success: false });
    expect(await bridge.request('packet_build', { data: rh(482) })).toMatchObject({ success: false, error: expect.stringMatching(/exceeds MTU of 500/) });
    expect(await bridge.call('packet_unpack', { raw: rh(18) })).toEqual({ unpacked: false });
  });

  it('packet_build_raw_header2 reports refusals as error/error_type and packs announces', async () => {
    const noTid = await bridge.call('packet_build_raw_header2', { packet_type: 1 });
    expect(noTid).toMatchObject({ raw: null, raw_len: null, error: expect.stringContaining('Packet with header type 2 must have a transport ID') });
    const tid = String((await bridge.call('identity_random_hash')).random_hash);
    const notAnnounce = await bridge.call('packet_build_raw_header2', { packet_type: 0, transport_id: tid, data: 'abcdef' });
    expect(notAnnounce).toMatchObject({ raw: null, error: expect.any(String), error_type: expect.any(String) });
    const ok = await bridge.call('packet_build_raw_header2', { packet_type: 1, transport_id: tid });
    expect(ok).toMatchObject({ error: null, error_type: null, raw_len: 36 });
    expect(await bridge.call('packet_unpack', { raw: ok.raw })).toMatchObject({ unpacked: true, header_type: 1, transport_id: tid, data: '00' });
  });

  it('constants are those of RNS 1.4.2', async () => {
    expect(await bridge.call('packet_constants')).toEqual({
      mtu: 500, header_minsize: 19, header_maxsize: 35, ifac_min_size: 1, mdu: 464, packet_mdu: 464, packet_plain_mdu: 464,
      packet_encrypted_mdu: 383, link_mdu: 431, hashlength: 256, truncated_hashlength: 128, keysize: 512, siglength: 512,
      name_hash_length: 80, token_overhead: 48, aes128_blocksize: 16,
    });
    const contexts = await bridge.call('packet_context_constants');
    expect(Object.keys(contexts).sort()).toEqual([
      'CACHE_REQUEST', 'CHANNEL', 'COMMAND', 'COMMAND_STATUS', 'KEEPALIVE', 'LINKCLOSE', 'LINKIDENTIFY', 'LINKPROOF', 'LRPROOF', 'LRRTT', 'NONE',
      'PATH_RESPONSE', 'RESOURCE', 'RESOURCE_ADV', 'RESOURCE_HMU', 'RESOURCE_ICL', 'RESOURCE_PRF', 'RESOURCE_RCL', 'RESOURCE_REQ', 'RESPONSE',
    ]);
    expect(contexts).toMatchObject({ NONE: 0, RESOURCE: 1, PATH_RESPONSE: 11, CHANNEL: 14, KEEPALIVE: 250, LRPROOF: 255 });
  });

  it('framing: frame/deframe round trips, runts dropped from streams, malformed frames refused', async () => {
    const data = `7e7d${rh(40)}c0db`;
    const hdlc = await bridge.call('hdlc_frame', { data });
    expect((await bridge.call('hdlc_deframe', { framed: hdlc.framed })).data).toBe(data);
    const kiss = await bridge.call('kiss_frame', { data });
    expect((await bridge.call('kiss_deframe', { framed: kiss.framed })).data).toBe(data);
    const runt = String((await bridge.call('hdlc_frame', { data: rh(19) })).framed);
    expect((await bridge.call('hdlc_deframe_stream', { stream: `${runt}${String(hdlc.framed)}` })).frames).toEqual([data]);
    expect((await bridge.call('hdlc_deframe_stream', { stream: String(hdlc.framed), hw_mtu: 20 })).frames).toEqual([]);
    expect((await bridge.call('kiss_deframe_stream', { stream: `${String(kiss.framed)}${String(kiss.framed)}` })).frames).toEqual([data, data]);
    expect(await bridge.request('hdlc_deframe', { framed: '0102' })).toMatchObject({ success: false });
    expect(await bridge.request('kiss_deframe', { framed: 'c00141c0' })).toMatchObject({ success: false, error: expect.stringMatching(/CMD_DATA/) });
  });
});
