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

  /** Whether a path request for this destination went out within PATH_REQUEST_TIMEOUT_MS. */
  isPending(destinationHash: Uint8Array): boolean {
    const at = this.requestedAt.get(toHex(destinationHash));
    return at !== undefined && this.t.clock.now() - at < PATH_REQUEST_TIMEOUT_MS;
  }

  /** A path to `destinationHash` was just learned. */
  resolved(destinationHash: Uint8Array): void {
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
    const uniq = toHex(target) + toHex(tag);
    if (this.seenTags.has(uniq)) return this.t.drop('path_request_duplicate');
    this.seenTags.set(uniq, true);
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
    } else if (t.shared.hasLocalClients()) {
      for (const client of t.shared.localClients()) this.request(target, client);
    }
  }

  /** Whether the network asked for this destination on a local client; forgets the request. */
  takePendingLocal(destinationHash: Uint8Array): boolean {
    return this.pendingLocal.delete(toHex(destinationHash));
  }

  jobs(_now: number): void {
    // Waiters carry their own timers; nothing periodic yet.
  }

  /** Resolves every waiter with false. */
  stop(): void {
    for (const set of [...this.waiters.values()]) for (const w of [...set]) w.resolve(false);
    this.waiters.clear();
  }
}
