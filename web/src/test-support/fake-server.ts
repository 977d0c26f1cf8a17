// SPDX-License-Identifier: MIT
// An in-memory stand-in for the Strand HTTP API, answering through the real api/ client's fetch
// hook. It keeps just enough state (password, sessions, lockout) for component and store tests;
// the real server is exercised by the browser tests in web/e2e/.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import type { Pinia } from 'pinia';
import { API_KEY, createApi } from '../api/index.js';
import type { Api } from '../api/index.js';
import type { FetchLike } from '../api/http.js';
import type { WebSocketLike } from '../api/socket.js';

/** The sender of every paper message the fake server imports. */
export const PAPER_PEER = 'bb'.repeat(16);

export interface FakeRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  credentials: RequestCredentials | undefined;
  body: unknown;
}

export interface FakeServerState {
  setupRequired: boolean;
  authenticated: boolean;
  password: string;
  setupToken: string;
  /** When set, login answers this instead of checking the password. */
  loginFailure: { status: number; code: string; retryAfterSeconds: number } | null;
  sessions: { id: string; createdAt: number; lastSeenAt: number; userAgent: string; clientIp: string; current: boolean }[];
  integrity: unknown;
  supplyChain: unknown;
  profile: { displayName: string; autoAnnounceIntervalS: number; lastAnnouncedAt: number | null };
  contacts: { hash: string; name: string | null; blocked: boolean; createdAt: number; updatedAt: number }[];
  announces: { aspect: string; destinationHash: string; identityHash: string | null; displayName: string | null; hops: number | null; receivedAt: number; appData: null }[];
  conversations: unknown[];
  /** When true, non-auth endpoints other than /status answer 401 while signed out (like the real server). */
  requireAuth: boolean;
  settings: Record<string, unknown>;
  propagationNodes: { destinationHash: string; displayName: string | null; enabled: boolean; transferLimitKb: number | null; lastHeardAt: number }[];
  sync: { state: string; progress: number; messagesReceived: number; nodeHash: string | null };
  messages: Record<string, unknown>[];
  /** InterfaceView rows; a TCPServerInterface on listen_port 4242 stands for a port taken elsewhere. */
  interfaces: { name: string; type: string; enabled: boolean; valid: boolean; errors: string[]; options: Record<string, string>; stats: { online: boolean; rxBytes: number; txBytes: number } | null }[];
  debugLog: { id: number; at: number; level: string; namespace: string; message: string }[];
  accessLog: { id: number; at: number; kind: string; clientIp: string; method: string | null; path: string | null; status: number | null; durationMs: number | null; userAgent: string | null; session: string | null; event: string | null; outcome: string | null }[];
}

const HASH_A = 'aa'.repeat(16);
const HASH_B = 'bb'.repeat(16);

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

function apiError(status: number, code: string, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  return json(status, { error: { code, message, ...extra } }, headers);
}

export function createFakeServer(initial: Partial<FakeServerState> = {}) {
  const state: FakeServerState = {
    setupRequired: false,
    authenticated: false,
    password: 'correct horse battery',
    setupToken: 'SETUP-TOKEN-1',
    loginFailure: null,
    sessions: [
      { id: 's1', createdAt: Date.parse('2026-11-22T06:00:00Z'), lastSeenAt: Date.parse('2026-11-22T06:30:00Z'), userAgent: 'Firefox', clientIp: '127.0.0.1', current: true },
      { id: 's2', createdAt: Date.parse('2026-11-21T06:00:00Z'), lastSeenAt: Date.parse('2026-11-21T08:00:00Z'), userAgent: 'Chromium', clientIp: '10.0.0.2', current: false },
    ],
    integrity: { status: 'verified', mode: 'production', fileCount: 3 },
    supplyChain: { sbom: { status: 'absent' }, provenance: { status: 'absent' } },
    profile: { displayName: 'Anonymous Peer', autoAnnounceIntervalS: 0, lastAnnouncedAt: null },
    contacts: [{ hash: HASH_A, name: 'Alice', blocked: false, createdAt: 1, updatedAt: 1 }],
    announces: [
      { aspect: 'lxmf.delivery', destinationHash: HASH_A, identityHash: null, displayName: 'Alice', hops: 1, receivedAt: Date.parse('2026-11-22T06:00:00Z'), appData: null },
      { aspect: 'lxmf.delivery', destinationHash: HASH_B, identityHash: null, displayName: 'Bob', hops: 2, receivedAt: Date.parse('2026-11-22T06:10:00Z'), appData: null },
    ],
    conversations: [
      { peerHash: HASH_A, name: 'Alice', blocked: false, unreadCount: 2, lastActivityAt: Date.parse('2026-11-22T06:20:00Z'), lastMessage: { content: 'see you at the relay', title: '', direction: 'inbound', state: 'received' } },
    ],
    requireAuth: false,
    settings: { autoResendOnAnnounce: true, blockAttachmentsFromStrangers: true, blockAllFromStrangers: false, incomingSizeLimitBytes: 10 * 1024 * 1024, inboundStampCost: 0, preferredPropagationNode: null, autoSyncIntervalSeconds: 0, backupIntervalHours: 12, backupKeep: 5 },
    propagationNodes: [{ destinationHash: 'cc'.repeat(16), displayName: 'Relay One', enabled: true, transferLimitKb: 256, lastHeardAt: Date.parse('2026-11-22T05:00:00Z') }],
    sync: { state: 'idle', progress: 0, messagesReceived: 0, nodeHash: null },
    messages: [
      { id: '01'.repeat(16), peerHash: HASH_A, direction: 'inbound', state: 'received', method: 'direct', title: '', content: 'hello <b>there</b>', createdAt: Date.parse('2026-11-22T06:00:00Z'), progress: 0, attempts: 0, attachments: [] },
      { id: '02'.repeat(16), peerHash: HASH_A, direction: 'outbound', state: 'failed', method: 'direct', title: '', content: 'did not go', createdAt: Date.parse('2026-11-22T06:05:00Z'), progress: 0, attempts: 3, attachments: [] },
    ],
    interfaces: [
      { name: 'Default Interface', type: 'AutoInterface', enabled: true, valid: true, errors: [], options: { type: 'AutoInterface', enabled: 'yes' }, stats: { online: true, rxBytes: 2048, txBytes: 1_500_000 } },
    ],
    debugLog: Array.from({ length: 150 }, (_, i) => ({ id: 150 - i, at: Date.parse('2026-11-22T06:00:00Z') + (150 - i) * 1000, level: i % 10 === 0 ? 'warn' : 'info', namespace: 'http', message: `line ${150 - i}` })),
    accessLog: [
      { id: 2, at: Date.parse('2026-11-22T06:01:00Z'), kind: 'auth', clientIp: '127.0.0.1', method: null, path: null, status: null, durationMs: null, userAgent: 'Firefox', session: null, event: 'login', outcome: 'failed' },
      { id: 1, at: Date.parse('2026-11-22T06:00:00Z'), kind: 'request', clientIp: '127.0.0.1', method: 'GET', path: '/api/v1/status', status: 200, durationMs: 2, userAgent: 'Firefox', session: null, event: null, outcome: null },
    ],
    ...initial,
  };
  const requests: FakeRequest[] = [];

  const fetch: FetchLike = async (input, init) => {
    const method = init.method ?? 'GET';
    const headers = { ...(init.headers as Record<string, string>) };
    const body: unknown = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    requests.push({ method, path: input, headers, credentials: init.credentials, body });
    const b = (body ?? {}) as Record<string, string>;
    if (method !== 'GET' && headers['X-Strand-CSRF'] !== '1') return apiError(403, 'CSRF_MISSING', 'missing CSRF header');
    const [pathOnly = '', search = ''] = input.split('?');
    const params = new URLSearchParams(search);
    const route = `${method} ${pathOnly}`;
    if (state.requireAuth && !state.authenticated && !pathOnly.startsWith('/api/v1/auth/') && pathOnly !== '/api/v1/status') {
      return apiError(401, 'AUTH_REQUIRED', 'sign in first');
    }
    switch (route) {
      case 'GET /api/v1/status':
        return json(200, { name: 'strand', version: '0.1.0', commit: 'abc123', setupRequired: state.setupRequired, authenticated: state.authenticated, integrity: state.integrity, reticulum: { running: true } });
      case 'POST /api/v1/auth/setup':
        if (!state.setupRequired) return apiError(409, 'AUTH_SETUP_DONE', 'already set up');
        if (b['setupToken'] !== state.setupToken) return apiError(403, 'SETUP_TOKEN_INVALID', 'bad token');
        state.password = b['password'] ?? '';
        state.setupRequired = false;
        state.authenticated = true;
        return json(201, {});
      case 'POST /api/v1/auth/login':
        if (state.loginFailure) {
          const f = state.loginFailure;
          return apiError(f.status, f.code, 'try later', { retryAfterSeconds: f.retryAfterSeconds }, { 'Retry-After': String(f.retryAfterSeconds) });
        }
        if (b['password'] !== state.password) return apiError(401, 'AUTH_INVALID', 'invalid password');
        state.authenticated = true;
        return json(200, {});
      case 'POST /api/v1/auth/logout':
        state.authenticated = false;
        return new Response(null, { status: 204 });
      case 'POST /api/v1/auth/password':
        if (b['currentPassword'] !== state.password) return apiError(401, 'AUTH_INVALID', 'invalid password');
        state.password = b['newPassword'] ?? '';
        return new Response(null, { status: 204 });
      case 'GET /api/v1/auth/sessions':
        return json(200, { sessions: state.sessions });
      case 'GET /api/v1/profile':
        return json(200, { profile: state.profile });
      case 'PATCH /api/v1/profile':
        state.profile = { ...state.profile, ...(body as object) };
        return json(200, { profile: state.profile });
      case 'POST /api/v1/profile/announce':
        state.profile.lastAnnouncedAt = Date.parse('2026-11-22T07:00:00Z');
        return new Response(null, { status: 204 });
      case 'GET /api/v1/contacts':
        return json(200, { contacts: state.contacts });
      case 'GET /api/v1/announces': {
        const q = params.get('q')?.toLowerCase();
        const rows = state.announces.filter((a) => a.aspect === (params.get('aspect') ?? 'lxmf.delivery') && (!q || (a.displayName ?? '').toLowerCase().includes(q)));
        return json(200, { announces: rows });
      }
      case 'GET /api/v1/settings':
        return json(200, { settings: state.settings });
      case 'PATCH /api/v1/settings':
        state.settings = { ...state.settings, ...(body as object) };
        return json(200, { settings: state.settings });
      case 'GET /api/v1/propagation/nodes':
        return json(200, { nodes: state.propagationNodes, selected: state.settings['preferredPropagationNode'] });
      case 'GET /api/v1/propagation/sync':
        return json(200, { sync: state.sync });
      case 'POST /api/v1/propagation/sync':
        if (!state.settings['preferredPropagationNode']) return apiError(409, 'NO_PROPAGATION_NODE', 'select a propagation node first');
        state.sync = { state: 'path-requested', progress: 0, messagesReceived: 0, nodeHash: state.settings['preferredPropagationNode'] as string };
        return json(202, { sync: state.sync });
      case 'GET /api/v1/conversations':
        return json(200, { conversations: state.conversations });
      case 'GET /api/v1/integrity/supply-chain':
        return json(200, state.supplyChain);
      case 'POST /api/v1/messages/paper': {
        // Any lxm:// URI ending in "dup" is a duplicate; others become a message from PAPER_PEER.
        const uri = String((body as { uri?: unknown }).uri ?? '');
        if (uri.endsWith('dup')) return apiError(409, 'PAPER_DUPLICATE', 'this paper message was already received');
        return json(201, { message: { id: 'ee'.repeat(16), hash: 'ee'.repeat(32), peerHash: PAPER_PEER, direction: 'inbound', state: 'received', method: 'paper', title: '', content: 'from paper', createdAt: 9, progress: 0, attempts: 0, attachments: [] } });
      }
      case 'GET /api/v1/logs/debug': {
        const before = Number(params.get('before') ?? Infinity);
        const limit = Number(params.get('limit') ?? 100);
        const level = params.get('level');
        return json(200, { entries: state.debugLog.filter((e) => e.id < before && (!level || e.level === level)).slice(0, limit) });
      }
      case 'GET /api/v1/logs/access': {
        const kind = params.get('kind');
        return json(200, { entries: state.accessLog.filter((e) => !kind || e.kind === kind) });
      }
    }
    if (route === 'GET /api/v1/interfaces') return json(200, { interfaces: state.interfaces });
    if (route === 'POST /api/v1/interfaces/reload') return apiError(503, 'RETICULUM_UNAVAILABLE', 'Reticulum not running: the saved configuration is used at the next start');
    const iface = /^(POST|PUT|DELETE) \/api\/v1\/interfaces(?:\/([^/]+))?(?:\/(enable|disable))?$/.exec(route);
    if (iface) {
      const name = iface[2] === undefined ? String(b['name']) : decodeURIComponent(iface[2]);
      const existing = state.interfaces.find((i) => i.name === name);
      const options = (body as { options?: Record<string, string> } | undefined)?.options ?? {};
      if (iface[1] === 'DELETE') {
        state.interfaces = state.interfaces.filter((i) => i.name !== name);
        return new Response(null, { status: 204 });
      }
      if (iface[3]) {
        if (!existing) return apiError(404, 'NOT_FOUND', 'no such interface');
        existing.enabled = iface[3] === 'enable';
        return json(200, { interface: existing });
      }
      if (options['listen_port'] === '4242') return apiError(409, 'PORT_IN_USE', 'TCP port 4242 on 0.0.0.0 is in use by another program');
      if (iface[1] === 'POST' && existing) return apiError(409, 'INTERFACE_EXISTS', `an interface named '${name}' already exists`);
      const row = { name, type: options['type'] ?? '', enabled: options['enabled'] === 'yes', valid: true, errors: [], options, stats: null };
      state.interfaces = [...state.interfaces.filter((i) => i.name !== name), row];
      return json(iface[1] === 'POST' ? 201 : 200, { interface: row });
    }
    if (route === 'GET /api/v1/identity') return json(200, { identityHash: '5e'.repeat(16), deliveryHash: 'de'.repeat(16), base32: 'SECRETBASE32KEY=' });
    if (route === 'POST /api/v1/identity/import') {
      if (b['base32'] !== 'GOODKEY') return apiError(400, 'IDENTITY_INVALID', 'an identity is 64 bytes (raw file or base32 text)');
      return json(200, { identityHash: '77'.repeat(16), deliveryHash: '88'.repeat(16), restartRequired: true });
    }
    const convo = /^(GET|POST) \/api\/v1\/conversations\/([0-9a-f]{32})\/(messages|read)$/.exec(route);
    if (convo?.[3] === 'messages') return json(200, { messages: state.messages.filter((m) => m['peerHash'] === convo[2]).reverse() });
    if (convo?.[3] === 'read') return new Response(null, { status: 204 });
    if (route === 'POST /api/v1/messages') {
      const sent = { id: String(state.messages.length + 1).padStart(32, '0'), peerHash: b['to'], direction: 'outbound', state: 'outbound', method: b['method'], title: '', content: b['content'], createdAt: Date.parse('2026-11-22T07:00:00Z'), progress: 0, attempts: 0, fields: b['fields'] ?? {},
        attachments: (Array.isArray(b['attachments']) ? (b['attachments'] as Record<string, string>[]) : []).map((a, index) => ({ index, kind: a['kind'], name: a['name'], mime: a['mime'], size: atob(a['data'] ?? '').length, sha256: '' })) };
      state.messages.push(sent);
      return json(201, { message: sent });
    }
    const act = /^POST \/api\/v1\/messages\/([0-9a-f]{32})\/(retry|cancel)$/.exec(route);
    if (act) {
      const m = state.messages.find((x) => x['id'] === act[1]);
      if (!m) return apiError(404, 'NOT_FOUND', 'no such message');
      m['state'] = act[2] === 'retry' ? 'outbound' : 'cancelled';
      return json(200, { message: m });
    }
    const contact = /^(PUT|DELETE) \/api\/v1\/contacts\/([0-9a-f]{32})$/.exec(route);
    if (contact) {
      const hash = contact[2] ?? '';
      if (contact[1] === 'DELETE') {
        state.contacts = state.contacts.filter((c) => c.hash !== hash);
        return new Response(null, { status: 204 });
      }
      const old = state.contacts.find((c) => c.hash === hash);
      const saved = { hash, name: old?.name ?? null, blocked: old?.blocked ?? false, createdAt: old?.createdAt ?? 2, updatedAt: 3, ...(body as object) };
      state.contacts = [...state.contacts.filter((c) => c.hash !== hash), saved];
      return json(200, { contact: saved });
    }
    const del = /^DELETE \/api\/v1\/auth\/sessions\/(.+)$/.exec(route);
    if (del) {
      state.sessions = state.sessions.filter((s) => s.id !== decodeURIComponent(del[1] ?? ''));
      return new Response(null, { status: 204 });
    }
    return apiError(404, 'NOT_FOUND', `no route ${route}`);
  };

  return { state, requests, fetch };
}

/** A Vue app carrying a fresh Pinia and an Api wired to `fetch`: stores resolve the API by inject. */
export function createTestContext(fetch: FetchLike, onUnauthorized?: () => void): { api: Api; pinia: Pinia; app: ReturnType<typeof createApp>; sockets: WebSocketLike[] } {
  // Inert sockets: they never open or close by themselves; a test drives them through `sockets`
  // (call onopen/onmessage/onclose) to play the server's side of the live connection.
  const sockets: WebSocketLike[] = [];
  const createSocket = (): WebSocketLike => {
    const s: WebSocketLike = { onopen: null, onclose: null, onmessage: null, onerror: null, close: () => undefined };
    sockets.push(s);
    return s;
  };
  const api = createApi({ fetch, socketUrl: 'ws://127.0.0.1:1/api/v1/ws', createSocket, onUnauthorized: () => onUnauthorized?.() });
  const pinia = createPinia();
  const app = createApp({ render: () => null });
  app.provide(API_KEY, api);
  app.use(pinia);
  return { api, pinia, app, sockets };
}

/** Delivers one server → client event on the newest socket. */
export function pushEvent(sockets: WebSocketLike[], type: string, data: unknown): void {
  sockets.at(-1)?.onmessage?.({ data: JSON.stringify({ type, data }) } as MessageEvent);
}
