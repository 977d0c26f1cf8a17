// SPDX-License-Identifier: MIT
// Public surface of the Reticulum stack: the running node the app builds once.
export { ReticulumStack, createReticulumStack, KNOWN_IDENTITIES_SAVE_INTERVAL_MS } from './stack.js';
export type { StackPaths } from './files.js';
export type { InterfaceStatus, ReloadResult, ReticulumStackOptions, SharedInstanceRole, SharedInstanceState, StackLogger } from './types.js';
