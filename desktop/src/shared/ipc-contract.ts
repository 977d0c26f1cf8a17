// SPDX-License-Identifier: MIT
// The whole IPC surface between the web UI (through the preload) and the main process: channel
// names (ipc-channels.ts) and the zod schema of every payload, validated in main. No Node or
// Electron imports, so the contract is testable anywhere.
//
// MeshChatX exposed ~25 preload functions; Strand exposes five calls and one event. Everything
// else the UI needs goes over HTTP/WebSocket to the backend, like in a browser.
import * as z from 'zod';
import { IPC_CHANNELS } from './ipc-channels.js';
import type { IpcChannel } from './ipc-channels.js';

export { IPC_CHANNELS, IPC_EVENTS } from './ipc-channels.js';
export type { IpcChannel } from './ipc-channels.js';

/** Upper bounds keep a compromised renderer from pushing megabytes through the native layer. */
export const NOTIFICATION_TITLE_MAX = 120;
export const NOTIFICATION_BODY_MAX = 500;
export const EXTERNAL_URL_MAX = 2048;

/** No arguments: the schema accepts only an empty argument list. */
export const emptyPayloadSchema = z.undefined();

/**
 * A new-message notification. `conversation` is the peer's 16-byte destination hash (hex) so a
 * click can open the conversation; it is optional for other notifications.
 */
export const showNotificationSchema = z
  .object({
    title: z.string().min(1).max(NOTIFICATION_TITLE_MAX),
    body: z.string().max(NOTIFICATION_BODY_MAX),
    conversation: z.string().regex(/^[0-9a-f]{32}$/).optional(),
  })
  .strict();
export type ShowNotificationPayload = z.infer<typeof showNotificationSchema>;

/** The scheme check is done again in main (navigation policy); this only bounds the shape. */
export const openExternalSchema = z.object({ url: z.string().min(1).max(EXTERNAL_URL_MAX) }).strict();
export type OpenExternalPayload = z.infer<typeof openExternalSchema>;

/** A protocol link after parsing (see main/protocol-links.ts), as handed to the renderer. */
export const protocolLinkSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('address'), destinationHash: z.string().regex(/^[0-9a-f]{32}$/) }).strict(),
  z.object({ kind: z.literal('paper-message'), uri: z.string().startsWith('lxm://') }).strict(),
]);
export type ProtocolLink = z.infer<typeof protocolLinkSchema>;

/** Payload schema per call channel; main validates every payload against this before acting. */
export const IPC_PAYLOAD_SCHEMAS = {
  [IPC_CHANNELS.appVersion]: emptyPayloadSchema,
  [IPC_CHANNELS.showNotification]: showNotificationSchema,
  [IPC_CHANNELS.openExternal]: openExternalSchema,
  [IPC_CHANNELS.takeProtocolLinks]: emptyPayloadSchema,
  [IPC_CHANNELS.setupToken]: emptyPayloadSchema,
} as const satisfies Record<IpcChannel, z.ZodType>;

/** The API the preload puts on `window.strand`. */
export interface StrandDesktopApi {
  appVersion(): Promise<string>;
  showNotification(payload: ShowNotificationPayload): Promise<void>;
  openExternal(url: string): Promise<void>;
  /**
   * The first-run setup token the local node wrote to its data dir (null once setup is done), so
   * the setup page can fill it in: a desktop user never sees the node's console where it is printed.
   */
  setupToken(): Promise<string | null>;
  /** Registers the listener and returns a function that removes it. */
  onProtocolLink(listener: (link: ProtocolLink) => void): () => void;
}
