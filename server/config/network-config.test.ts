// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { isLoopbackHost, resolveNetworkConfig } from './network-config.js';

describe('resolveNetworkConfig', () => {
  it('defaults to no TLS and no trusted proxy', () => {
    expect(resolveNetworkConfig({}, {}, '/srv')).toEqual({ tls: { mode: 'off' }, trustedProxies: [], allowedHosts: [] });
  });

  it('reads certificate files, self-signed mode and proxies from flags over environment', () => {
    expect(resolveNetworkConfig({ tlsCert: 'c.pem', tlsKey: '/k.pem' }, {}, '/srv').tls).toEqual({ mode: 'files', certFile: '/srv/c.pem', keyFile: '/k.pem' });
    expect(resolveNetworkConfig({}, { STRAND_TLS_SELF_SIGNED: '1' }, '/').tls).toEqual({ mode: 'self-signed' });
    const env = { STRAND_TRUSTED_PROXIES: '10.0.0.1' };
    expect(resolveNetworkConfig({}, env, '/').trustedProxies).toEqual(['10.0.0.1']);
    expect(resolveNetworkConfig({ trustedProxies: '127.0.0.1, 192.168.0.0/16,loopback,::1' }, env, '/').trustedProxies).toEqual(['127.0.0.1', '192.168.0.0/16', 'loopback', '::1']);
  });

  it('reads allowed host names from flags over environment, lower-cased', () => {
    const env = { STRAND_ALLOWED_HOSTS: 'Mesh.Example.org' };
    expect(resolveNetworkConfig({}, env, '/').allowedHosts).toEqual(['mesh.example.org']);
    expect(resolveNetworkConfig({ allowedHosts: 'a.example, *.b.example,*' }, env, '/').allowedHosts).toEqual(['a.example', '*.b.example', '*']);
  });

  it.each([
    [{ tlsCert: 'c.pem' }, /both a certificate and a key/],
    [{ tlsCert: 'c', tlsKey: 'k', tlsSelfSigned: true }, /cannot be combined/],
    [{ trustedProxies: 'proxy.example' }, /--trusted-proxies: 'proxy.example'/],
    [{ trustedProxies: '10.0.0.0/33' }, /10.0.0.0\/33/],
    [{ allowedHosts: 'http://x.example' }, /--allowed-hosts: 'http:\/\/x.example'/],
    [{ allowedHosts: 'a..example' }, /'a..example'/],
  ])('rejects %j', (flags, message) => {
    expect(() => resolveNetworkConfig(flags, {}, '/')).toThrow(ConfigError);
    expect(() => resolveNetworkConfig(flags, {}, '/')).toThrow(message);
  });

  it('knows loopback hosts', () => {
    expect(['127.0.0.1', '::1', '[::1]', 'localhost'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '192.168.1.2', '::'].some(isLoopbackHost)).toBe(false);
  });
});
