// SPDX-License-Identifier: MIT
// The HTTP/WebSocket contract of /api/v1: request schemas (zod) and response types. Isomorphic:
// the web UI imports this file (types only) and must not depend on anything else in server/.
import * as z from 'zod';

export const API_PREFIX = '/api/v1';
/** Every unsafe request must carry this header (value `1`): a cross-site form cannot set it. */
export const CSRF_HEADER = 'X-Strand-CSRF';

export const hexHash = z.string().regex(/^[0-9a-f]{32}$/, 'must be 32 lowercase hex characters');
export const messageId = hexHash;
const password = z.string().min(8, 'must be at least 8 characters').max(256, 'must be at most 256 characters');

// ---- auth ----
export const setupRequest = z.strictObject({ setupToken: z.string().min(1).max(128), password });
export const loginRequest = z.strictObject({ password: z.string().min(1).max(256) });
export const changePasswordRequest = z.strictObject({ currentPassword: z.string().min(1).max(256), newPassword: password });
export type SetupRequest = z.infer<typeof setupRequest>;
export type LoginRequest = z.infer<typeof loginRequest>;
export type ChangePasswordRequest = z.infer<typeof changePasswordRequest>;

export interface ApiError {
  error: { code: string; message: string; retryAfterSeconds?: number };
}

export interface IntegritySummary {
  status: 'verified' | 'failed' | 'overridden' | 'unverified-development';
  mode: 'production' | 'development';
  summary: string;
  problemCount: number;
  overrideRequested: boolean;
  checkedAt: string;
}

export interface StatusResponse {
  name: 'strand';
  version: string;
  commit: string;
  setupRequired: boolean;
  authenticated: boolean;
  /** Outcome of the backend integrity check at startup; null when none ran. */
  integrity: IntegritySummary | null;
  reticulum: {
    running: boolean;
    reason?: string;
    /** Shared-instance role when running: offering it (`server`), attached to another program's (`client`), or `standalone`. */
    sharedInstance?: { role: string; type: 'tcp' | 'unix' | null; port: number | null; socketName: string | null; note?: string };
  };
}

export interface SessionInfo {
  id: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  clientIp: string;
  userAgent: string;
  current: boolean;
}
export interface AuthResponse {
  session: SessionInfo;
}
export interface SessionsResponse {
  sessions: SessionInfo[];
}

// ---- messages ----
/** An attachment name: a plain file name, never a path. */
export const attachmentName = z
  .string()
  .min(1)
  .max(255)
  .refine((n) => ![...n].some((ch) => ch === '/' || ch === '\\' || ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f) && n !== '.' && n !== '..', 'must be a plain file name without path separators or control characters');
export const deliveryMethod = z.enum(['direct', 'opportunistic', 'propagated']);
/** `auto`: direct first, via the chosen propagation node if direct delivery fails. */
export const sendMethod = z.enum(['auto', 'direct', 'opportunistic', 'propagated']);
const hex32 = z.string().regex(/^[0-9a-f]{64}$/i, 'must be a 32-byte hex hash').transform((h) => h.toLowerCase());
/**
 * The LXMF fields a client may set, keyed by decimal field id: 48 REPLY_TO, 49 REPLY_QUOTE,
 * 64 REACTION, 15 RENDERER. Anything else is refused so a browser cannot inject arbitrary fields.
 */
export const sendMessageFields = z.strictObject({
  '48': hex32.optional(),
  '49': z.string().max(500).optional(),
  '64': z.strictObject({ to: hex32, content: z.string().min(1).max(16) }).optional(),
  '15': z.number().int().min(0).max(3).optional(),
});
/** A paper message (`lxm://` + base64url, QR-sized at most, as LXMF writes them). */
export const importPaperRequest = z.strictObject({
  uri: z.string().trim().max(4096).regex(/^lxm:\/\/[A-Za-z0-9_\-/]+$/i, 'must be an lxm:// paper message URI'),
});
export const sendMessageRequest = z.strictObject({
  to: hexHash,
  title: z.string().max(1024).default(''),
  content: z.string().max(64 * 1024),
  method: sendMethod.default('direct'),
  attachments: z
    .array(
      z.strictObject({
        kind: z.enum(['file', 'image', 'audio']),
        name: attachmentName,
        mime: z.string().regex(/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i, 'must be a MIME type').max(127),
        data: z.base64().max(14 * 1024 * 1024),
      }),
    )
    .max(16)
    .default([]),
  fields: sendMessageFields.optional(),
});
export type SendMessageRequest = z.input<typeof sendMessageRequest>;

export const pageQuery = z.strictObject({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export const searchQuery = z.strictObject({ q: z.string().min(1).max(256), limit: z.coerce.number().int().min(1).max(200).default(50) });

export interface AttachmentInfo {
  index: number;
  kind: 'file' | 'image' | 'audio';
  name: string;
  mime: string;
  size: number;
  sha256: string;
}
export type MessageState = 'generating' | 'outbound' | 'sending' | 'sent' | 'delivered' | 'rejected' | 'cancelled' | 'failed' | 'received';
export interface MessageInfo {
  id: string;
  hash: string | null;
  peerHash: string;
  direction: 'inbound' | 'outbound';
  state: MessageState;
  method: 'direct' | 'opportunistic' | 'propagated' | 'paper';
  title: string;
  content: string;
  createdAt: number;
  updatedAt: number;
  sentAt: number | null;
  deliveredAt: number | null;
  attempts: number;
  nextAttemptAt: number | null;
  progress: number;
  attachments: AttachmentInfo[];
  /** LXMF fields keyed by decimal field id, JSON-safe (bytes as hex); attachments are not repeated here. */
  fields: Record<string, unknown>;
}
export interface ConversationInfo {
  peerHash: string;
  name: string | null;
  blocked: boolean;
  unreadCount: number;
  lastActivityAt: number;
  lastMessage: MessageInfo | null;
}

// ---- node ----
export const profilePatch = z.strictObject({
  displayName: z.string().trim().min(1).max(128).optional(),
  autoAnnounceIntervalS: z.number().int().min(0).max(7 * 24 * 3600).optional(),
});
export const contactPut = z.strictObject({ name: z.string().trim().min(1).max(128).nullable().optional(), blocked: z.boolean().optional() });
export const announcesQuery = z.strictObject({
  aspect: z.enum(['lxmf.delivery', 'lxmf.propagation', 'nomadnetwork.node', 'lxst.telephony']).default('lxmf.delivery'),
  q: z.string().max(128).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
export const accessLogQuery = z.strictObject({
  kind: z.enum(['request', 'auth']).optional(),
  outcome: z.enum(['ok', 'failed', 'refused']).optional(),
  q: z.string().max(128).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const debugLogQuery = z.strictObject({
  level: z.enum(['debug', 'info', 'warn', 'error']).optional(),
  q: z.string().max(128).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

// ---- identity ----
export const identityImportRequest = z.strictObject({ base32: z.string().min(1).max(512) });
export interface IdentityInfo {
  identityHash: string;
  deliveryHash: string;
  /** The 64-byte private identity file as RFC 4648 base32: a secret. */
  base32: string;
}
export interface IdentityImportResponse {
  identityHash: string;
  deliveryHash: string;
  /** The running router keeps the old identity until the node restarts. */
  restartRequired: true;
}

// ---- interfaces ----
export const interfaceName = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((n) => !/[[\]/\\]/.test(n) && ![...n].some((ch) => ch.charCodeAt(0) < 0x20), 'must not contain brackets, slashes or control characters');
const optionValue = z.union([z.string().max(512), z.array(z.string().max(512)).max(64)]);
export const interfaceOptions = z
  .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'option names are letters, digits and _').max(64), optionValue)
  .refine((o) => typeof o.type === 'string' && o.type.length > 0, 'the option "type" is required')
  .refine((o) => Object.keys(o).length <= 64, 'too many options');
export const addInterfaceRequest = z.strictObject({ name: interfaceName, options: interfaceOptions });
export const updateInterfaceRequest = z.strictObject({ options: interfaceOptions });

// ---- WebSocket ----
export const WS_PATH = `${API_PREFIX}/ws`;
export const WS_MAX_PAYLOAD = 16 * 1024;
export const wsEventTypes = ['message.new', 'message.state', 'message.progress', 'announce', 'sync.progress', 'interface.state'] as const;
export type WsEventType = (typeof wsEventTypes)[number];
export const wsClientMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ping'), id: z.number().int().optional() }),
  z.strictObject({ type: z.literal('subscribe'), topics: z.array(z.enum(wsEventTypes)).max(wsEventTypes.length) }),
]);
export type WsClientMessage = z.infer<typeof wsClientMessage>;
export type WsServerMessage =
  | { type: 'hello'; version: string }
  | { type: 'pong'; id?: number }
  | { type: 'error'; code: string; message: string }
  | { type: WsEventType; data: unknown };
export * from './integrity.js';
