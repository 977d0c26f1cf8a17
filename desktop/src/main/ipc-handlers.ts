// SPDX-License-Identifier: MIT
// Main-process side of the IPC contract. Every call is checked twice before it does anything:
// the sender must be the app's own top-level page (frame URL origin = app origin), and the payload
// must pass its zod schema. Signal-Desktop checks senders the same way; MeshChatX trusted any frame.
import type { ZodType } from 'zod';
import { IPC_CHANNELS, IPC_PAYLOAD_SCHEMAS } from '../shared/ipc-contract.js';
import type { IpcChannel, ProtocolLink, ShowNotificationPayload } from '../shared/ipc-contract.js';
import { DesktopError } from './errors.js';
import { originOf } from './navigation.js';

/** What the handlers read from Electron's IpcMainInvokeEvent. */
export interface IpcSender {
  /** `event.senderFrame`: null when the frame was destroyed or navigated away. */
  senderFrame: { url: string; parent: unknown } | null;
}

/** True when the message comes from the app origin's top-level frame. Subframes never qualify. */
export function isTrustedSender(event: IpcSender, appOrigin: string): boolean {
  const frame = event.senderFrame;
  if (frame === null) return false;
  if (frame.parent !== null) return false;
  return originOf(frame.url) === appOrigin;
}

export interface IpcHandlerDeps {
  /** Read at call time: the backend port (and so the origin) changes when it restarts. */
  appOrigin: () => string;
  appVersion: string;
  showNotification: (payload: ShowNotificationPayload) => void;
  openExternal: (url: string) => Promise<void>;
  takeProtocolLinks: () => ProtocolLink[];
  /** Contents of <dataDir>/setup-token, or null when there is none. */
  readSetupToken: () => string | null;
  log: (line: string) => void;
}

export type IpcHandler = (event: IpcSender, ...args: unknown[]) => Promise<unknown>;

function parsePayload<T>(channel: IpcChannel, schema: ZodType<T>, args: readonly unknown[]): T {
  if (args.length > 1) throw new DesktopError('DESKTOP_ERR_IPC_PAYLOAD', `${channel}: expected at most one argument`);
  const result = schema.safeParse(args[0]);
  if (!result.success) throw new DesktopError('DESKTOP_ERR_IPC_PAYLOAD', `${channel}: invalid payload (${result.error.issues.map((i) => i.message).join('; ')})`);
  return result.data;
}

/**
 * Builds one handler per channel, each wrapped in the sender check and payload validation. The
 * caller registers them with `ipcMain.handle(channel, handler)`; a rejected call throws, which
 * Electron turns into a rejected promise in the renderer.
 */
export function createIpcHandlers(deps: IpcHandlerDeps): Record<IpcChannel, IpcHandler> {
  const guard = <T>(channel: IpcChannel, act: (payload: T) => Promise<unknown> | unknown): IpcHandler => {
    const schema = IPC_PAYLOAD_SCHEMAS[channel] as unknown as ZodType<T>;
    return async (event, ...args) => {
      if (!isTrustedSender(event, deps.appOrigin())) {
        deps.log(`ipc: refused ${channel} from ${event.senderFrame?.url ?? '(destroyed frame)'}`);
        throw new DesktopError('DESKTOP_ERR_IPC_SENDER', `${channel}: sender is not the Strand app`);
      }
      return act(parsePayload(channel, schema, args));
    };
  };
  return {
    [IPC_CHANNELS.appVersion]: guard(IPC_CHANNELS.appVersion, () => deps.appVersion),
    [IPC_CHANNELS.showNotification]: guard<ShowNotificationPayload>(IPC_CHANNELS.showNotification, (p) => {
      deps.showNotification(p);
    }),
    [IPC_CHANNELS.openExternal]: guard<{ url: string }>(IPC_CHANNELS.openExternal, (p) => deps.openExternal(p.url)),
    [IPC_CHANNELS.takeProtocolLinks]: guard(IPC_CHANNELS.takeProtocolLinks, () => deps.takeProtocolLinks()),
    [IPC_CHANNELS.setupToken]: guard(IPC_CHANNELS.setupToken, () => deps.readSetupToken()),
  };
}
