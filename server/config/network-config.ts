// SPDX-License-Identifier: MIT
// TLS and reverse-proxy settings of `strand serve` (flags and environment), validated once.
import net from 'node:net';
import path from 'node:path';
import { ConfigError } from './errors.js';

export type TlsConfig =
  | { mode: 'off' }
  | { mode: 'files'; certFile: string; keyFile: string }
  | { mode: 'self-signed' };

export interface NetworkFlags {
  tlsCert?: string | undefined;
  tlsKey?: string | undefined;
  tlsSelfSigned?: boolean | undefined;
  trustedProxies?: string | undefined;
  allowedHosts?: string | undefined;
}

export interface NetworkConfig {
  tls: TlsConfig;
  /** IP addresses or CIDR subnets (or `loopback`, `linklocal`, `uniquelocal`) of reverse proxies. */
  trustedProxies: readonly string[];
  /** Host names (or `*.suffix`) served besides IP literals and local names: the DNS-rebinding guard. */
  allowedHosts: readonly string[];
}

const NAMED_PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isTruthy(v: string | undefined): boolean {
  return v !== undefined && ['1', 'true', 'yes'].includes(v.trim().toLowerCase());
}

function validProxy(entry: string): boolean {
  if (NAMED_PROXY_RANGES.has(entry)) return true;
  const [ip, bits, extra] = entry.split('/');
  if (extra !== undefined || !ip) return false;
  const family = net.isIP(ip);
  if (family === 0) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/** One `--allowed-hosts` entry: a host name or `*.suffix` (checked by server/http/host-check.ts). */
export function validAllowedHost(entry: string): boolean {
  const name = entry.startsWith('*.') ? entry.slice(2) : entry;
  return /^[a-z0-9]([a-z0-9-]{0,62})(\.[a-z0-9]([a-z0-9-]{0,62}))*$/i.test(name);
}

/**
 * Flags win over `STRAND_TLS_CERT`, `STRAND_TLS_KEY`, `STRAND_TLS_SELF_SIGNED`, `STRAND_TRUSTED_PROXIES`,
 * `STRAND_ALLOWED_HOSTS`.
 * @throws ConfigError naming the setting and its source.
 */
export function resolveNetworkConfig(flags: NetworkFlags, env: NodeJS.ProcessEnv, cwd: string): NetworkConfig {
  const certFile = flags.tlsCert ?? (env.STRAND_TLS_CERT || undefined);
  const keyFile = flags.tlsKey ?? (env.STRAND_TLS_KEY || undefined);
  const selfSigned = flags.tlsSelfSigned === true || isTruthy(env.STRAND_TLS_SELF_SIGNED);
  let tls: TlsConfig = { mode: 'off' };
  if (certFile !== undefined || keyFile !== undefined) {
    if (!certFile || !keyFile) throw new ConfigError('invalid tls from --tls-cert/--tls-key: both a certificate and a key file are needed');
    if (selfSigned) throw new ConfigError('invalid tls: --tls-self-signed cannot be combined with --tls-cert/--tls-key');
    tls = { mode: 'files', certFile: path.resolve(cwd, certFile), keyFile: path.resolve(cwd, keyFile) };
  } else if (selfSigned) {
    tls = { mode: 'self-signed' };
  }
  const proxiesRaw = flags.trustedProxies ?? env.STRAND_TRUSTED_PROXIES ?? '';
  const source = flags.trustedProxies !== undefined ? '--trusted-proxies' : 'STRAND_TRUSTED_PROXIES';
  const trustedProxies = proxiesRaw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  for (const p of trustedProxies) {
    if (!validProxy(p)) throw new ConfigError(`invalid trusted proxy from ${source}: '${p}' is not an IP address, a CIDR subnet, or loopback/linklocal/uniquelocal`);
  }
  const hostsRaw = flags.allowedHosts ?? env.STRAND_ALLOWED_HOSTS ?? '';
  const hostsSource = flags.allowedHosts !== undefined ? '--allowed-hosts' : 'STRAND_ALLOWED_HOSTS';
  const allowedHosts = hostsRaw.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s.length > 0);
  for (const h of allowedHosts) {
    if (h !== '*' && !validAllowedHost(h)) throw new ConfigError(`invalid allowed host from ${hostsSource}: '${h}' is not a host name, '*.suffix' or '*'`);
  }
  return Object.freeze({ tls: Object.freeze(tls), trustedProxies: Object.freeze(trustedProxies), allowedHosts: Object.freeze(allowedHosts) });
}

/** True for addresses that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\./.test(h);
}
