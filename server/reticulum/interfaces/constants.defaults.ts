// SPDX-License-Identifier: MIT
// Timings and sizes of the interfaces, named after (and equal to) the RNS 1.4.2 constants.

/** TCPClientInterface.RECONNECT_WAIT: fixed pause between reconnect attempts (no growth in RNS). */
export const TCP_RECONNECT_WAIT_MS = 5_000;
/** TCPClientInterface.INITIAL_CONNECT_TIMEOUT. */
export const TCP_CONNECT_TIMEOUT_MS = 5_000;
/** TCPClientInterface.TCP_USER_TIMEOUT: unacknowledged data for this long kills the connection. */
export const TCP_USER_TIMEOUT_MS = 24_000;
/** TCPClientInterface.TCP_PROBE_AFTER: idle time before the first TCP keepalive probe. */
export const TCP_PROBE_AFTER_MS = 5_000;
/** The I2P variants of the two above (I2P_USER_TIMEOUT, I2P_PROBE_AFTER). */
export const I2P_USER_TIMEOUT_MS = 45_000;
export const I2P_PROBE_AFTER_MS = 10_000;
/** TCPClientInterface.BITRATE_GUESS / TCPServerInterface.BITRATE_GUESS / UDPInterface.BITRATE_GUESS. */
export const TCP_BITRATE_GUESS = 10_000_000;
export const UDP_BITRATE_GUESS = 10_000_000;
/** TCPInterface.HW_MTU before optimise_mtu; kept when autoconfiguration yields nothing. */
export const TCP_HW_MTU_MAX = 262_144;
/** UDPInterface.HW_MTU (not auto-configured). */
export const UDP_HW_MTU = 1_064;

/** LocalClientInterface.RECONNECT_WAIT. */
export const LOCAL_RECONNECT_WAIT_MS = 8_000;
/** Reticulum.local_interface_port: the shared-instance TCP port on 127.0.0.1. */
export const LOCAL_SHARED_INSTANCE_PORT = 37_428;
/** Reticulum.local_control_port: the RPC port (not implemented here). */
export const LOCAL_CONTROL_PORT = 37_429;
/** Local interfaces run at 1 Gbit/s nominal and keep HW_MTU 262144 (never auto-configured). */
export const LOCAL_BITRATE = 1_000_000_000;
export const LOCAL_HW_MTU = 262_144;
