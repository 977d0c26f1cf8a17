// SPDX-License-Identifier: MIT
// Public surface of the conformance bridge: the line protocol, the command registry, and the
// command sets. Other areas (LXMF) add theirs as a RegistryExtension.
import { registerAnnounceCommands } from './announce.js';
import { registerCompressionCommands } from './compression.js';
import { registerCryptoCommands } from './crypto.js';
import { registerDestinationCommands } from './destination.js';
import { registerFramingCommands } from './framing.js';
import { registerIdentityCommands } from './identity.js';
import { registerPacketCommands } from './packet.js';
import { CommandRegistry } from './registry.js';

export { runBridge, answerItem, describe, DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_LINE_BYTES } from './bridge.js';
export type { Answer, BridgeIo, BridgeOptions, RequestId } from './bridge.js';
export { CommandRegistry, DuplicateCommandError } from './registry.js';
export type { BridgeCommand, CommandResult } from './registry.js';
export { BridgeError } from './errors.js';
export { hex, hexOfLength, optionalHex, aspects, toHex, toHexOrNull } from './params.js';

/** Adds a set of commands to a registry. */
export type RegistryExtension = (registry: CommandRegistry) => void;

/** The 53 Reticulum primitive commands of PROTOCOL.md §2. */
export function registerPrimitiveCommands(registry: CommandRegistry): void {
  registerCryptoCommands(registry);
  registerIdentityCommands(registry);
  registerDestinationCommands(registry);
  registerPacketCommands(registry);
  registerAnnounceCommands(registry);
  registerFramingCommands(registry);
  registerCompressionCommands(registry);
}

/**
 * The registry `strand conformance-bridge` serves: the primitives plus `extensions` (the LXMF
 * commands of PROTOCOL.md §1 plug in here once the LXMF router exists).
 */
export function createConformanceRegistry(extensions: readonly RegistryExtension[] = []): CommandRegistry {
  const registry = new CommandRegistry();
  registerPrimitiveCommands(registry);
  for (const extend of extensions) extend(registry);
  return registry;
}
