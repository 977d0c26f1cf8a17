// SPDX-License-Identifier: MIT
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { InterfaceConfigResult } from './index.js';
import {
  DEFAULT_CONFIG_TEXT,
  createInterfacesFromConfig,
  loadReticulumConfig,
  parseConfigText,
  removeInterfaceBlock,
  upsertInterfaceBlock,
} from './index.js';

const SAMPLE = `# A config in the RNS format
[reticulum]
  enable_transport = Yes
  share_instance = No
  shared_instance_port = 40000
  rpc_key = 00ff
  remote_management_allowed = 0123456789abcdef0123456789abcdef, fedcba9876543210fedcba9876543210

[logging]
  loglevel = 6

[interfaces]
  [[RNS Testnet]]
    type = TCPClientInterface
    interface_enabled = True
    target_host = amsterdam.connect.reticulum.network   # inline comment
    target_port = 4965
    network_name = "testnet # not a comment"
    passphrase = secret
    ifac_size = 64
    mode = gw
    kiss_framing = no
    connect_timeout = 10
    max_reconnect_tries = 3

  [[Server]]
    type = TCPServerInterface
    enabled = yes
    listen_ip = 0.0.0.0
    listen_port = 4242
    port = 4243
    interface_mode = access_point
    outgoing = False
    announce_cap = 5
    bitrate = 2000000

  [[LAN UDP]]
    type = UDPInterface
    enabled = Yes
    listen_ip = 0.0.0.0
    forward_ip = 255.255.255.255
    port = 4244

  [[Off]]
    type = TCPClientInterface
    target_host = 10.0.0.1
    target_port = 1
`;

function ok(results: InterfaceConfigResult[], name: string) {
  const r = results.find((x) => x.name === name);
  if (!r || !r.ok) throw new Error(`${name} did not load: ${JSON.stringify(r)}`);
  return r.config;
}

function failed(results: InterfaceConfigResult[], name: string) {
  const r = results.find((x) => x.name === name);
  if (!r || r.ok) throw new Error(`${name} should have failed`);
  return r.errors;
}

describe('config file', () => {
  it('maps [reticulum], [logging] and every interface type with RNS semantics', () => {
    const cfg = loadReticulumConfig(SAMPLE);
    expect(cfg.errors).toEqual([]);
    expect(cfg.reticulum).toMatchObject({ enableTransport: true, shareInstance: false, sharedInstancePort: 40000, instanceControlPort: 37429 });
    expect(cfg.reticulum.rpcKey).toEqual(Uint8Array.of(0, 255));
    expect(cfg.reticulum.other.remote_management_allowed).toHaveLength(2);
    expect(cfg.logging.loglevel).toBe(6);
    expect(cfg.interfaces.map((r) => r.name)).toEqual(['RNS Testnet', 'Server', 'LAN UDP', 'Off']);

    expect(ok(cfg.interfaces, 'RNS Testnet')).toMatchObject({
      type: 'TCPClientInterface',
      enabled: true,
      targetHost: 'amsterdam.connect.reticulum.network',
      targetPort: 4965,
      mode: 'gateway',
      kissFraming: false,
      connectTimeoutMs: 10_000,
      maxReconnectTries: 3,
      ifac: { networkName: 'testnet # not a comment', passphrase: 'secret', size: 8 },
    });
    expect(ok(cfg.interfaces, 'Server')).toMatchObject({ listenPort: 4243, listenIp: '0.0.0.0', mode: 'access_point', outgoing: false, announceCap: 0.05, bitrate: 2_000_000 });
    expect(ok(cfg.interfaces, 'LAN UDP')).toMatchObject({ listenPort: 4244, forwardPort: 4244, forwardIp: '255.255.255.255' });
    expect(cfg.interfaces[1]!.options).toMatchObject({ type: 'TCPServerInterface', port: '4243', announce_cap: '5' });
    // RNS loads a block only when enabled/interface_enabled says so.
    expect(ok(cfg.interfaces, 'Off').enabled).toBe(false);
  });

  it('parses the default config Strand writes', () => {
    const cfg = loadReticulumConfig(DEFAULT_CONFIG_TEXT);
    expect(cfg.errors).toEqual([]);
    expect(cfg.warnings).toEqual([]);
    expect(cfg.reticulum).toMatchObject({ shareInstance: true, sharedInstanceType: undefined, enableTransport: false });
    expect(cfg.interfaces.map((r) => r.ok && [r.config.type, r.config.enabled])).toEqual([
      ['AutoInterface', true],
      ['TCPClientInterface', false],
    ]);
  });

  it('reports unknown and invalid options naming interface and option, and still loads the rest', () => {
    const text = `[interfaces]
  [[Good]]
    type = UDPInterface
    enabled = yes
    forward_ip = 127.0.0.1
    forward_port = 5000
  [[Typo]]
    type = TCPClientInterface
    enabled = yes
    target_hots = example.org
    target_port = 4242
  [[Bad port]]
    type = TCPClientInterface
    enabled = maybe
    target_host = example.org
    target_port = http
  [[Mode]]
    type = TCPServerInterface
    listen_ip = ::
    listen_port = 1
    mode = sideways
`;
    const cfg = loadReticulumConfig(text);
    expect(ok(cfg.interfaces, 'Good').type).toBe('UDPInterface');
    const typo = failed(cfg.interfaces, 'Typo');
    expect(typo.map((e) => [e.code, e.option, e.line])).toEqual([
      ['unknown_option', 'target_hots', 10],
      ['missing_option', 'target_host', undefined],
    ]);
    expect(typo[0]!.message).toBe("interface 'Typo': option 'target_hots' is not a known option for TCPClientInterface");
    const bad = failed(cfg.interfaces, 'Bad port');
    expect(bad.map((e) => e.message)).toEqual([
      "interface 'Bad port': option 'enabled' must be Yes/No/True/False, got 'maybe'",
      "interface 'Bad port': option 'target_port' must be an integer, got 'http'",
    ]);
    expect(failed(cfg.interfaces, 'Mode')[0]!.message).toMatch(/option 'mode' must be one of .*got 'sideways'/);
  });

  it('runs BackboneInterface blocks as TCP clients or servers with the RNS aliases and bitrates', () => {
    const cfg = loadReticulumConfig(`[interfaces]
  [[Backbone Remote]]
    type = BackboneInterface
    enabled = yes
    remote = amsterdam.connect.reticulum.network
    target_port = 4965
  [[Backbone Listener]]
    type = BackboneInterface
    enabled = yes
    listen_on = 0.0.0.0
    port = 4242
    block_fast_flapping = no
  [[Backbone Client]]
    type = BackboneClientInterface
    enabled = yes
    target_host = 10.0.0.1
    port = 5000
    listen_on = nowhere
`);
    expect(ok(cfg.interfaces, 'Backbone Remote')).toMatchObject({
      type: 'TCPClientInterface',
      configuredType: 'BackboneInterface',
      targetHost: 'amsterdam.connect.reticulum.network',
      targetPort: 4965,
      bitrate: 100_000_000,
    });
    const listener = cfg.interfaces.find((r) => r.name === 'Backbone Listener')!;
    expect(listener.ok && listener.config).toMatchObject({ type: 'TCPServerInterface', listenIp: '0.0.0.0', listenPort: 4242, bitrate: 1_000_000_000 });
    expect(listener.warnings.map((w) => w.option)).toEqual(['block_fast_flapping']);
    expect(ok(cfg.interfaces, 'Backbone Client')).toMatchObject({ type: 'TCPClientInterface', targetHost: '10.0.0.1', targetPort: 5000 });
    const created = createInterfacesFromConfig(cfg.interfaces);
    expect(created.map((c) => c.status === 'created' && c.interface.hwMtu)).toEqual([16384, 524288, 16384]);
  });

  it('reports missing, unknown and unsupported types', () => {
    const cfg = loadReticulumConfig(`[interfaces]
  [[A]]
    enabled = yes
  [[B]]
    type = CarrierPigeonInterface
  [[C]]
    type = RNodeInterface
    port = /dev/ttyUSB0
    frequency = 867200000
`);
    expect(cfg.interfaces.map((r) => !r.ok && r.errors[0]!.code)).toEqual(['missing_option', 'unknown_type', 'unsupported_type']);
  });

  it('confines a syntax error to the block it is in', () => {
    const cfg = loadReticulumConfig(`[interfaces]
  [[Broken]]
    type = UDPInterface
    this line has no equals sign
  [[Fine]]
    type = UDPInterface
    forward_ip = 127.0.0.1
    forward_port = 9
`);
    expect(failed(cfg.interfaces, 'Broken')[0]).toMatchObject({ code: 'syntax_error', interface: 'Broken', line: 4 });
    expect(ok(cfg.interfaces, 'Fine').type).toBe('UDPInterface');
    expect(cfg.errors).toEqual([]);
  });

  it('accepts a pasted interface block without [interfaces]', () => {
    const cfg = loadReticulumConfig(`  [[Pasted]]
    type = TCPClientInterface
    enabled = yes
    target_host = 192.168.1.10
    target_port = 4242
    target_port2 = 1
`);
    const errors = failed(cfg.interfaces, 'Pasted');
    expect(errors[0]).toMatchObject({ option: 'target_port2', line: 6 });
  });

  it('reports duplicate options and sections and malformed lines as syntax errors', () => {
    const parsed = parseConfigText('[a]\nx = 1\nx = 2\ny = "open\n[a]\n[[[deep]]]\n[b\n');
    expect(parsed.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7]);
    expect(parsed.root.sections.get('a')!.values.get('x')).toBe('1');
  });

  it('reads quoted values and lists as ConfigObj does', () => {
    const parsed = parseConfigText(`a = "x, y"\nb = x, y ,z\nc = single,\nd = 'it''s'\ne =\n`);
    const v = parsed.root.values;
    expect([v.get('a'), v.get('b'), v.get('c'), v.get('e')]).toEqual(['x, y', ['x', 'y', 'z'], ['single'], '']);
    expect(parsed.errors.map((e) => e.line)).toEqual([4]);
  });
});

describe('createInterfacesFromConfig', () => {
  it('builds enabled interfaces, skips disabled ones and reports the rest', async () => {
    const cfg = loadReticulumConfig(`${DEFAULT_CONFIG_TEXT}
  [[Local server]]
    type = TCPServerInterface
    enabled = yes
    listen_ip = 127.0.0.1
    listen_port = 0
    network_name = n
  [[Auto on]]
    type = AutoInterface
    enabled = yes
    devices = eth-test
    group_id = strand
  [[Dev]]
    type = UDPInterface
    enabled = yes
    device = eth-test
    port = 4299
  [[Broken]]
    type = TCPClientInterface
`);
    const nics = () => ({ 'eth-test': [{ address: '10.1.2.3', netmask: '255.255.0.0', family: 'IPv4' as const, mac: '', internal: false, cidr: null }] });
    const created = createInterfacesFromConfig(cfg.interfaces, { networkInterfaces: nics });
    expect(created.map((c) => [c.name, c.status])).toEqual([
      ['Default Interface', 'created'],
      ['TCP Client', 'disabled'],
      ['Local server', 'created'],
      ['Auto on', 'created'],
      ['Dev', 'created'],
      ['Broken', 'failed'],
    ]);
    const auto = created[3]!;
    expect(auto.status === 'created' && auto.interface).toMatchObject({ groupId: 'strand', hwMtu: 1196 });
    const dev = created[4]!;
    expect(dev.status === 'created' && dev.interface).toMatchObject({ listenIp: '10.1.255.255', forwardIp: '10.1.255.255' });
    const server = created[2]!;
    if (server.status !== 'created') throw new Error('server not created');
    expect(server.interface).toMatchObject({ ifacSize: 16, name: 'Local server' });
    await server.interface.start();
    expect(server.interface.online).toBe(true);
    await server.interface.stop();
  });
});

describe('editing interface blocks', () => {
  it('adds, replaces and removes blocks keeping the rest of the file intact', () => {
    const added = upsertInterfaceBlock(DEFAULT_CONFIG_TEXT, 'My Node', {
      type: 'TCPClientInterface',
      enabled: 'yes',
      target_host: 'node.example',
      target_port: '4242',
      passphrase: 'has # hash',
    });
    expect(added.startsWith(DEFAULT_CONFIG_TEXT.trimEnd())).toBe(true);
    const cfg = loadReticulumConfig(added);
    expect(ok(cfg.interfaces, 'My Node')).toMatchObject({ targetHost: 'node.example', ifac: { passphrase: 'has # hash' } });

    const replaced = upsertInterfaceBlock(added, 'Default Interface', { type: 'UDPInterface', enabled: 'no', forward_ip: '127.0.0.1', forward_port: '1' });
    expect(replaced).not.toContain('AutoInterface');
    expect(ok(loadReticulumConfig(replaced).interfaces, 'Default Interface').type).toBe('UDPInterface');
    // The comment above the next block survives the replacement.
    expect(replaced).toContain('# Connect to a Reticulum transport node over TCP.');

    const removed = removeInterfaceBlock(removeInterfaceBlock(replaced, 'My Node'), 'Default Interface');
    expect(loadReticulumConfig(removed).interfaces.map((r) => r.name)).toEqual(['TCP Client']);
    expect(removed).toContain('[logging]');
    expect(removeInterfaceBlock(removed, 'nope')).toBe(removed);

    const fresh = upsertInterfaceBlock('[reticulum]\nshare_instance = No\n', 'X', { type: 'AutoInterface', enabled: 'yes', devices: ['eth0'] });
    expect(ok(loadReticulumConfig(fresh).interfaces, 'X')).toMatchObject({ devices: ['eth0'] });
    expect(() => upsertInterfaceBlock('', 'bad]name', {})).toThrow(/invalid interface name/);
  });
});

describe('against the reference ConfigObj', () => {
  it.skipIf(!process.env.RNS_REFERENCE_PATH)('parses the sample to the same values as RNS/vendor/configobj.py', () => {
    const script = `import json,sys
from RNS.vendor.configobj import ConfigObj
c = ConfigObj(sys.stdin.read().splitlines())
def conv(s): return {k: (conv(v) if hasattr(v, "keys") else v) for k, v in s.items()}
print(json.dumps(conv(c)))`;
    const out = execFileSync('/usr/bin/python3', ['-c', script], { input: SAMPLE, env: { ...process.env, PYTHONPATH: process.env.RNS_REFERENCE_PATH } }).toString();
    const reference = JSON.parse(out) as Record<string, unknown>;
    const ours = parseConfigText(SAMPLE);
    const conv = (s: ReturnType<typeof parseConfigText>['root']): Record<string, unknown> => {
      const o: Record<string, unknown> = Object.fromEntries(s.values);
      for (const [k, v] of s.sections) o[k] = conv(v);
      return o;
    };
    expect(conv(ours.root)).toEqual(reference);
  });
});
