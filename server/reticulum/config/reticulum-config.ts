// SPDX-License-Identifier: MIT
// The whole Reticulum config file: `[reticulum]` and `[logging]` settings with RNS defaults, and one
// result per interface block. Reference: RNS/Reticulum.py :: Reticulum.__init__, __apply_config.

import type { ConfigSection } from './configobj.js';
import { parseConfigText } from './configobj.js';
import type { InterfaceConfigResult } from './interface-options.js';
import { interfaceConfigFromSection } from './interface-options.js';
import type { ConfigIssue, OptionKind } from './values.js';
import { OptionReader, uniqueIssues } from './values.js';

/** `[reticulum]` settings Strand reads, with the defaults RNS applies. */
export interface ReticulumSettings {
  enableTransport: boolean;
  shareInstance: boolean;
  /** Abstract-socket instance name; only used by the unix-socket shared instance (not built yet). */
  instanceName: string;
  /** `unix` is the Linux default in RNS; Strand's shared instance currently runs over TCP only. */
  sharedInstanceType: 'tcp' | 'unix' | undefined;
  sharedInstancePort: number;
  instanceControlPort: number;
  rpcKey?: Uint8Array;
  panicOnInterfaceError: boolean;
  useImplicitProof: boolean;
  linkMtuDiscovery: boolean;
  respondToProbes: boolean;
  /** Everything else in the section, typed, for the parts of Strand that need it. */
  other: Record<string, boolean | number | string | string[]>;
}

export interface LoggingSettings {
  /** 0 (critical) .. 8 (extreme); RNS default 4. */
  loglevel: number;
  logtimestamps: boolean;
}

export interface ReticulumConfig {
  reticulum: ReticulumSettings;
  logging: LoggingSettings;
  /** One result per `[[Name]]` block, in file order: loaded or failed with its own errors. */
  interfaces: InterfaceConfigResult[];
  /** Problems outside any interface block (syntax, [reticulum], [logging]). */
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

const RETICULUM_OPTIONS: Record<string, OptionKind> = {
  enable_transport: 'bool',
  share_instance: 'bool',
  instance_name: 'string',
  shared_instance_type: 'string',
  shared_instance_port: 'int',
  instance_control_port: 'int',
  rpc_key: 'string',
  panic_on_interface_error: 'bool',
  use_implicit_proof: 'bool',
  link_mtu_discovery: 'bool',
  respond_to_probes: 'bool',
  static_transport_identity: 'bool',
  local_hops_delta: 'bool',
  network_identity: 'string',
  enable_remote_management: 'bool',
  remote_management_allowed: 'list',
  force_shared_instance_bitrate: 'int',
  default_gravity: 'int',
  discover_interfaces: 'bool',
  required_discovery_value: 'int',
  publish_blackhole: 'bool',
  blackhole_sources: 'list',
  blackhole_update_interval: 'float',
  interface_discovery_sources: 'list',
  autoconnect_discovered_interfaces: 'int',
  autoconnect_interface_mode: 'string',
  autoconnect_interface_gravity: 'int',
  autoconnect_announces_to_internal: 'bool',
  default_ar_target: 'int',
  default_ar_penalty: 'int',
  default_ar_grace: 'int',
  ic_max_held_announces: 'int',
  ic_burst_hold: 'float',
  ic_burst_freq_new: 'float',
  ic_burst_freq: 'float',
  ic_pr_burst_freq_new: 'float',
  ic_pr_burst_freq: 'float',
  ec_pr_freq: 'float',
  egress_control: 'bool',
  ic_new_time: 'float',
  ic_burst_penalty: 'float',
  ic_held_release_interval: 'float',
};

const MAIN_KEYS = new Set([
  'enable_transport',
  'share_instance',
  'instance_name',
  'shared_instance_type',
  'shared_instance_port',
  'instance_control_port',
  'rpc_key',
  'panic_on_interface_error',
  'use_implicit_proof',
  'link_mtu_discovery',
  'respond_to_probes',
]);

const empty = (name: string): ConfigSection => ({ name, depth: 1, values: new Map(), valueLines: new Map(), sections: new Map(), line: 0, endLine: 0 });

function readReticulum(section: ConfigSection, errors: ConfigIssue[], warnings: ConfigIssue[]): ReticulumSettings {
  const r = new OptionReader(section.values, section.valueLines, { section: 'reticulum' });
  for (const key of section.values.keys()) {
    // RNS ignores options it does not know here; so do we, with a warning.
    if (!(key in RETICULUM_OPTIONS)) r.issue('warning', 'unknown_option', key, 'is not a known [reticulum] option and is ignored');
  }
  const settings: ReticulumSettings = {
    enableTransport: r.bool('enable_transport') ?? false,
    shareInstance: r.bool('share_instance') ?? true,
    instanceName: r.string('instance_name') ?? 'default',
    sharedInstanceType: undefined,
    sharedInstancePort: r.int('shared_instance_port', { min: 1, max: 65535 }) ?? 37428,
    instanceControlPort: r.int('instance_control_port', { min: 1, max: 65535 }) ?? 37429,
    panicOnInterfaceError: r.bool('panic_on_interface_error') ?? false,
    useImplicitProof: r.bool('use_implicit_proof') ?? true,
    linkMtuDiscovery: r.bool('link_mtu_discovery') ?? true,
    respondToProbes: r.bool('respond_to_probes') ?? false,
    other: {},
  };
  const type = r.string('shared_instance_type');
  if (type !== undefined) {
    const t = type.toLowerCase();
    if (t === 'tcp' || t === 'unix') settings.sharedInstanceType = t;
    else r.issue('warning', 'ignored_value', 'shared_instance_type', `must be tcp or unix, got '${type}'; ignored, as RNS does`);
  }
  const rpcKey = r.string('rpc_key');
  if (rpcKey !== undefined) {
    if (/^([0-9a-fA-F]{2})+$/.test(rpcKey)) settings.rpcKey = Uint8Array.from(Buffer.from(rpcKey, 'hex'));
    else r.issue('warning', 'ignored_value', 'rpc_key', 'is not hexadecimal; the default key is used, as RNS does');
  }
  for (const [key, kind] of Object.entries(RETICULUM_OPTIONS)) {
    if (MAIN_KEYS.has(key) || !section.values.has(key)) continue;
    const v = kind === 'bool' ? r.bool(key) : kind === 'int' ? r.int(key) : kind === 'float' ? r.float(key) : kind === 'list' ? r.list(key) : r.string(key);
    if (v !== undefined) settings.other[key] = v;
  }
  errors.push(...r.errors);
  warnings.push(...r.warnings);
  return settings;
}

function readLogging(section: ConfigSection, errors: ConfigIssue[], warnings: ConfigIssue[]): LoggingSettings {
  const r = new OptionReader(section.values, section.valueLines, { section: 'logging' });
  r.checkKnown({ loglevel: 'int', logtimestamps: 'bool' }, '[logging]');
  const level = r.int('loglevel');
  const settings = { loglevel: level === undefined ? 4 : Math.min(8, Math.max(0, level)), logtimestamps: r.bool('logtimestamps') ?? true };
  // Unknown logging options are harmless; report them as warnings, not errors.
  warnings.push(...r.warnings, ...r.errors.filter((e) => e.code === 'unknown_option'));
  errors.push(...r.errors.filter((e) => e.code !== 'unknown_option'));
  return settings;
}

/**
 * Parses and validates a whole config file. Never throws: syntax errors, bad settings and bad
 * interface blocks are all reported in the result, and every valid interface block still loads.
 * A pasted fragment of interface blocks (`[[Name]]` + options, no `[interfaces]`) is accepted too.
 */
export function loadReticulumConfig(text: string): ReticulumConfig {
  const fragment = !/^\s*\[[^[]/m.test(text) && /^\s*\[\[/m.test(text);
  const source = fragment ? `[interfaces]\n${text}` : text;
  const lineShift = fragment ? 1 : 0;
  const parsed = parseConfigText(source);
  const errors: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  const root = parsed.root;
  for (const key of root.values.keys()) {
    warnings.push({ code: 'unknown_option', option: key, message: `option '${key}' outside any section is ignored` });
  }
  for (const name of root.sections.keys()) {
    if (!['reticulum', 'logging', 'interfaces'].includes(name)) warnings.push({ code: 'unknown_section', message: `section [${name}] is ignored` });
  }
  const reticulum = readReticulum(root.sections.get('reticulum') ?? empty('reticulum'), errors, warnings);
  const logging = readLogging(root.sections.get('logging') ?? empty('logging'), errors, warnings);
  const ifSection = root.sections.get('interfaces');
  const blocks = ifSection ? [...ifSection.sections.values()] : [];
  const interfaces = blocks.map(interfaceConfigFromSection);

  // Attribute each syntax error to the interface block it sits in, so only that block fails.
  for (const issue of parsed.errors) {
    const owner = ifSection && issue.line > ifSection.line ? blocks.filter((b) => b.line < issue.line && issue.line < nextHeaderLine(source, b.line)).at(-1) : undefined;
    const line = issue.line - lineShift;
    if (owner) {
      const i = interfaces.findIndex((r) => r.name === owner.name);
      const prev = interfaces[i]!;
      const err: ConfigIssue = { code: 'syntax_error', interface: owner.name, line, message: `interface '${owner.name}': line ${line}: ${issue.message}` };
      interfaces[i] = { name: prev.name, ok: false, errors: [err, ...(prev.ok ? [] : prev.errors)], warnings: prev.warnings, options: prev.options };
    } else {
      errors.push({ code: 'syntax_error', line, message: `line ${line}: ${issue.message}` });
    }
  }
  for (const r of interfaces) {
    for (const list of r.ok ? [r.warnings] : [r.errors, r.warnings]) for (const i of list) if (i.line !== undefined) i.line -= lineShift;
  }
  for (const i of [...errors, ...warnings]) if (i.line !== undefined && i.code !== 'syntax_error') i.line -= lineShift;
  return { reticulum, logging, interfaces, errors: uniqueIssues(errors), warnings: uniqueIssues(warnings) };
}

/** 1-based line of the first section header after `line`, or +Infinity. */
function nextHeaderLine(text: string, line: number): number {
  const lines = text.split(/\r?\n/);
  for (let i = line; i < lines.length; i++) if (lines[i]!.trim().startsWith('[')) return i + 1;
  return Number.POSITIVE_INFINITY;
}
