// SPDX-License-Identifier: MIT
// The 14 LXMF commands of the conformance bridge (PROTOCOL.md §1). One bridge process is one LXMF
// node: a fresh identity, a Transport with no interfaces until the suite adds TCP ones, and an
// LXMRouter whose delivery destination has ratchets on. Messages live in memory only:
// `storage_path` is created (suites expect it to exist) but nothing is persisted there.
import { mkdir, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as z from 'zod';
import { ENCRYPTED_PACKET_MAX_CONTENT, LXMessage, MessageState, Method } from '../lxmf/index.js';
import type { LxmFields, MethodValue } from '../lxmf/index.js';
import { LXMRouter, MemoryMessageStore } from '../lxmf/router/index.js';
import { StampWorkerPool } from '../lxmf/stamps/index.js';
import { Identity, KnownIdentities } from '../reticulum/identity/index.js';
import { TCPClientInterface, TCPServerInterface } from '../reticulum/interfaces/index.js';
import { Transport } from '../reticulum/transport/index.js';
import { Float64, MsgpackExt } from '../reticulum/wire/index.js';
import type { MsgpackValue } from '../reticulum/wire/index.js';
import { BridgeError } from './errors.js';
import { boolLike, hex, intLike, toHex } from './params.js';
import type { CommandRegistry } from './registry.js';

/** One received message as `lxmf_get_received_messages` lists it. */
interface InboxEntry {
  seq: number;
  message_hash: string;
  source_hash: string;
  destination_hash: string;
  title: string;
  content: string;
  method: string;
  ack_status: 'received';
  received_at_ms: number;
  fields: Record<string, unknown>;
}

interface LxmfNode {
  identity: Identity;
  known: KnownIdentities;
  transport: Transport;
  router: LXMRouter;
  pool: StampWorkerPool;
  inbox: InboxEntry[];
  states: Map<string, number>;
  interfaces: number;
}

const METHOD_NAMES: Record<number, string> = { [Method.OPPORTUNISTIC]: 'opportunistic', [Method.DIRECT]: 'direct', [Method.PROPAGATED]: 'propagated' };

/** MessageState → the suite's lowercase names; REJECTED and CANCELLED are failures to a suite. */
export function stateName(state: number | undefined): string {
  switch (state) {
    case MessageState.GENERATING:
      return 'generating';
    case MessageState.OUTBOUND:
      return 'outbound';
    case MessageState.SENDING:
      return 'sending';
    case MessageState.SENT:
      return 'sent';
    case MessageState.DELIVERED:
      return 'delivered';
    case MessageState.FAILED:
    case MessageState.REJECTED:
    case MessageState.CANCELLED:
      return 'failed';
    default:
      return 'unknown';
  }
}

type Tagged = string | number | boolean | null | Tagged[] | { [key: string]: Tagged };
const tagged: z.ZodType<Tagged> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(tagged), z.record(z.string(), tagged)]));

/** Tagged JSON ({"bytes": hex}, {"str"}, {"int"}, {"bool"}, arrays, bare primitives) → msgpack value. */
export function fromTagged(v: Tagged): MsgpackValue {
  if (Array.isArray(v)) return v.map(fromTagged);
  if (v === null || typeof v !== 'object') return typeof v === 'number' && !Number.isInteger(v) ? new Float64(v) : v;
  const keys = Object.keys(v);
  const only = keys.length === 1 ? keys[0] : undefined;
  const inner = only === undefined ? undefined : v[only];
  if (only === 'bytes' && typeof inner === 'string' && /^(?:[0-9a-fA-F]{2})*$/.test(inner)) return new Uint8Array(Buffer.from(inner, 'hex'));
  if (only === 'str' && typeof inner === 'string') return inner;
  if (only === 'int' && typeof inner === 'number' && Number.isInteger(inner)) return inner;
  if (only === 'bool' && typeof inner === 'boolean') return inner;
  throw new BridgeError('BRIDGE_ERR_BAD_FIELD', `unrecognised tagged field value ${JSON.stringify(v)}`);
}

/** Msgpack value → JSON as the suite reads received fields (bytes as plain hex). */
export function toJsonValue(v: MsgpackValue): unknown {
  if (v instanceof Uint8Array) return toHex(v);
  if (v instanceof Float64) return v.value;
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k instanceof Uint8Array ? toHex(k) : k), toJsonValue(x)]));
  // LXMF never uses msgpack ext; it has no JSON form the suite reads.
  if (v instanceof MsgpackExt) return null;
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJsonValue(x)]));
  return v;
}

const fieldsParam = z
  .record(z.string().regex(/^\d+$/, 'field keys must be decimal ids'), tagged)
  .nullish()
  .transform((f, ctx): LxmFields | null => {
    if (!f) return null;
    try {
      return new Map(Object.entries(f).map(([k, v]) => [Number(k), fromTagged(v)]));
    } catch (error) {
      // A throw inside a zod transform escapes safeParse; report it as an invalid param instead.
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
      return z.NEVER;
    }
  });

const sendParams = z.object({ destination_hash: hex, content: z.string(), title: z.string().nullish(), fields: fieldsParam });
const hashParam = z.object({ destination_hash: hex });
const utf8 = new TextDecoder();

/** Adds the 14 `lxmf_*` commands; they share one node per registry (one per bridge process). */
export function registerLxmfCommands(registry: CommandRegistry): void {
  let node: LxmfNode | null = null;
  const need = (): LxmfNode => {
    if (!node) throw new BridgeError('BRIDGE_ERR_NOT_INITIALISED', 'lxmf_init has not been called');
    return node;
  };

  async function send(p: z.output<typeof sendParams>, method: MethodValue): Promise<Record<string, unknown>> {
    const n = need();
    if (method !== Method.PROPAGATED && !n.known.recall(p.destination_hash)) {
      throw new BridgeError('BRIDGE_ERR_UNKNOWN_DESTINATION', `no identity known for ${toHex(p.destination_hash)}; wait for its announce`);
    }
    if (method === Method.OPPORTUNISTIC) {
      // The router silently upgrades oversize opportunistic messages to DIRECT (as the reference);
      // the suite must see an error instead, so size the message as the router will.
      const probe = LXMessage.create({ destinationHash: p.destination_hash, source: n.identity, title: p.title ?? '', content: p.content, fields: p.fields ?? new Map() });
      const stampBytes = n.router.stampCostOf(p.destination_hash) ? 32 : 0;
      if (probe.contentSize + stampBytes > ENCRYPTED_PACKET_MAX_CONTENT) {
        throw new BridgeError('BRIDGE_ERR_TOO_LARGE', `content of ${probe.contentSize} bytes exceeds the opportunistic limit of ${ENCRYPTED_PACKET_MAX_CONTENT}; it would be sent DIRECT`);
      }
    }
    const id = await n.router.send({ destinationHash: p.destination_hash, content: p.content, title: p.title ?? '', fields: p.fields, method });
    return { message_hash: toHex(id) };
  }

  registry.add(
    'lxmf_init',
    z.object({ display_name: z.string().nullish(), storage_path: z.string().nullish(), enable_propagation_node: boolLike.nullish(), identity_pem: z.unknown().optional() }),
    async (p) => {
      if (node) throw new BridgeError('BRIDGE_ERR_ALREADY_INITIALISED', 'lxmf_init was already called in this process');
      if (p.enable_propagation_node) throw new BridgeError('BRIDGE_ERR_UNSUPPORTED', 'Strand has no propagation node');
      const storage = p.storage_path ?? (await mkdtemp(path.join(os.tmpdir(), 'strand-lxmf-bridge-')));
      await mkdir(storage, { recursive: true });
      const identity = Identity.generate();
      const known = new KnownIdentities();
      const transport = new Transport({ knownIdentities: known }, { interfaces: [] });
      await transport.start();
      const pool = new StampWorkerPool({ workers: 1 });
      const store = new MemoryMessageStore();
      const router = new LXMRouter({ transport, knownIdentities: known, identity, store, stampPool: pool }, { displayName: p.display_name ?? null, ratchets: true });
      const created: LxmfNode = { identity, known, transport, router, pool, inbox: [], states: new Map(), interfaces: 0 };
      router.on('state', (e) => created.states.set(toHex(e.messageId), e.state));
      router.on('message', (m, info) => {
        created.inbox.push({
          seq: created.inbox.length + 1,
          message_hash: toHex(m.hash),
          source_hash: toHex(m.sourceHash),
          destination_hash: toHex(m.destinationHash),
          title: utf8.decode(m.title),
          content: utf8.decode(m.content),
          method: METHOD_NAMES[info.method] ?? 'unknown',
          ack_status: 'received',
          received_at_ms: Math.round(info.receivedAt * 1000),
          fields: toJsonValue(m.fields) as Record<string, unknown>,
        });
      });
      await router.start();
      node = created;
      return { identity_hash: toHex(identity.hash), delivery_destination_hash: toHex(router.deliveryHash), config_dir: storage, storage_path: storage };
    },
  );

  registry.add('lxmf_add_tcp_server_interface', z.object({ bind_port: intLike.nullish(), name: z.string().nullish() }), async (p) => {
    const n = need();
    const name = p.name ?? `TCP server ${++n.interfaces}`;
    const iface = new TCPServerInterface({ name, listenIp: '127.0.0.1', listenPort: p.bind_port ?? 0 });
    await n.transport.addInterface(iface);
    return { port: iface.port, interface_name: name };
  });

  registry.add('lxmf_add_tcp_client_interface', z.object({ target_port: intLike, target_host: z.string().nullish(), name: z.string().nullish() }), async (p) => {
    const n = need();
    const name = p.name ?? `TCP client ${++n.interfaces}`;
    await n.transport.addInterface(new TCPClientInterface({ name, targetHost: p.target_host ?? '127.0.0.1', targetPort: p.target_port }));
    return { interface_name: name };
  });

  registry.add('lxmf_announce', z.object({}), () => {
    const n = need();
    n.router.announce();
    return { delivery_destination_hash: toHex(n.router.deliveryHash) };
  });

  registry.add('lxmf_send_opportunistic', sendParams, (p) => send(p, Method.OPPORTUNISTIC));
  registry.add('lxmf_send_direct', sendParams, (p) => send(p, Method.DIRECT));
  registry.add('lxmf_send_propagated', sendParams, (p) => send(p, Method.PROPAGATED));

  registry.add('lxmf_has_path', hashParam, (p) => {
    const n = need();
    const transportHasPath = n.transport.hasPath(p.destination_hash);
    const identityRecalled = n.known.recall(p.destination_hash) !== null;
    return { has_path: transportHasPath && identityRecalled, transport_has_path: transportHasPath, identity_recalled: identityRecalled };
  });

  registry.add('lxmf_request_path', hashParam, (p) => {
    need().transport.requestPath(p.destination_hash);
    return { requested: true };
  });

  // The PN's stamp cost comes from its announce, as in the reference; the param is accepted only.
  registry.add('lxmf_set_outbound_propagation_node', z.object({ destination_hash: hex, stamp_cost: intLike.nullish() }), (p) => {
    need().router.propagation.setNode(p.destination_hash);
    return { ok: true };
  });

  registry.add('lxmf_sync_inbound', z.object({ timeout_sec: z.number().positive().nullish() }), async (p) => {
    const n = need();
    const ms = (p.timeout_sec ?? 30) * 1000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), ms);
    });
    const result = await Promise.race([n.router.syncInbound(), timedOut]);
    clearTimeout(timer);
    return { final_state: result ? result.state : n.router.propagation.state };
  });

  registry.add('lxmf_get_received_messages', z.object({ since_seq: intLike.nullish() }), (p) => {
    const n = need();
    const since = p.since_seq ?? 0;
    return { messages: n.inbox.filter((m) => m.seq > since), last_seq: n.inbox.length };
  });

  registry.add('lxmf_get_message_state', z.object({ message_hash: hex }), (p) => ({ state: stateName(need().states.get(toHex(p.message_hash))) }));

  registry.add('lxmf_shutdown', z.object({}), async () => {
    const n = node;
    node = null;
    if (n) {
      await n.router.stop();
      await n.transport.stop();
      await n.pool.stop();
    }
    return { stopped: true };
  });
}
