// SPDX-License-Identifier: MIT
// Requests and responses over a link (RNS/Link.py :: request, handle_request, handle_response;
// protocol §8.11). A request that fits one packet is identified by the truncated hash of that
// *packet* (ciphertext included); a larger one travels as a resource and is identified by
// TH(packed request). Responses echo the id and travel the same two ways.
import { truncatedHash } from '../crypto/index.js';
import { RnsArgumentError } from '../errors.js';
import { Context } from '../wire/constants.js';
import { Float64, packMsgpack, unpackMsgpack } from '../wire/msgpack.js';
import type { MsgpackValue } from '../wire/msgpack.js';
import { truncatedPacketHash } from '../wire/packet.js';
import type { Packet } from '../wire/packet.js';
import { toHex } from '../wire/bytes.js';
import { ResourceStatus, RESPONSE_MAX_GRACE_TIME } from '../resource/constants.js';
import { OutgoingResource } from '../resource/outgoing.js';
import { LinkStatus } from './constants.js';
import type { LinkCore } from './link-core.js';
import { RequestHandlers } from './request-handlers.js';
import type { FileResponse } from './request-handlers.js';
import { RequestReceipt } from './request-receipt.js';
import type { RequestCallbacks } from './request-receipt.js';

export interface RequestOptions extends RequestCallbacks {
  /** Seconds; default rtt × 6 + 11.25 (the reference's default). */
  timeout?: number;
  /** Largest response accepted (bytes); bigger responses are rejected and the request fails. */
  maxResponseSize?: number | null;
}

/** Sends a request for `path` with `data`; the receipt concludes with a response or a failure. */
export function sendRequest(link: LinkCore, path: string, data: MsgpackValue = null, opts: RequestOptions = {}): RequestReceipt {
  if (link.status !== LinkStatus.ACTIVE) throw new RnsArgumentError('RNS_ERR_LINK_NOT_ACTIVE', 'link is not active');
  const pathHash = truncatedHash(new TextEncoder().encode(path));
  const packed = packMsgpack([new Float64(link.scheduler.now()), pathHash, data]);
  const timeout = opts.timeout ?? (link.rtt ?? 0) * link.trafficTimeoutFactor + RESPONSE_MAX_GRACE_TIME * 1.125;
  const callbacks: RequestCallbacks = { response: opts.response, failed: opts.failed, progress: opts.progress };
  const release = (r: RequestReceipt): void => void link.pendingRequests.delete(r);
  if (packed.length <= link.mdu) {
    const raw = link.sendRaw(Context.REQUEST, packed);
    const receipt = new RequestReceipt(truncatedPacketHash(raw), link.scheduler, timeout, packed.length, opts.maxResponseSize ?? null, callbacks, release, true);
    link.pendingRequests.add(receipt);
    return receipt;
  }
  const receipt = new RequestReceipt(truncatedHash(packed), link.scheduler, timeout, packed.length, opts.maxResponseSize ?? null, callbacks, release, false);
  link.pendingRequests.add(receipt);
  OutgoingResource.create(link, packed, {
    requestId: receipt.requestId,
    isResponse: false,
    timeout,
    onConcluded: (r) => (r.status === ResourceStatus.COMPLETE ? receipt.requestDelivered() : receipt.fail()),
  }).catch(() => receipt.fail());
  return receipt;
}

/** A REQUEST packet: decrypt, bound its size by the destination's limit, dispatch. */
export function handleRequestPacket(link: LinkCore, packet: Packet, requestId: Uint8Array): void {
  const packed = link.decrypt(packet.data);
  if (!packed) return;
  const owner = link.getOwner();
  if (owner?.maxRequestSize != null && packed.length > owner.maxRequestSize) return;
  let unpacked: MsgpackValue;
  try {
    unpacked = unpackMsgpack(packed);
  } catch (err) {
    void err; // malformed requests are dropped without a response
    return;
  }
  handleRequest(link, requestId, unpacked);
}

function isFileResponse(v: unknown): v is FileResponse {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && !Array.isArray(v) && !(v instanceof Map) && 'file' in v && (v as FileResponse).file instanceof Uint8Array;
}

/** Runs the handler for an unpacked request `[requested_at, path_hash, data]` and responds. */
export function handleRequest(link: LinkCore, requestId: Uint8Array, unpacked: MsgpackValue): void {
  if (link.status !== LinkStatus.ACTIVE || !Array.isArray(unpacked) || unpacked.length < 3) return;
  const [requestedAt, pathHash, data] = unpacked;
  if (!(pathHash instanceof Uint8Array) || pathHash.length !== 16) return;
  const handler = link.getOwner()?.requestHandlers?.lookup(pathHash);
  if (!handler) return;
  const remote = link.getRemoteIdentity();
  if (!RequestHandlers.allows(handler, remote)) return;
  const respond = (response: MsgpackValue | FileResponse | undefined): void => {
    if (response === undefined || response === null || link.status !== LinkStatus.ACTIVE) return;
    if (isFileResponse(response)) {
      void OutgoingResource.create(link, response.file, {
        metadata: response.metadata,
        requestId,
        isResponse: true,
        autoCompress: handler.autoCompress,
      }).catch(() => undefined); // the requester's timeout reports the failure
      return;
    }
    const packed = packMsgpack([requestId, response]);
    if (packed.length <= link.mdu) link.sendLinkPacket(Context.RESPONSE, packed);
    else {
      void OutgoingResource.create(link, packed, { requestId, isResponse: true, autoCompress: handler.autoCompress }).catch(
        () => undefined, // the requester's timeout reports the failure
      );
    }
  };
  const result = handler.generator({
    path: handler.path,
    data: data ?? null,
    requestId,
    linkId: link.linkId,
    remoteIdentity: remote,
    requestedAt: typeof requestedAt === 'number' ? requestedAt : Number(requestedAt),
  });
  if (result instanceof Promise) result.then(respond, () => undefined /* a failing handler sends no response */);
  else respond(result);
}

/** A RESPONSE packet. */
export function handleResponsePacket(link: LinkCore, packet: Packet): void {
  const packed = link.decrypt(packet.data);
  if (packed) handleResponse(link, packed, true);
}

/** Delivers a packed `[request_id, response]` to the pending request with that id. */
export function handleResponse(link: LinkCore, packed: Uint8Array, checkSize = false): void {
  let unpacked: MsgpackValue;
  try {
    unpacked = unpackMsgpack(packed);
  } catch (err) {
    void err; // an undecodable response cannot be matched to a request; its timeout will fire
    return;
  }
  if (!Array.isArray(unpacked) || !(unpacked[0] instanceof Uint8Array)) return;
  const id = toHex(unpacked[0]);
  const pending = [...link.pendingRequests].find((p) => toHex(p.requestId) === id);
  if (!pending) return;
  const value = unpacked[1] ?? null;
  if (checkSize) {
    const size = packMsgpack(value).length - 2;
    pending.responseSize = size;
    pending.responseTransferSize = (pending.responseTransferSize ?? 0) + size;
    if (pending.maxResponseSize !== null && size > pending.maxResponseSize) return pending.fail();
  }
  pending.responseReceived(value);
}
