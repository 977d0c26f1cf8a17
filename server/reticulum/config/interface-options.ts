// SPDX-License-Identifier: MIT
// Maps one `[[Name]]` block of the `[interfaces]` section to validated interface settings, with the
// option names and defaults of RNS 1.4.2 (RNS/Reticulum.py :: _synthesize_interface, and the
// constructors in RNS/Interfaces/*.py). Each block yields its own result: a bad block never stops
// the others from loading.

import type { IfacSettings } from '../interfaces/base.js';
import type { InterfaceMode } from '../interfaces/interface.js';
import type { ConfigSection, ConfigValue } from './configobj.js';
import type { ConfigIssue, OptionKind } from './values.js';
import { OptionReader, uniqueIssues } from './values.js';

/** Options every interface type accepts (RNS `_synthesize_interface`). */
const COMMON_OPTIONS: Record<string, OptionKind> = {
  type: 'string',
  enabled: 'bool',
  interface_enabled: 'bool',
  mode: 'string',
  interface_mode: 'string',
  outgoing: 'bool',
  bitrate: 'int',
  gravity: 'int',
  network_name: 'string',
  networkname: 'string',
  passphrase: 'string',
  pass_phrase: 'string',
  ifac_size: 'int',
  announce_cap: 'float',
  announce_rate_target: 'int',
  announce_rate_grace: 'int',
  announce_rate_penalty: 'int',
  ingress_control: 'bool',
  egress_control: 'bool',
  ic_max_held_announces: 'int',
  ic_burst_hold: 'float',
  ic_burst_freq_new: 'float',
  ic_burst_freq: 'float',
  ic_pr_burst_freq_new: 'float',
  ic_pr_burst_freq: 'float',
  ec_pr_freq: 'float',
  ic_new_time: 'float',
  ic_burst_penalty: 'float',
  ic_held_release_interval: 'float',
  bootstrap_only: 'bool',
  recursive_prs: 'bool',
  announces_from_internal: 'bool',
  announces_to_internal: 'bool',
  ignore_config_warnings: 'bool',
  discoverable: 'bool',
  announce_interval: 'int',
  discovery_stamp_value: 'int',
  discovery_name: 'string',
  discovery_encrypt: 'bool',
  reachable_on: 'string',
  publish_ifac: 'bool',
  location_cmd: 'string',
  latitude: 'float',
  longitude: 'float',
  height: 'float',
  discovery_frequency: 'int',
  discovery_bandwidth: 'int',
  discovery_modulation: 'int',
};

/** Type-specific options of the types Strand can configure. */
const TYPE_OPTIONS: Record<string, Record<string, OptionKind>> = {
  TCPClientInterface: {
    target_host: 'string',
    target_port: 'int',
    kiss_framing: 'bool',
    i2p_tunneled: 'bool',
    connect_timeout: 'int',
    max_reconnect_tries: 'int',
    fixed_mtu: 'int',
  },
  TCPServerInterface: {
    listen_ip: 'string',
    listen_port: 'int',
    port: 'int',
    device: 'string',
    prefer_ipv6: 'bool',
    i2p_tunneled: 'bool',
  },
  UDPInterface: {
    listen_ip: 'string',
    listen_port: 'int',
    forward_ip: 'string',
    forward_port: 'int',
    port: 'int',
    device: 'string',
  },
  AutoInterface: {
    group_id: 'string',
    discovery_scope: 'string',
    discovery_port: 'int',
    data_port: 'int',
    devices: 'list',
    ignored_devices: 'list',
    multicast_address_type: 'string',
  },
};

/**
 * BackboneInterface speaks the same HDLC-over-TCP as the TCP interfaces (RNS's epoll variant), so
 * Strand runs it with its TCP classes: a client when a remote is given, else a server. Options as
 * RNS reads them (RNS/Reticulum.py aliases `port`, `remote`, `listen_on`; BackboneInterface.py).
 */
const BACKBONE_OPTIONS: Record<string, OptionKind> = {
  listen_ip: 'string',
  listen_on: 'string',
  listen_port: 'int',
  port: 'int',
  device: 'string',
  prefer_ipv6: 'bool',
  remote: 'string',
  target_host: 'string',
  target_port: 'int',
  i2p_tunneled: 'bool',
  connect_timeout: 'int',
  max_reconnect_tries: 'int',
  block_fast_flapping: 'bool',
  fast_flapping_threshold: 'float',
  fast_flapping_grace: 'int',
  fast_flapping_block_time: 'float',
};
/** BackboneInterface.BITRATE_GUESS and BackboneClientInterface.BITRATE_GUESS. */
const BACKBONE_SERVER_BITRATE = 1_000_000_000;
const BACKBONE_CLIENT_BITRATE = 100_000_000;
const BACKBONE_TYPES = ['BackboneInterface', 'BackboneClientInterface'];

/** RNS interface types Strand knows of but cannot run; their blocks are reported, not validated. */
export const UNSUPPORTED_TYPES = [
  'I2PInterface',
  'SerialInterface',
  'PipeInterface',
  'KISSInterface',
  'AX25KISSInterface',
  'RNodeInterface',
  'RNodeMultiInterface',
  'WeaveInterface',
] as const;

export const SUPPORTED_TYPES = [...Object.keys(TYPE_OPTIONS), ...BACKBONE_TYPES];

/** RNS mode spellings (Reticulum._synthesize_interface). `internal` has no Strand equivalent. */
const MODES: Record<string, InterfaceMode> = {
  full: 'full',
  access_point: 'access_point',
  accesspoint: 'access_point',
  ap: 'access_point',
  pointtopoint: 'point_to_point',
  ptp: 'point_to_point',
  roaming: 'roaming',
  boundary: 'boundary',
  gateway: 'gateway',
  gw: 'gateway',
};

/** Reticulum.ANNOUNCE_CAP (percent) and MINIMUM_BITRATE. */
const ANNOUNCE_CAP_PERCENT = 2;
const MINIMUM_BITRATE = 5;

/** Settings shared by every interface type. */
export interface CommonInterfaceConfig {
  name: string;
  /** The `type` as written (e.g. BackboneInterface, run by the TCP class `type` names). */
  configuredType: string;
  /** RNS loads a block only with `enabled` or `interface_enabled` = yes. */
  enabled: boolean;
  mode: InterfaceMode;
  outgoing: boolean;
  bitrate?: number;
  ifac?: IfacSettings;
  /** Fraction of bandwidth announces may use (config percent / 100). */
  announceCap: number;
  announceRate?: { target: number; grace: number; penalty: number };
  gravity?: number;
  ingressControl: boolean;
  bootstrapOnly: boolean;
  /** Ingress/egress control tuning and discovery options, typed, for Transport to use. */
  tuning: Record<string, number | boolean | string>;
}

export type InterfaceConfig = CommonInterfaceConfig &
  (
    | {
        type: 'TCPClientInterface';
        targetHost: string;
        targetPort: number;
        kissFraming: boolean;
        i2pTunneled: boolean;
        connectTimeoutMs?: number;
        maxReconnectTries?: number;
        fixedMtu?: number;
      }
    | { type: 'TCPServerInterface'; listenIp?: string; listenPort: number; device?: string; preferIpv6: boolean; i2pTunneled: boolean }
    | { type: 'UDPInterface'; listenIp?: string; listenPort?: number; forwardIp?: string; forwardPort?: number; device?: string }
    | {
        type: 'AutoInterface';
        groupId?: string;
        discoveryScope?: string;
        discoveryPort?: number;
        dataPort?: number;
        devices?: string[];
        ignoredDevices?: string[];
        multicastAddressType?: string;
      }
  );

/**
 * One interface block's outcome. `options` is the block as written (for the UI's edit form and
 * for writing it back with upsertInterfaceBlock), whether or not it validated.
 */
export type InterfaceConfigResult =
  | { name: string; ok: true; config: InterfaceConfig; warnings: ConfigIssue[]; options: Record<string, ConfigValue> }
  | { name: string; ok: false; errors: ConfigIssue[]; warnings: ConfigIssue[]; options: Record<string, ConfigValue> };

const TUNING_KEYS = [
  'egress_control',
  'ic_max_held_announces',
  'ic_burst_hold',
  'ic_burst_freq_new',
  'ic_burst_freq',
  'ic_pr_burst_freq_new',
  'ic_pr_burst_freq',
  'ec_pr_freq',
  'ic_new_time',
  'ic_burst_penalty',
  'ic_held_release_interval',
  'recursive_prs',
  'announces_from_internal',
  'announces_to_internal',
  'discoverable',
  'announce_interval',
  'discovery_stamp_value',
  'discovery_name',
  'discovery_encrypt',
  'reachable_on',
  'publish_ifac',
  'latitude',
  'longitude',
  'height',
];

function readCommon(r: OptionReader, name: string): CommonInterfaceConfig {
  const enabled = r.bool('interface_enabled') === true || r.bool('enabled') === true;
  // RNS prefers interface_mode over mode when both are present.
  const modeKey = r.has('interface_mode') ? 'interface_mode' : 'mode';
  let mode: InterfaceMode = 'full';
  const modeText = r.string(modeKey);
  if (modeText !== undefined) {
    const m = MODES[modeText.trim().toLowerCase()];
    if (m) mode = m;
    else r.issue('error', 'invalid_value', modeKey, `must be one of ${Object.keys(MODES).join(', ')}; got '${modeText}'`);
  }
  const common: CommonInterfaceConfig = {
    name,
    configuredType: r.string('type') ?? '',
    enabled,
    mode,
    outgoing: r.bool('outgoing') ?? true,
    announceCap: ANNOUNCE_CAP_PERCENT / 100,
    ingressControl: r.bool('ingress_control') ?? true,
    bootstrapOnly: r.bool('bootstrap_only') ?? false,
    tuning: {},
  };
  const bitrate = r.int('bitrate');
  if (bitrate !== undefined) {
    if (bitrate >= MINIMUM_BITRATE) common.bitrate = bitrate;
    else r.issue('warning', 'ignored_value', 'bitrate', `is below the ${MINIMUM_BITRATE} bit/s minimum and is ignored, as RNS does`);
  }
  const gravity = r.int('gravity');
  if (gravity !== undefined) common.gravity = gravity;

  const networkName = r.string('network_name') ?? r.string('networkname');
  const passphrase = r.string('pass_phrase') ?? r.string('passphrase');
  const ifacBits = r.int('ifac_size');
  let ifacSize: number | undefined;
  if (ifacBits !== undefined) {
    if (ifacBits >= 8 && ifacBits <= 512) ifacSize = Math.floor(ifacBits / 8);
    else r.issue('error', 'invalid_value', 'ifac_size', `is in bits and must be 8..512, got ${ifacBits}`);
  }
  if (networkName || passphrase) {
    common.ifac = {};
    if (networkName) common.ifac.networkName = networkName;
    if (passphrase) common.ifac.passphrase = passphrase;
    if (ifacSize !== undefined) common.ifac.size = ifacSize;
  } else if (ifacBits !== undefined) {
    r.issue('warning', 'ignored_value', 'ifac_size', 'has no effect without network_name or passphrase');
  }

  const cap = r.float('announce_cap');
  if (cap !== undefined) {
    if (cap > 0 && cap <= 100) common.announceCap = cap / 100;
    else r.issue('warning', 'ignored_value', 'announce_cap', `must be a percentage in (0, 100], got ${cap}; the default ${ANNOUNCE_CAP_PERCENT} is used, as RNS does`);
  }
  const target = r.int('announce_rate_target');
  if (target !== undefined && target > 0) {
    common.announceRate = { target, grace: r.int('announce_rate_grace', { min: 0 }) ?? 0, penalty: r.int('announce_rate_penalty', { min: 0 }) ?? 0 };
  }
  for (const key of TUNING_KEYS) {
    const kind = COMMON_OPTIONS[key];
    const v = kind === 'bool' ? r.bool(key) : kind === 'int' ? r.int(key) : kind === 'float' ? r.float(key) : r.string(key);
    if (v !== undefined) common.tuning[key] = v;
  }
  return common;
}

/** Validates one interface block. Never throws. */
export function interfaceConfigFromSection(section: ConfigSection): InterfaceConfigResult {
  const name = section.name;
  const r = new OptionReader(section.values, section.valueLines, { interface: name });
  const type = r.string('type');
  const options = Object.fromEntries(section.values);
  const fail = (): InterfaceConfigResult => ({ name, ok: false, errors: uniqueIssues(r.errors), warnings: uniqueIssues(r.warnings), options });
  if (type === undefined) {
    r.issue('error', 'missing_option', 'type', 'is required');
    return fail();
  }
  if ((UNSUPPORTED_TYPES as readonly string[]).includes(type)) {
    r.issue('error', 'unsupported_type', 'type', `'${type}' is an RNS interface type Strand does not support yet`);
    return fail();
  }
  if (BACKBONE_TYPES.includes(type)) return backboneConfig(section, type);
  const typeOptions = TYPE_OPTIONS[type];
  if (!typeOptions) {
    r.issue('error', 'unknown_type', 'type', `'${type}' is not an interface type (known: ${[...SUPPORTED_TYPES, ...UNSUPPORTED_TYPES].join(', ')})`);
    return fail();
  }
  r.checkKnown({ ...COMMON_OPTIONS, ...typeOptions }, type);
  const common = readCommon(r, name);
  const config = readTypeOptions(r, type, common);
  if (r.errors.length > 0 || !config) return fail();
  return { name, ok: true, config, warnings: uniqueIssues(r.warnings), options };
}

/** Applies RNS's Backbone aliases, then validates the block as a TCP client or server. */
function backboneConfig(section: ConfigSection, type: string): InterfaceConfigResult {
  const name = section.name;
  const check = new OptionReader(section.values, section.valueLines, { interface: name });
  check.checkKnown({ ...COMMON_OPTIONS, ...BACKBONE_OPTIONS }, type);
  const values = new Map(section.values);
  const lines = new Map(section.valueLines);
  const alias = (from: string, to: string) => {
    const v = section.values.get(from);
    if (v === undefined) return;
    values.set(to, v);
    const line = section.valueLines.get(from);
    if (line !== undefined) lines.set(to, line);
  };
  alias('port', 'listen_port');
  alias('port', 'target_port');
  alias('remote', 'target_host');
  alias('listen_on', 'listen_ip');
  for (const key of ['port', 'remote', 'listen_on']) values.delete(key);
  const client = type === 'BackboneClientInterface' || values.has('target_host');
  for (const key of client ? ['listen_ip', 'listen_port', 'device'] : ['target_host', 'target_port', 'connect_timeout', 'max_reconnect_tries']) values.delete(key);
  for (const key of ['block_fast_flapping', 'fast_flapping_threshold', 'fast_flapping_grace', 'fast_flapping_block_time']) {
    if (values.delete(key)) check.issue('warning', 'ignored_value', key, 'is not implemented by Strand and is ignored');
  }
  const r = new OptionReader(values, lines, { interface: name });
  const common = readCommon(r, name);
  common.bitrate ??= client ? BACKBONE_CLIENT_BITRATE : BACKBONE_SERVER_BITRATE;
  const config = readTypeOptions(r, client ? 'TCPClientInterface' : 'TCPServerInterface', common);
  const errors = uniqueIssues([...check.errors, ...r.errors]);
  const warnings = uniqueIssues([...check.warnings, ...r.warnings]);
  const options = Object.fromEntries(section.values);
  if (errors.length > 0 || !config) return { name, ok: false, errors, warnings, options };
  return { name, ok: true, config, warnings, options };
}

function port(r: OptionReader, key: string, allowZero = false): number | undefined {
  return r.int(key, { min: allowZero ? 0 : 1, max: 65535 });
}

function required<T>(r: OptionReader, key: string, value: T | undefined): T | undefined {
  if (value === undefined && !r.has(key)) r.issue('error', 'missing_option', key, 'is required');
  return value;
}

function readTypeOptions(r: OptionReader, type: string, common: CommonInterfaceConfig): InterfaceConfig | undefined {
  switch (type) {
    case 'TCPClientInterface': {
      const targetHost = required(r, 'target_host', r.string('target_host'));
      const targetPort = required(r, 'target_port', port(r, 'target_port'));
      const connectTimeout = r.int('connect_timeout', { min: 1 });
      const maxTries = r.int('max_reconnect_tries', { min: 0 });
      const fixedMtu = r.int('fixed_mtu', { min: 500 });
      if (targetHost === undefined || targetPort === undefined) return undefined;
      return {
        ...common,
        type,
        targetHost,
        targetPort,
        kissFraming: r.bool('kiss_framing') ?? false,
        i2pTunneled: r.bool('i2p_tunneled') ?? false,
        ...(connectTimeout !== undefined ? { connectTimeoutMs: connectTimeout * 1000 } : {}),
        ...(maxTries !== undefined ? { maxReconnectTries: maxTries } : {}),
        ...(fixedMtu !== undefined ? { fixedMtu } : {}),
      };
    }
    case 'TCPServerInterface': {
      // RNS: `port` overrides `listen_port`; `device` replaces `listen_ip`.
      const listenPort = port(r, 'port', true) ?? port(r, 'listen_port', true);
      const listenIp = r.string('listen_ip');
      const device = r.string('device');
      if (listenPort === undefined && !r.has('port') && !r.has('listen_port')) r.issue('error', 'missing_option', 'listen_port', 'is required (or port)');
      if (listenIp === undefined && device === undefined) r.issue('error', 'missing_option', 'listen_ip', 'is required (or device)');
      if (listenPort === undefined) return undefined;
      return {
        ...common,
        type,
        listenPort,
        ...(listenIp !== undefined ? { listenIp } : {}),
        ...(device !== undefined ? { device } : {}),
        preferIpv6: r.bool('prefer_ipv6') ?? false,
        i2pTunneled: r.bool('i2p_tunneled') ?? false,
      };
    }
    case 'UDPInterface': {
      const p = port(r, 'port', true);
      const listenPort = port(r, 'listen_port', true) ?? p;
      const forwardPort = port(r, 'forward_port') ?? p;
      const listenIp = r.string('listen_ip');
      const forwardIp = r.string('forward_ip');
      const device = r.string('device');
      if (device === undefined && !(listenIp !== undefined && listenPort !== undefined) && !(forwardIp !== undefined && forwardPort !== undefined)) {
        r.issue('error', 'missing_option', undefined, `interface '${common.name}': UDPInterface needs listen_ip + listen_port and/or forward_ip + forward_port (or device + port)`);
      }
      return {
        ...common,
        type,
        ...(listenIp !== undefined ? { listenIp } : {}),
        ...(listenPort !== undefined ? { listenPort } : {}),
        ...(forwardIp !== undefined ? { forwardIp } : {}),
        ...(forwardPort !== undefined ? { forwardPort } : {}),
        ...(device !== undefined ? { device } : {}),
      };
    }
    case 'AutoInterface': {
      const out: InterfaceConfig = { ...common, type };
      const groupId = r.string('group_id');
      const scope = r.string('discovery_scope');
      const discoveryPort = port(r, 'discovery_port');
      const dataPort = port(r, 'data_port');
      const devices = r.list('devices');
      const ignored = r.list('ignored_devices');
      const mat = r.string('multicast_address_type');
      if (groupId !== undefined) out.groupId = groupId;
      if (scope !== undefined) out.discoveryScope = scope;
      if (discoveryPort !== undefined) out.discoveryPort = discoveryPort;
      if (dataPort !== undefined) out.dataPort = dataPort;
      if (devices !== undefined) out.devices = devices;
      if (ignored !== undefined) out.ignoredDevices = ignored;
      if (mat !== undefined) out.multicastAddressType = mat;
      return out;
    }
    default:
      return undefined;
  }
}
