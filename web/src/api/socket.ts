// SPDX-License-Identifier: MIT
// Live events over WebSocket /api/v1/ws (the session cookie authenticates the upgrade). The client
// reconnects forever with exponential backoff and full jitter, so that a node restart does not see
// every open browser tab reconnect in the same millisecond.
import { isRecord } from './parse.js';

export const SOCKET_EVENT_TYPES = [
  'message.new',
  'message.state',
  'message.progress',
  'announce',
  'sync.progress',
  'interface.state',
] as const;

export type SocketEventType = (typeof SOCKET_EVENT_TYPES)[number];

export interface SocketEvent {
  type: SocketEventType;
  data: unknown;
}

/** Close codes the server uses when the session behind a socket ends (revoked, expired, logout). */
export const SESSION_ENDED_CODES: ReadonlySet<number> = new Set([4001, 4401]);

export type SocketState = 'connecting' | 'open' | 'offline';

/** Reconnect delays in milliseconds. */
export const BACKOFF_BASE_MS = 500;
export const BACKOFF_MAX_MS = 30_000;

/**
 * Delay before reconnect attempt `attempt` (0-based): uniform in [base/2, min(max, base·2^attempt)].
 * The floor of base/2 keeps a flapping server from being hammered when random() is near 0.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 20));
  const floor = BACKOFF_BASE_MS / 2;
  return Math.round(floor + random() * Math.max(0, ceiling - floor));
}

/** Parses one frame; unknown types and malformed JSON are dropped (a newer server may add types). */
export function parseSocketEvent(raw: unknown): SocketEvent | null {
  if (typeof raw !== 'string') return null;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (cause) {
    // A non-JSON frame is a server bug, not something the UI can act on; report it and go on.
    console.warn('dropping non-JSON WebSocket frame', cause);
    return null;
  }
  if (!isRecord(v) || typeof v['type'] !== 'string') return null;
  const type = v['type'];
  if (!(SOCKET_EVENT_TYPES as readonly string[]).includes(type)) return null;
  return { type: type as SocketEventType, data: v['data'] };
}

/** The subset of the browser WebSocket this client uses (so tests can pass a fake). */
export interface WebSocketLike {
  onopen: ((ev: Event) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
  close(code?: number, reason?: string): void;
}

export interface SocketClientOptions {
  url: string;
  onEvent: (event: SocketEvent) => void;
  onState: (state: SocketState) => void;
  /** Close code 4001 (session ended or revoked): the caller goes to the login page. */
  onUnauthorized?: () => void;
  createSocket?: (url: string) => WebSocketLike;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface SocketClient {
  start(): void;
  stop(): void;
}

/** Default URL: same host as the page, ws: or wss: to match http: or https:. */
export function defaultSocketUrl(loc: Location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/api/v1/ws`;
}

export function createSocketClient(options: SocketClientOptions): SocketClient {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url));
  const random = options.random ?? Math.random;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let socket: WebSocketLike | null = null;
  let timer: unknown = null;
  let attempt = 0;
  let running = false;

  function connect(): void {
    timer = null;
    if (!running) return;
    options.onState('connecting');
    const ws = createSocket(options.url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      options.onState('open');
    };
    ws.onmessage = (ev) => {
      const event = parseSocketEvent(ev.data);
      if (event) options.onEvent(event);
    };
    // Errors are always followed by close; reconnect logic lives there only.
    ws.onerror = () => undefined;
    ws.onclose = (ev) => {
      if (socket !== ws) return;
      socket = null;
      if (!running) return;
      options.onState('offline');
      if (SESSION_ENDED_CODES.has(ev.code)) {
        running = false;
        options.onUnauthorized?.();
        return;
      }
      timer = setTimer(connect, backoffDelay(attempt++, random));
    };
  }

  return {
    start() {
      if (running) return;
      running = true;
      attempt = 0;
      connect();
    },
    stop() {
      running = false;
      if (timer !== null) clearTimer(timer);
      timer = null;
      const ws = socket;
      socket = null;
      ws?.close(1000, 'client stopped');
    },
  };
}
