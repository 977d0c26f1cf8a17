// SPDX-License-Identifier: MIT
// Public surface of the propagation client (nodes directory, upload, sync).
export { PropagationClient, SyncState } from './client.js';
export type { PropagationClientDeps, SyncResult, SyncStateValue } from './client.js';
export { PropagationNodes } from './nodes.js';
export type { PropagationNodeInfo } from './nodes.js';
