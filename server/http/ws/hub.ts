// SPDX-License-Identifier: MIT
// The live-event WebSocket (/api/v1/ws). Threats: cross-site WebSocket hijacking (the browser sends
// cookies cross-origin on upgrade, so Origin is checked), oversized or malformed frames (bounded
// payload, every message schema-validated), slow readers (a client whose buffer grows is dropped),
// and revoked sessions (their sockets are closed at once).
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RawData } from 'ws';
import { WebSocket, WebSocketServer } from 'ws';
import type { AuthService } from '../../app/auth.service.js';
import type { EventBus } from '../../app/events.js';
import type { LogsService } from '../../app/logs.service.js';
import { loggablePath } from '../access-log.js';
import { sessionTag } from '../session.js';
import type { Logger } from '../../logging/logger.js';
import type { WsEventType, WsServerMessage } from '../contract/index.js';
import { WS_MAX_PAYLOAD, WS_PATH, wsClientMessage, wsEventTypes } from '../contract/index.js';
import { upgradeHostAllowed } from '../host-check.js';
import { readCookie, sessionCookieName } from '../security.js';

/** A client that has this much unsent data is not keeping up; it is closed rather than buffered. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** Sessions can also end outside this process (`strand passwd`, expiry): re-check this often. */
const RECHECK_INTERVAL_MS = 60_000;

export interface HubOptions {
  auth: AuthService;
  events: EventBus;
  log: Logger;
  /** Upgrade requests never reach Express, so the hub writes their access-log rows itself. */
  logs: LogsService;
  version: string;
  /** Whether the request reached us over HTTPS (directly or via a trusted proxy). */
  isSecure: (req: IncomingMessage) => boolean;
  /** Extra host names served besides IPs and local names (DNS-rebinding guard, host-check.ts). */
  allowedHosts?: readonly string[];
}

interface Client {
  ws: WebSocket;
  sessionId: string;
  token: string;
  topics: Set<WsEventType>;
}

export class WsHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD });
  private readonly clients = new Set<Client>();
  private readonly unsubscribers: (() => void)[] = [];
  private readonly recheckTimer: NodeJS.Timeout;

  constructor(private readonly o: HubOptions) {
    this.recheckTimer = setInterval(() => this.recheck(null), RECHECK_INTERVAL_MS);
    this.recheckTimer.unref();
    for (const type of wsEventTypes) {
      this.unsubscribers.push(o.events.on(type, (data) => this.broadcast(type, data)));
    }
    this.unsubscribers.push(o.events.on('session.revoked', ({ sessionId }) => this.recheck(sessionId)));
  }

  attach(server: Server): void {
    server.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
  }

  get size(): number {
    return this.clients.size;
  }

  close(): void {
    clearInterval(this.recheckTimer);
    this.unsubscribers.splice(0).forEach((u) => u());
    for (const c of this.clients) c.ws.close(1001, 'server stopping');
    this.wss.close();
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const log = (status: number, sessionId: string | null) =>
      this.o.logs.request({
        clientIp: req.socket.remoteAddress ?? 'unknown', method: req.method ?? 'GET', path: loggablePath(req.url ?? ''),
        status, durationMs: 0, userAgent: String(req.headers['user-agent'] ?? '').slice(0, 256), session: sessionTag(sessionId),
      });
    const path = (req.url ?? '').split('?')[0];
    if (path !== WS_PATH) return reject(socket, 404, 'Not Found', log);
    if (!upgradeHostAllowed(req, this.o.allowedHosts ?? [])) return reject(socket, 421, 'Misdirected Request', log);
    const secure = this.o.isSecure(req);
    const host = req.headers.host ?? '';
    if (req.headers.origin !== `${secure ? 'https' : 'http'}://${host}`) return reject(socket, 403, 'Forbidden', log);
    const token = readCookie(req.headers.cookie, sessionCookieName(secure));
    const session = this.o.auth.authenticate(token);
    if (!session || !token) return reject(socket, 401, 'Unauthorized', log);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      log(101, session.id);
      const client: Client = { ws, sessionId: session.id, token, topics: new Set(wsEventTypes) };
      this.clients.add(client);
      ws.on('message', (data, isBinary) => this.onMessage(client, data, isBinary));
      ws.on('close', () => this.clients.delete(client));
      ws.on('error', (e) => this.o.log.debug(`websocket error: ${e.message}`));
      send(client, { type: 'hello', version: this.o.version });
    });
  }

  private onMessage(client: Client, data: RawData, isBinary: boolean): void {
    if (isBinary) return client.ws.close(1003, 'text frames only');
    let json: unknown;
    try {
      json = JSON.parse(data.toString());
    } catch (error) {
      // Not JSON: tell the client why and drop it, since a well-behaved UI never sends this.
      send(client, { type: 'error', code: 'WS_INVALID_JSON', message: (error as Error).message });
      return client.ws.close(1007, 'invalid JSON');
    }
    const parsed = wsClientMessage.safeParse(json);
    if (!parsed.success) {
      send(client, { type: 'error', code: 'WS_INVALID_MESSAGE', message: parsed.error.issues[0]?.message ?? 'invalid message' });
      return client.ws.close(1008, 'invalid message');
    }
    const msg = parsed.data;
    if (msg.type === 'ping') send(client, msg.id !== undefined ? { type: 'pong', id: msg.id } : { type: 'pong' });
    else client.topics = new Set(msg.topics);
  }

  private broadcast(type: WsEventType, data: unknown): void {
    for (const c of this.clients) if (c.topics.has(type)) send(c, { type, data });
  }

  /** Closes sockets whose session is gone (`sessionId` null: re-check every socket). */
  private recheck(sessionId: string | null): void {
    for (const c of this.clients) {
      if (sessionId !== null && c.sessionId !== sessionId) continue;
      if (!this.o.auth.authenticate(c.token)) c.ws.close(4001, 'session ended');
    }
  }
}

function send(c: Client, msg: WsServerMessage): void {
  if (c.ws.readyState !== WebSocket.OPEN) return;
  if (c.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
    c.ws.terminate();
    return;
  }
  c.ws.send(JSON.stringify(msg));
}

function reject(socket: Duplex, status: number, text: string, log: (status: number, session: null) => void): void {
  log(status, null);
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
