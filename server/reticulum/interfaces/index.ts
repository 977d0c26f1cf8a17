// SPDX-License-Identifier: MIT
// Interface implementations behind the NetworkInterface contract (interface.ts).
export type { InterfaceHandlers, InterfaceMode, InterfaceStats, NetworkInterface } from './interface.js';
export type { BaseInterfaceOptions, DropReason, IfacSettings } from './base.js';
export { InterfaceBase, optimiseMtu } from './base.js';
export { TCPClientInterface } from './tcp-client.js';
export type { TcpClientOptions } from './tcp-client.js';
export { TCPServerInterface } from './tcp-server.js';
export type { TcpServerOptions } from './tcp-server.js';
export { SpawnedStreamInterface } from './spawned.js';
export { UDPInterface } from './udp.js';
export type { UdpOptions } from './udp.js';
export { LocalClientInterface, LocalServerInterface, openSharedInstance } from './local.js';
export type { LocalClientOptions, LocalServerOptions, SharedInstance } from './local.js';
export { AutoInterface, AutoPeerInterface } from './auto.js';
export type { AutoOptions } from './auto.js';
export { AUTO_DEFAULT_DATA_PORT, AUTO_DEFAULT_DISCOVERY_PORT, discoveryToken, multicastAddress } from './auto-discovery.js';
export * from './constants.defaults.js';
