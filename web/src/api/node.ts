// SPDX-License-Identifier: MIT
// Profile, contacts, announces (peers), conversations and logs. Shapes mirror the server's answers
// in server/http/routes/; each list is checked at the boundary (see parse.ts).
import type { HttpClient } from './http.js';
import { ResponseShapeError } from './errors.js';
import { list, record, str } from './parse.js';

export interface Profile {
  displayName: string;
  autoAnnounceIntervalS: number;
  lastAnnouncedAt: number | null;
}

export interface Contact {
  hash: string;
  name: string | null;
  blocked: boolean;
  createdAt: number;
  updatedAt: number;
}

export type AnnounceAspect = 'lxmf.delivery' | 'lxmf.propagation' | 'nomadnetwork.node' | 'lxst.telephony';

export interface Announce {
  aspect: string;
  destinationHash: string;
  identityHash: string | null;
  displayName: string | null;
  hops: number | null;
  receivedAt: number;
}

export interface ConversationSummary {
  peerHash: string;
  name: string | null;
  blocked: boolean;
  unreadCount: number;
  lastActivityAt: number;
  lastMessage: { content: string; title: string; direction: 'inbound' | 'outbound'; state: string } | null;
}

export interface AccessLogEntry {
  id: number;
  at: number;
  kind: 'request' | 'auth';
  clientIp: string;
  method: string | null;
  path: string | null;
  status: number | null;
  durationMs: number | null;
  userAgent: string | null;
  event: string | null;
  outcome: string | null;
}

export interface DebugLogEntry {
  id: number;
  at: number;
  level: 'debug' | 'info' | 'warn' | 'error';
  namespace: string;
  message: string;
}

export interface AccessLogFilter {
  kind?: 'request' | 'auth';
  outcome?: 'ok' | 'failed' | 'refused';
  q?: string;
  before?: number;
  limit?: number;
}

export interface DebugLogFilter {
  level?: DebugLogEntry['level'];
  q?: string;
  before?: number;
  limit?: number;
}

/** The node's settings (server/app/node.service.ts settingsSchema). */
export interface NodeSettings {
  autoResendOnAnnounce: boolean;
  blockAttachmentsFromStrangers: boolean;
  blockAllFromStrangers: boolean;
  incomingSizeLimitBytes: number;
  inboundStampCost: number;
  preferredPropagationNode: string | null;
  autoSyncIntervalSeconds: number;
  backupIntervalHours: number;
  backupKeep: number;
}

export interface PropagationNode {
  destinationHash: string;
  displayName: string | null;
  enabled: boolean;
  transferLimitKb: number | null;
  lastHeardAt: number;
}

export type SyncStateName = 'idle' | 'path-requested' | 'link-establishing' | 'receiving' | 'complete' | 'failed';

export interface SyncProgress {
  state: SyncStateName;
  /** 0..1 */
  progress: number;
  messagesReceived: number;
  nodeHash: string | null;
}

const SYNC_STATES: readonly string[] = ['idle', 'path-requested', 'link-establishing', 'receiving', 'complete', 'failed'];

/** Validates a sync progress object (from the API or a `sync.progress` socket event). */
export function parseSyncProgress(v: unknown): SyncProgress {
  const o = record(v, 'sync');
  const state = str(o, 'state', 'sync');
  if (!SYNC_STATES.includes(state)) throw new ResponseShapeError(`sync.state: unknown value ${state}`);
  return {
    state: state as SyncStateName,
    progress: typeof o['progress'] === 'number' ? Math.min(1, Math.max(0, o['progress'])) : 0,
    messagesReceived: typeof o['messagesReceived'] === 'number' ? o['messagesReceived'] : 0,
    nodeHash: typeof o['nodeHash'] === 'string' ? o['nodeHash'] : null,
  };
}

function query(params: object): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Rows are trusted after a per-row key check: the server builds them from its own typed rows. */
function rows<T>(v: unknown, key: string, idKey: string): T[] {
  return list(v, key, key).map((row) => {
    const o = record(row, key);
    if (!(idKey in o)) throw new ResponseShapeError(`${key}: row without ${idKey}`);
    return o as T;
  });
}

function hashPath(hash: string): string {
  return encodeURIComponent(hash);
}

export function createNodeApi(http: HttpClient) {
  return {
    async profile(): Promise<Profile> {
      const o = record(record(await http.get('/api/v1/profile'), 'profile')['profile'], 'profile');
      str(o, 'displayName', 'profile');
      return o as unknown as Profile;
    },
    async updateProfile(patch: Partial<Pick<Profile, 'displayName' | 'autoAnnounceIntervalS'>>): Promise<Profile> {
      return record(record(await http.send('PATCH', '/api/v1/profile', patch), 'profile')['profile'], 'profile') as unknown as Profile;
    },
    async announceNow(): Promise<void> {
      await http.send('POST', '/api/v1/profile/announce');
    },
    async contacts(): Promise<Contact[]> {
      return rows<Contact>(await http.get('/api/v1/contacts'), 'contacts', 'hash');
    },
    async saveContact(hash: string, patch: { name?: string | null; blocked?: boolean }): Promise<Contact> {
      return record(record(await http.send('PUT', `/api/v1/contacts/${hashPath(hash)}`, patch), 'contact')['contact'], 'contact') as unknown as Contact;
    },
    async deleteContact(hash: string): Promise<void> {
      await http.send('DELETE', `/api/v1/contacts/${hashPath(hash)}`);
    },
    async announces(aspect: AnnounceAspect, q?: string): Promise<Announce[]> {
      return rows<Announce>(await http.get(`/api/v1/announces${query({ aspect, q })}`), 'announces', 'destinationHash');
    },
    async conversations(): Promise<ConversationSummary[]> {
      return rows<ConversationSummary>(await http.get('/api/v1/conversations'), 'conversations', 'peerHash');
    },
    async settings(): Promise<NodeSettings> {
      return record(record(await http.get('/api/v1/settings'), 'settings')['settings'], 'settings') as unknown as NodeSettings;
    },
    async updateSettings(patch: Partial<NodeSettings>): Promise<NodeSettings> {
      return record(record(await http.send('PATCH', '/api/v1/settings', patch), 'settings')['settings'], 'settings') as unknown as NodeSettings;
    },
    async propagationNodes(): Promise<{ nodes: PropagationNode[]; selected: string | null }> {
      const v = await http.get('/api/v1/propagation/nodes');
      const selected = record(v, 'propagation')['selected'];
      return { nodes: rows<PropagationNode>(v, 'nodes', 'destinationHash'), selected: typeof selected === 'string' ? selected : null };
    },
    async syncState(): Promise<SyncProgress> {
      return parseSyncProgress(record(await http.get('/api/v1/propagation/sync'), 'sync')['sync']);
    },
    async syncNow(): Promise<SyncProgress> {
      return parseSyncProgress(record(await http.send('POST', '/api/v1/propagation/sync'), 'sync')['sync']);
    },
    async accessLog(filter: AccessLogFilter = {}): Promise<AccessLogEntry[]> {
      return rows<AccessLogEntry>(await http.get(`/api/v1/logs/access${query(filter)}`), 'entries', 'id');
    },
    async debugLog(filter: DebugLogFilter = {}): Promise<DebugLogEntry[]> {
      return rows<DebugLogEntry>(await http.get(`/api/v1/logs/debug${query(filter)}`), 'entries', 'id');
    },
  };
}

export type NodeApi = ReturnType<typeof createNodeApi>;
