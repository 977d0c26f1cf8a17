// SPDX-License-Identifier: MIT
// Strand ↔ Python LXMF, in one process pair: a stamped message with fields, a propagated entry
// with its PN stamp and a paper URI made here are checked by the reference (unpack_from_bytes,
// validate_stamp, validate_pn_stamp, decrypt), and the reference's stamped message and paper URI
// are checked here. Needs RNS_REFERENCE_PATH (and LXMF_REFERENCE_PATH); skipped without them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Identity } from '../reticulum/identity/index.js';
import { Float64 } from '../reticulum/wire/index.js';
import type { MsgpackValue } from '../reticulum/wire/index.js';
import { WORKBLOCK_EXPAND_ROUNDS_PN } from './constants.js';
import { buildPropagated, openEncryptedContainer } from './delivery.js';
import { Field, decodeAttachments, encodeAttachments } from './fields.js';
import { LXMessage, deliveryDestinationHash } from './message.js';
import { buildPaper, decodePaperUri } from './paper.js';
import { StampWorkerPool } from './stamps/pool.js';
import { validateMessageStamp } from './stamps/workblock.js';

const RNS_PATH = process.env.RNS_REFERENCE_PATH;
const LXMF_PATH = process.env.LXMF_REFERENCE_PATH ?? (RNS_PATH ? path.join(path.dirname(RNS_PATH), 'LXMF') : '');

const PYTHON = String.raw`
import json, sys, time, types, base64, os
import RNS, LXMF
from LXMF.LXMessage import LXMessage
from LXMF import LXStamper
RNS.loglevel = RNS.LOG_CRITICAL
RNS.Transport.owner = types.SimpleNamespace(is_connected_to_shared_instance=False)
j = json.load(open(sys.argv[1]))
strand = RNS.Identity.from_bytes(bytes.fromhex(j["strand_private"]))
python = RNS.Identity.from_bytes(bytes.fromhex(j["python_private"]))
strand_out = RNS.Destination(strand, RNS.Destination.OUT, RNS.Destination.SINGLE, "lxmf", "delivery")
python_in = RNS.Destination(python, RNS.Destination.IN, RNS.Destination.SINGLE, "lxmf", "delivery")
RNS.Identity.remember(os.urandom(32), strand_out.hash, strand.get_public_key(), None)
r = {}
m = LXMessage.unpack_from_bytes(bytes.fromhex(j["packed"]))
r["id"] = m.hash.hex(); r["sig"] = m.signature_validated; r["title"] = m.title_as_string(); r["content"] = m.content_as_string()
r["attachment"] = m.fields[LXMF.FIELD_FILE_ATTACHMENTS][0][0]; r["custom"] = m.fields[0x1234]
r["stamp_ok"] = m.validate_stamp(j["cost"]); r["stamp_value"] = m.stamp_value
tid, lxm_data, value, _ = LXStamper.validate_pn_stamp(bytes.fromhex(j["pn_entry"]), j["cost"])
r["pn_tid"] = tid.hex() if tid else None; r["pn_value"] = value
paper = base64.urlsafe_b64decode(j["paper_uri"].replace("lxm://", "").replace("/", "") + "==")
pp = LXMessage.unpack_from_bytes(paper[:16] + python_in.decrypt(paper[16:]))
r["paper"] = [pp.hash.hex(), pp.signature_validated, pp.content_as_string()]
fields = {LXMF.FIELD_FILE_ATTACHMENTS: [["py.txt", b"from python"]], LXMF.FIELD_TICKET: [time.time() + 86400, os.urandom(16)]}
out = LXMessage(strand_out, python_in, "Python to Strand", "ref", fields=fields, stamp_cost=j["cost"])
out.defer_stamp = False
out.pack()
r["py_packed"] = out.packed.hex(); r["py_id"] = out.hash.hex()
pm = LXMessage(strand_out, python_in, "paper from python", "p", desired_method=LXMessage.PAPER)
pm.pack()
r["py_uri"] = pm.as_uri(); r["py_paper_id"] = pm.hash.hex()
print(json.dumps(r))
`;

const hex = (u: Uint8Array): string => Buffer.from(u).toString('hex');
const unhex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));

describe('Strand ↔ Python LXMF (reference)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'strand-lxmf-'));
  const pool = new StampWorkerPool({ workers: 1 });
  afterAll(async () => {
    await pool.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!RNS_PATH)('each side unpacks, verifies and validates the stamps of the other', async () => {
    const strand = Identity.generate();
    const python = Identity.generate();
    const cost = 6;
    const fields = new Map<MsgpackValue, MsgpackValue>([
      [Field.FILE_ATTACHMENTS, encodeAttachments([{ name: 'a.txt', data: new TextEncoder().encode('from strand') }])],
      [Field.TICKET, [new Float64(Date.now() / 1000 + 86400), new Uint8Array(16).fill(1)]],
      [0x1234, 'experimental'],
    ]);
    const msg = LXMessage.create({ destinationHash: deliveryDestinationHash(python), source: strand, title: 'Strand', content: 'Grüße 🌐', fields });
    const stamp = await pool.generate(msg.hash, cost);
    const stamped = msg.withStamp(stamp.stamp);
    const prop = buildPropagated(stamped.packed, (pt) => python.encrypt(pt));
    const pn = await pool.generate(prop.transientId, cost, { expandRounds: WORKBLOCK_EXPAND_ROUNDS_PN });
    const paperMsg = LXMessage.create({ destinationHash: deliveryDestinationHash(python), source: strand, content: 'on paper' });
    const paper = buildPaper(paperMsg.packed, (pt) => python.encrypt(pt));
    const file = path.join(dir, 'case.json');
    writeFileSync(file, JSON.stringify({
      strand_private: hex(strand.privateKeyBytes()), python_private: hex(python.privateKeyBytes()), cost,
      packed: hex(stamped.packed), pn_entry: hex(Buffer.concat([prop.lxmfData, pn.stamp])), paper_uri: paper.uri,
    }));
    const run = spawnSync(process.env.RNS_PYTHON ?? 'python3', ['-c', PYTHON, file], {
      env: { ...process.env, PYTHONPATH: `${RNS_PATH}${path.delimiter}${LXMF_PATH}` },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.stderr).not.toMatch(/Traceback/);
    const r = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
    expect(r).toMatchObject({ id: hex(msg.hash), sig: true, title: 'Strand', content: 'Grüße 🌐', attachment: 'a.txt', custom: 'experimental', stamp_ok: true, stamp_value: stamp.value });
    expect(r).toMatchObject({ pn_tid: hex(prop.transientId), pn_value: pn.value, paper: [hex(paperMsg.hash), true, 'on paper'] });

    const recall = (h: Uint8Array): Identity | null => (Buffer.from(h).equals(deliveryDestinationHash(python)) ? python : null);
    const fromPy = LXMessage.unpack(unhex(String(r.py_packed)), { recall });
    expect(hex(fromPy.hash)).toBe(r.py_id);
    expect(fromPy.signatureValidated).toBe(true);
    expect(validateMessageStamp(fromPy.stamp, fromPy.hash, cost).valid).toBe(true);
    expect(decodeAttachments(fromPy.fields)).toMatchObject({ ok: true, value: [{ name: 'py.txt' }] });
    const opened = openEncryptedContainer(decodePaperUri(String(r.py_uri)), (ct) => strand.decrypt(ct));
    const pm = LXMessage.unpack(opened.packed, { recall });
    expect([hex(pm.hash), pm.signatureValidated, pm.contentAsString()]).toEqual([r.py_paper_id, true, 'paper from python']);
  });
});
