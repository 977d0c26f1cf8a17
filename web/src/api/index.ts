// SPDX-License-Identifier: MIT
// The API facade handed to stores through Vue's provide/inject (created once, in main.ts).
import type { InjectionKey } from 'vue';
import { createAuthApi } from './auth.js';
import { createHttpClient } from './http.js';
import { createNodeApi } from './node.js';
import { createMessagesApi } from './messages.js';
import { createInterfacesApi } from './interfaces.js';
import { createIdentityApi } from './identity.js';
import { createIntegrityApi } from './integrity.js';
import type { HttpClientOptions } from './http.js';
import { createStatusApi } from './status.js';
import { createSocketClient, defaultSocketUrl } from './socket.js';
import type { SocketClient, SocketClientOptions } from './socket.js';

export interface Api {
  status: ReturnType<typeof createStatusApi>;
  auth: ReturnType<typeof createAuthApi>;
  node: ReturnType<typeof createNodeApi>;
  messages: ReturnType<typeof createMessagesApi>;
  interfaces: ReturnType<typeof createInterfacesApi>;
  identity: ReturnType<typeof createIdentityApi>;
  integrity: ReturnType<typeof createIntegrityApi>;
  /** Creates (does not start) the live-event socket. */
  socket(handlers: Pick<SocketClientOptions, 'onEvent' | 'onState' | 'onUnauthorized'>): SocketClient;
}

export const API_KEY: InjectionKey<Api> = Symbol('strand-api');

export interface ApiOptions extends HttpClientOptions {
  socketUrl?: string;
  createSocket?: SocketClientOptions['createSocket'];
}

export function createApi(options: ApiOptions = {}): Api {
  const http = createHttpClient(options);
  return {
    status: createStatusApi(http),
    auth: createAuthApi(http),
    node: createNodeApi(http),
    messages: createMessagesApi(http),
    interfaces: createInterfacesApi(http),
    identity: createIdentityApi(http),
    integrity: createIntegrityApi(http),
    socket: (handlers) =>
      createSocketClient({
        url: options.socketUrl ?? defaultSocketUrl(window.location),
        ...handlers,
        ...(options.createSocket ? { createSocket: options.createSocket } : {}),
      }),
  };
}

export { ApiError, NetworkError, ResponseShapeError } from './errors.js';
export type { NodeStatus, IntegrityInfo } from './status.js';
export type { SessionInfo } from './auth.js';
export type * from './node.js';
export type * from './messages.js';
export type * from './interfaces.js';
export type { IdentityInfo, IdentityImportResult } from './identity.js';
export type { DataAtRest, DataAtRestWarning, ProvenanceInfo, SbomInfo, Shipped, SupplyChain } from './integrity.js';
export type { SocketEvent, SocketState } from './socket.js';
