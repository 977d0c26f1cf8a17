// SPDX-License-Identifier: MIT
// Wire codecs: packet header encode/decode/hash and msgpack pack/unpack of an LXMF-shaped payload.
import type { Measurement, Scenario } from '../harness.js';
import { opsPerSecond } from '../harness.js';
import { Float64, decodePacket, encodePacket, fromHex, packMsgpack, packetHash, unpackMsgpack } from '../../server/reticulum/wire/index.js';

// A 167-byte announce-sized DATA packet (the A4 vector of the protocol brief, padded).
const RAW = fromHex(
  '0000cf0b2a4a8d2a0b6978b71290da7cc80e00219e4d800da968d2a5fcb009c784f4746c7138edb9ee4844b739e830b05cf424777777777777777777777777777777772ea43c4bc436a1dc266023b6beabbff18ebc53461cdb54454932fd9f69cd1870e0adde11938e4c312286f7a366825a67',
);
const PAYLOAD = [
  new Float64(1700000000.25),
  new TextEncoder().encode('Title'),
  new TextEncoder().encode('Hello, this is an ordinary LXMF message body of moderate length.'),
  new Map([[8, new Uint8Array(16).fill(1)]]),
];
const PACKED = packMsgpack(PAYLOAD);

export const wireScenario: Scenario = {
  id: 'wire',
  description: 'packet header encode/decode/hash and msgpack pack/unpack (LXMF payload shape)',
  async run(): Promise<Measurement[]> {
    const packet = decodePacket(RAW);
    return [
      { name: 'packet decode', value: await opsPerSecond(() => decodePacket(RAW)), unit: 'ops/s', better: 'higher' },
      { name: 'packet encode', value: await opsPerSecond(() => encodePacket(packet)), unit: 'ops/s', better: 'higher' },
      { name: 'packet hash (SHA-256)', value: await opsPerSecond(() => packetHash(RAW)), unit: 'ops/s', better: 'higher' },
      { name: 'msgpack pack (LXMF payload)', value: await opsPerSecond(() => packMsgpack(PAYLOAD)), unit: 'ops/s', better: 'higher' },
      { name: 'msgpack unpack (LXMF payload)', value: await opsPerSecond(() => unpackMsgpack(PACKED)), unit: 'ops/s', better: 'higher' },
    ];
  },
};
