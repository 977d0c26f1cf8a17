// SPDX-License-Identifier: MIT
// Request handlers registered on a destination by path (Destination.register_request_handler).
// Requests name the handler by TH(utf8(path)), so the registry is keyed by that hash.
import { truncatedHash } from '../crypto/index.js';
import type { Identity } from '../identity/index.js';
import type { MsgpackValue } from '../wire/msgpack.js';
import { toHex } from '../wire/bytes.js';
import { RnsArgumentError } from '../errors.js';

/** Who may call a handler: nobody, everybody, or identified initiators on a list. */
export type RequestPolicy = 'none' | 'all' | 'list';

/** What a handler is given. */
export interface RequestContext {
  path: string;
  data: MsgpackValue;
  requestId: Uint8Array;
  linkId: Uint8Array;
  /** The identity the initiator revealed with `identify`, or null. */
  remoteIdentity: Identity | null;
  /** Seconds since the epoch, as the requester stamped it. */
  requestedAt: number;
}

/** A file-style response: sent as a resource carrying metadata (the handler's `[file, metadata]`). */
export interface FileResponse {
  file: Uint8Array;
  metadata: MsgpackValue;
}

/** Returns the response value; null/undefined sends no response at all (as the reference's None). */
export type RequestGenerator = (
  ctx: RequestContext,
) => MsgpackValue | FileResponse | undefined | Promise<MsgpackValue | FileResponse | undefined>;

export interface RequestHandler {
  path: string;
  generator: RequestGenerator;
  policy: RequestPolicy;
  /** Identity hashes allowed under the 'list' policy. */
  allowed: Uint8Array[];
  /** Whether resource responses may be bz2-compressed (bool or size limit, as the reference). */
  autoCompress: boolean | number;
}

/** Registry of handlers for one destination. */
export class RequestHandlers {
  private readonly byHash = new Map<string, RequestHandler>();

  /** Registers (or replaces) the handler for `path`. */
  register(
    path: string,
    generator: RequestGenerator,
    opts: { policy?: RequestPolicy; allowed?: Uint8Array[]; autoCompress?: boolean | number } = {},
  ): void {
    if (path.length === 0) throw new RnsArgumentError('RNS_ERR_REQUEST_PATH', 'request path must not be empty');
    const policy = opts.policy ?? 'none';
    this.byHash.set(toHex(truncatedHash(new TextEncoder().encode(path))), {
      path,
      generator,
      policy,
      allowed: opts.allowed ?? [],
      autoCompress: opts.autoCompress ?? true,
    });
  }

  /** Removes the handler for `path`; returns whether one existed. */
  deregister(path: string): boolean {
    return this.byHash.delete(toHex(truncatedHash(new TextEncoder().encode(path))));
  }

  /** The handler for a 16-byte path hash. */
  lookup(pathHash: Uint8Array): RequestHandler | undefined {
    return this.byHash.get(toHex(pathHash));
  }

  get size(): number {
    return this.byHash.size;
  }

  /** Applies the handler's policy to the (possibly unidentified) remote identity. */
  static allows(handler: RequestHandler, remote: Identity | null): boolean {
    switch (handler.policy) {
      case 'none':
        return false;
      case 'all':
        return true;
      case 'list': {
        if (!remote) return false;
        const h = toHex(remote.hash);
        return handler.allowed.some((a) => toHex(a) === h);
      }
    }
  }
}
