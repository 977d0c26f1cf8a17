// SPDX-License-Identifier: MIT
// Announce app_data of LXMF destinations (LXMF/LXMRouter.py :: get_announce_app_data,
// get_propagation_node_app_data; LXMF/LXMF.py :: display_name_from_app_data, stamp_cost_from_app_data,
// compression_support_from_app_data, pn_announce_data_is_valid, pn_name_from_app_data,
// pn_stamp_cost_from_app_data; protocol §11.7). Parsers never throw: app_data comes from anyone.
import { packMsgpack, unpackMsgpack } from '../reticulum/wire/index.js';
import type { MsgpackValue } from '../reticulum/wire/index.js';
import { PnMeta, SF_COMPRESSION } from './constants.js';
import { utf8Bytes, utf8Text } from './message.js';

/** What a node announces on lxmf.delivery. */
export interface DeliveryAnnounceInput {
  displayName?: string | null;
  /** Inbound stamp cost; only 1..254 is announced (others mean "no stamp required"). */
  stampCost?: number | null;
}

/** msgpack([display_name bin|nil, stamp_cost int|nil, [SF_COMPRESSION]]). */
export function buildDeliveryAppData(input: DeliveryAnnounceInput): Uint8Array {
  const name = input.displayName == null ? null : utf8Bytes(input.displayName);
  const cost = input.stampCost;
  const stampCost = typeof cost === 'number' && Number.isInteger(cost) && cost > 0 && cost < 255 ? cost : null;
  return packMsgpack([name, stampCost, [SF_COMPRESSION]]);
}

/** A parsed lxmf.delivery app_data. */
export interface DeliveryAnnounceData {
  /** 'msgpack' (LXMF ≥ 0.5.0), 'legacy' (raw UTF-8 name), 'empty', or 'invalid' (undecodable msgpack). */
  format: 'msgpack' | 'legacy' | 'empty' | 'invalid';
  displayName: string | null;
  /** The announced inbound stamp cost, when it is an integer. */
  stampCost: number | null;
  /** Whether resources to it may be compressed; null without app_data (the router then assumes yes). */
  supportsCompression: boolean | null;
}

function isMsgpackForm(appData: Uint8Array): boolean {
  const b = appData[0] as number;
  return (b >= 0x90 && b <= 0x9f) || b === 0xdc;
}

/** Parses lxmf.delivery app_data as the reference's helpers do, without ever throwing. */
export function parseDeliveryAppData(appData: Uint8Array | null | undefined): DeliveryAnnounceData {
  if (!appData || appData.length === 0) return { format: 'empty', displayName: null, stampCost: null, supportsCompression: null };
  if (!isMsgpackForm(appData)) {
    return { format: 'legacy', displayName: utf8Text(appData), stampCost: null, supportsCompression: true };
  }
  let list: MsgpackValue;
  try {
    list = unpackMsgpack(appData);
  } catch (error) {
    // Python raises here and drops the announce's name/cost; we report it instead.
    void error;
    return { format: 'invalid', displayName: null, stampCost: null, supportsCompression: null };
  }
  const peer = list as MsgpackValue[];
  const dn = peer[0];
  const displayName = dn instanceof Uint8Array ? cleanName(utf8Text(dn)) : null;
  const cost = peer.length >= 2 ? peer[1] : null;
  const stampCost = typeof cost === 'number' && Number.isInteger(cost) ? cost : null;
  const sf = peer[2];
  const supportsCompression = peer.length < 3 || !Array.isArray(sf) ? true : sf.some((c) => c === SF_COMPRESSION);
  return { format: 'msgpack', displayName, stampCost, supportsCompression };
}

/** stamp_cost_from_app_data: the recipient's announced inbound stamp cost, or null. */
export function stampCostFromAppData(appData: Uint8Array | null | undefined): number | null {
  return parseDeliveryAppData(appData).stampCost;
}

/** compression_support_from_app_data, with the router's default: no app_data means "supported". */
export function compressionSupportFromAppData(appData: Uint8Array | null | undefined): boolean {
  return parseDeliveryAppData(appData).supportsCompression ?? true;
}

// display_name_from_app_data: .replace("\x00", "").strip()
function cleanName(name: string | null): string | null {
  return name === null ? null : name.replace(/\0/g, '').trim();
}

/** What a propagation node announces on lxmf.propagation. */
export interface PropagationAnnounceInput {
  /** Node timebase, Unix seconds (int(time.time())). */
  timebase: number;
  /** Active as a propagation node (and not static-only). */
  nodeState: boolean;
  /** Per-transfer limit in KB (default 256). */
  perTransferLimit: number;
  /** Per-sync limit in KB (default 10240). */
  perSyncLimit: number;
  stampCost: number;
  stampCostFlexibility: number;
  peeringCost: number;
  /** Node name, sent as PN_META_NAME (bin). */
  name?: string | null;
  /** Extra metadata entries (int keys), after the name. */
  metadata?: Map<number, MsgpackValue>;
}

/** msgpack([False, timebase, node_state, transfer KB, sync KB, [cost, flex, peering], metadata]). */
export function buildPropagationAppData(input: PropagationAnnounceInput): Uint8Array {
  const metadata = new Map<MsgpackValue, MsgpackValue>();
  if (input.name) metadata.set(PnMeta.NAME, utf8Bytes(input.name));
  for (const [k, v] of input.metadata ?? []) metadata.set(k, v);
  return packMsgpack([
    false,
    Math.floor(input.timebase),
    input.nodeState,
    input.perTransferLimit,
    input.perSyncLimit,
    [input.stampCost, input.stampCostFlexibility, input.peeringCost],
    metadata,
  ]);
}

/** A valid lxmf.propagation app_data (pn_announce_data_is_valid), decoded. */
export interface PropagationAnnounceData {
  timebase: number;
  nodeState: boolean;
  perTransferLimit: number;
  perSyncLimit: number;
  stampCost: number;
  stampCostFlexibility: number;
  peeringCost: number;
  metadata: Map<MsgpackValue, MsgpackValue>;
  /** PN_META_NAME as text, null when absent or not valid UTF-8 bytes. */
  name: string | null;
}

/**
 * Parses lxmf.propagation app_data; null when the reference would call it invalid. Python's int()
 * accepts ints, floats (truncated), bools and decimal strings/bytes, so this does too.
 */
export function parsePropagationAppData(appData: Uint8Array | null | undefined): PropagationAnnounceData | null {
  if (!appData || appData.length === 0) return null;
  let data: MsgpackValue;
  try {
    data = unpackMsgpack(appData);
  } catch (error) {
    void error; // invalid msgpack: "not a propagation node announce"
    return null;
  }
  if (!Array.isArray(data) || data.length < 7) return null;
  const timebase = pyInt(data[1]);
  const state = data[2];
  const nodeState = state === true || state === 1 ? true : state === false || state === 0 ? false : null;
  const perTransferLimit = pyInt(data[3]);
  const perSyncLimit = pyInt(data[4]);
  const costs = data[5];
  const metadata = data[6];
  if (timebase === null || nodeState === null || perTransferLimit === null || perSyncLimit === null) return null;
  if (!Array.isArray(costs) || !(metadata instanceof Map)) return null;
  const [c0, c1, c2] = [pyInt(costs[0]), pyInt(costs[1]), pyInt(costs[2])];
  if (c0 === null || c1 === null || c2 === null) return null;
  const rawName = metadata.get(PnMeta.NAME);
  return {
    timebase,
    nodeState,
    perTransferLimit,
    perSyncLimit,
    // pn_stamp_cost_from_app_data returns data[5][0] as sent; an int in every real announce.
    stampCost: c0,
    stampCostFlexibility: c1,
    peeringCost: c2,
    metadata,
    name: rawName instanceof Uint8Array ? utf8Text(rawName) : null,
  };
}

function pyInt(v: MsgpackValue | undefined): number | null {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : null;
  if (typeof v === 'bigint') return Number(v);
  const text = typeof v === 'string' ? v : v instanceof Uint8Array ? utf8Text(v) : null;
  if (text === null || !/^\s*[+-]?\d+(?:_\d+)*\s*$/.test(text)) return null;
  return Number(text.replace(/_/g, '').trim());
}
