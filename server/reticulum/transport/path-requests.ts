// SPDX-License-Identifier: MIT
// Path requests and path responses (RNS/Transport.py :: request_path, path_request_handler,
// path_request, await_path; protocol §5.6). Requests are PLAIN DATA packets to
// `rnstransport.path.request`; local destinations answer with a PATH_RESPONSE announce on the
// interface the request came in on; transport nodes also answer from their path table.
import { randomBytes } from '../crypto/index.js';
import type { NetworkInterface } from '../interfaces/interface.js';
import { concatBytes, fromHex, toHex } from '../wire/bytes.js';
import { Context, DestinationType, PacketType } from '../wire/constants.js';
import { BoundedMap } from './packet-cache.js';
import { MAX_PATH_REQUEST_TAGS, PATH_REQUEST_MIN_INTERVAL_MS, PATH_REQUEST_TIMEOUT_MS } from './constants.defaults.js';
import { PathRequestIngress } from './ingress-control.js';
import type { InterfaceMode } from '../interfaces/interface.js';

/** Interface modes a transport node searches unknown paths for (Interface.DISCOVER_PATHS_FOR). */
const DISCOVER_PATHS_FOR: readonly InterfaceMode[] = ['access_point', 'gateway', 'roaming'];
/** A boundary interface's requests are only searched for on these (BOUNDARY_SEARCH_MODES). */
const BOUNDARY_SEARCH_MODES: readonly InterfaceMode[] = ['boundary', 'gateway'];
/** Outstanding searches on behalf of others; each lives PATH_REQUEST_TIMEOUT_MS. */
const MAX_DISCOVERIES = 4096;

interface Discovery {
  requester: NetworkInterface;
  expires: number;
}
import type { Transport } from './transport.js';

/** Hash of the PLAIN destination `rnstransport.path.request` (fixed by its name). */
export const PATH_REQUEST_DESTINATION = '6b9f66014d9853faab220fba47d02761';

interface Waiter {
  resolve(found: boolean): void;
}

export class PathRequests {
  private readonly seenTags = new BoundedMap<true>(MAX_PATH_REQUEST_TAGS);
  private readonly waiters = new Map<string, Set<Waiter>>();
  /** When we last requested each destination (Transport.path_requests), bounded. */
  readonly requestedAt = new BoundedMap<number>(MAX_PATH_REQUEST_TAGS);
  /** Network requests for destinations on local clients (Transport.pending_local_path_requests). */
  private readonly pendingLocal = new BoundedMap<true>(MAX_PATH_REQUEST_TAGS);
  /** Searches for unknown destinations on behalf of a requesting interface (discovery_path_requests). */
  private readonly discoveries = new BoundedMap<Discovery>(MAX_DISCOVERIES);
  private readonly ingress = new WeakMap<NetworkInterface, PathRequestIngress>();

  constructor(private readonly t: Transport) {}

  /** Sends a path request on every interface (or one). */
  request(destinationHash: Uint8Array, iface?: NetworkInterface, tag: Uint8Array = randomBytes(16)): void {
    // Transport nodes include their id so the answering node can skip answering its own next hop.
    const data = this.t.transportEnabled ? concatBytes(destinationHash, this.t.identity.hash, tag) : concatBytes(destinationHash, tag);
    this.requestedAt.set(toHex(destinationHash), this.t.clock.now());
    this.t.send(
      {
        ifac: false,
        headerType: 1,
        contextFlag: false,
        propagationType: 0,
        destinationType: DestinationType.PLAIN,
        packetType: PacketType.DATA,
        hops: 0,
        transportId: null,
        destinationHash: fromHex(PATH_REQUEST_DESTINATION),
        context: Context.NONE,
        data,
      },
      { receipt: false, ...(iface ? { iface } : {}) },
    );
  }

  /**
   * Waits for a path. Sends a request unless `request` is false or one went out for this
   * destination in the last PATH_REQUEST_MIN_INTERVAL_MS (use request() to force one).
   */
  await(destinationHash: Uint8Array, opts: { timeoutMs?: number; signal?: AbortSignal; request?: boolean }): Promise<boolean> {
    if (this.t.hasPath(destinationHash)) return Promise.resolve(true);
    if (opts.signal?.aborted) return Promise.resolve(false);
    const key = toHex(destinationHash);
    return new Promise<boolean>((resolve) => {
      const set = this.waiters.get(key) ?? new Set<Waiter>();
      this.waiters.set(key, set);
      const finish = (found: boolean): void => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        set.delete(waiter);
        if (set.size === 0 && this.waiters.get(key) === set) this.waiters.delete(key);
        resolve(found);
      };
      const waiter: Waiter = { resolve: finish };
      const onAbort = (): void => finish(false);
      const timer = setTimeout(() => finish(false), opts.timeoutMs ?? PATH_REQUEST_TIMEOUT_MS);
      timer.unref();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      set.add(waiter);
      // Automatic re-requests are throttled like the reference's PATH_REQUEST_MI.
      const last = this.requestedAt.get(key);
      const recent = last !== undefined && this.t.clock.now() - last < PATH_REQUEST_MIN_INTERVAL_MS;
      if (opts.request !== false && !recent) this.request(destinationHash);
    });
  }

  /** Whether a path request for this destination went out (or a search runs) within PATH_REQUEST_TIMEOUT_MS. */
  isPending(destinationHash: Uint8Array): boolean {
    const key = toHex(destinationHash);
    const at = this.requestedAt.get(key);
    return (at !== undefined && this.t.clock.now() - at < PATH_REQUEST_TIMEOUT_MS) || this.discoveries.has(key);
  }

  /** A path to `destinationHash` was just learned. */
  resolved(destinationHash: Uint8Array): void {
    const found = this.discoveries.get(toHex(destinationHash));
    if (found) {
      this.discoveries.delete(toHex(destinationHash));
      // Someone asked us to search for it: answer them at once with a path response.
      if (found.expires > this.t.clock.now()) this.t.forwarder.answerDiscovery(destinationHash, found.requester);
    }
    const set = this.waiters.get(toHex(destinationHash));
    if (!set) return;
    for (const w of [...set]) w.resolve(true);
  }

  /** Handles an inbound path request payload (path_request_handler). */
  inbound(data: Uint8Array, iface: NetworkInterface): void {
    if (data.length < 16) return this.t.drop('path_request_malformed');
    const target = data.slice(0, 16);
    let requester: Uint8Array | null = null;
    let tag: Uint8Array;
    if (data.length > 32) {
      requester = data.slice(16, 32);
      tag = data.slice(32, 48);
    } else {
      tag = data.slice(16, 32);
    }
    // Requests without a tag are ignored by the reference (they cannot be de-duplicated).
    if (tag.length === 0) return this.t.drop('path_request_no_tag');
    const ingress = this.ingressOf(iface);
    ingress.received(this.t.clock.now());
    const uniq = toHex(target) + toHex(tag);
    if (this.seenTags.has(uniq)) return this.t.drop('path_request_duplicate');
    this.seenTags.set(uniq, true);
    // Evaluated for every new request, as the reference does, so a burst is noticed while it builds.
    const limited = ingress.shouldLimit(this.t.clock.now());
    const t = this.t;
    const fromLocal = t.shared.isLocalClient(iface);
    const path = t.paths.get(target);
    const onLocalClient = path !== undefined && t.shared.isLocalClient(path.iface);
    if (onLocalClient) this.pendingLocal.set(toHex(target), true);
    const local = t.localDestination(target);
    if (local) {
      t.announce(local, { pathResponse: true, tag, iface });
    } else if ((t.transportEnabled || fromLocal) && path) {
      t.forwarder.answerPathRequest(target, requester, iface, fromLocal || onLocalClient);
    } else if (fromLocal) {
      // An attached program asks for an unknown destination: ask everywhere else with one new tag.
      const newTag = randomBytes(16);
      for (const other of t.broadcastInterfaces()) if (other !== iface) this.request(target, other, newTag);
    } else if (t.transportEnabled && (DISCOVER_PATHS_FOR.includes(iface.mode) || iface.mode === 'boundary')) {
      this.search(target, tag, iface, limited);
    } else if (t.shared.hasLocalClients()) {
      for (const client of t.shared.localClients()) this.request(target, client);
    } else {
      t.drop('path_request_unknown');
    }
  }

  private ingressOf(iface: NetworkInterface): PathRequestIngress {
    let ic = this.ingress.get(iface);
    if (!ic) this.ingress.set(iface, (ic = new PathRequestIngress(this.t.clock.now())));
    return ic;
  }

  /**
   * Recursive path discovery (Transport.path_request, should_search_for_unknown): ask the other
   * interfaces with the same tag (so the request cannot loop), remember who asked, and answer them
   * when the path arrives. Not while the asking interface is in a path-request burst, and each
   * forwarded request is charged to the outgoing interface's announce cap.
   */
  private search(target: Uint8Array, tag: Uint8Array, requester: NetworkInterface, limited: boolean): void {
    const t = this.t;
    const key = toHex(target);
    const now = t.clock.now();
    const existing = this.discoveries.get(key);
    if (existing && existing.expires > now) return t.drop('path_request_search_running');
    if (limited) return t.drop('path_request_ingress_limited');
    this.discoveries.set(key, { requester, expires: now + PATH_REQUEST_TIMEOUT_MS });
    const onlyModes = requester.mode === 'boundary' ? BOUNDARY_SEARCH_MODES : null;
    const size = 16 + (t.transportEnabled ? 16 : 0) + tag.length + 2 + 16;
    for (const other of t.broadcastInterfaces()) {
      if (other === requester || !other.online) continue;
      if (onlyModes && !onlyModes.includes(other.mode)) continue;
      if (!t.reservePathRequestBudget(other, size, now)) {
        t.drop('path_request_capped');
        continue;
      }
      this.request(target, other, tag);
    }
  }

  /** Whether the network asked for this destination on a local client; forgets the request. */
  takePendingLocal(destinationHash: Uint8Array): boolean {
    return this.pendingLocal.delete(toHex(destinationHash));
  }

  jobs(now: number): void {
    for (const [key, d] of [...this.discoveries.entries()]) if (d.expires <= now) this.discoveries.delete(key);
  }

  /** Resolves every waiter with false. */
  stop(): void {
    for (const set of [...this.waiters.values()]) for (const w of [...set]) w.resolve(false);
    this.waiters.clear();
  }
}
