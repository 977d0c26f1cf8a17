// SPDX-License-Identifier: MIT
// Every case of lxmf_announce.json: delivery and propagation app_data built and parsed, the
// reference helpers' verdicts, and the full announces (delivery with ratchet, named PN).
import { describe, expect, it } from 'vitest';
import { Destination, DestinationType, Direction, validateAnnouncePacket } from '../reticulum/destination/index.js';
import { Identity, RatchetRing } from '../reticulum/identity/index.js';
import { decodePacket, encodePacket, packetHash } from '../reticulum/wire/index.js';
import { buildDeliveryAppData, buildPropagationAppData, parseDeliveryAppData, parsePropagationAppData } from './announce-data.js';
import { b, hex, loadVectors } from './test-helpers.js';

const CASES = loadVectors('lxmf_announce.json');

function checkHelpers(appData: Uint8Array, o: Record<string, unknown>): void {
  const d = parseDeliveryAppData(appData);
  if ('display_name_from_app_data' in o) expect(d.displayName).toBe(o.display_name_from_app_data);
  if ('stamp_cost_from_app_data' in o) expect(d.stampCost).toBe(o.stamp_cost_from_app_data);
  if ('compression_support_from_app_data' in o) expect(d.supportsCompression).toBe(o.compression_support_from_app_data);
  if ('pn_announce_data_is_valid' in o) expect(parsePropagationAppData(appData) !== null).toBe(o.pn_announce_data_is_valid);
}

describe('lxmf_announce.json', () => {
  it('has cases', () => expect(CASES.length).toBe(10));

  for (const c of CASES) {
    it(c.name, () => {
      const i = c.inputs;
      const o = c.outputs;
      if (i.kind === 'parse_app_data') {
        checkHelpers(b(i.app_data), o);
        return;
      }
      const identity = Identity.fromPrivateBytes(b(i.identity_private_key));
      if (i.kind === 'delivery') {
        const appData = buildDeliveryAppData({ displayName: i.display_name as string | null, stampCost: i.stamp_cost as number | null });
        expect(hex(appData)).toBe(o.app_data);
        checkHelpers(appData, o);
        const dest = new Destination({ identity, direction: Direction.IN, type: DestinationType.SINGLE, appName: 'lxmf', aspects: ['delivery'] });
        expect(dest.hexHash).toBe(o.delivery_destination_hash);
        if (i.announce) {
          const ratchet = b(i.ratchet_private);
          dest.enableRatchets(new RatchetRing());
          const raw = encodePacket(dest.announce({ appData, nowSeconds: Number(i.time), random: b((i.urandom as string[])[0]), generateRatchet: () => ratchet }));
          expect(hex(raw)).toBe(o.announce_raw);
          expect(hex(packetHash(raw))).toBe((o.announce_parsed as Record<string, unknown>).packet_hash);
          const v = validateAnnouncePacket(decodePacket(raw));
          expect(hex(v.ratchet)).toBe(o.ratchet_public);
          expect(parseDeliveryAppData(v.appData).stampCost).toBe(i.stamp_cost);
        }
        return;
      }
      const appData = buildPropagationAppData({
        timebase: Number(i.time),
        nodeState: i.node_enabled === true,
        perTransferLimit: Number(i.propagation_limit),
        perSyncLimit: Number(i.sync_limit),
        stampCost: Number(i.propagation_cost),
        stampCostFlexibility: Number(i.propagation_cost_flexibility),
        peeringCost: Number(i.peering_cost),
        name: i.name as string | null,
      });
      expect(hex(appData)).toBe(o.app_data);
      const parsed = parsePropagationAppData(appData);
      expect(parsed).not.toBeNull();
      expect(parsed?.name).toBe(o.pn_name_from_app_data);
      expect(parsed?.stampCost).toBe(o.pn_stamp_cost_from_app_data);
      expect(parsed?.nodeState).toBe(i.node_enabled);
      expect(parsed?.timebase).toBe(Number(i.time));
      checkHelpers(appData, o);
      const dest = new Destination({ identity, direction: Direction.IN, type: DestinationType.SINGLE, appName: 'lxmf', aspects: ['propagation'] });
      expect(dest.hexHash).toBe(o.propagation_destination_hash);
      if (i.announce) {
        const raw = encodePacket(dest.announce({ appData, nowSeconds: Number(i.time), random: b((i.urandom as string[])[0]) }));
        expect(hex(raw)).toBe(o.announce_raw);
        const v = validateAnnouncePacket(decodePacket(raw));
        expect(parsePropagationAppData(v.appData)?.name).toBe(i.name);
      }
    });
  }
});
