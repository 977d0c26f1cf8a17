// SPDX-License-Identifier: MIT
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { resolveServeConfig } from './serve-config.js';

describe('resolveServeConfig', () => {
  it('uses the embedded defaults', () => {
    const c = resolveServeConfig({}, {}, '/srv');
    expect(c).toEqual({ host: '127.0.0.1', port: 8000, dataDir: path.resolve('/srv', 'data') });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('takes environment variables over defaults and flags over environment', () => {
    const env = { STRAND_HOST: '0.0.0.0', STRAND_PORT: '9000', STRAND_DATA_DIR: '/var/strand' };
    expect(resolveServeConfig({}, env, '/srv')).toEqual({ host: '0.0.0.0', port: 9000, dataDir: '/var/strand' });
    expect(resolveServeConfig({ host: '::1', port: '9100', dataDir: 'd' }, env, '/srv')).toEqual({
      host: '::1',
      port: 9100,
      dataDir: '/srv/d',
    });
  });

  it.each([
    [{ port: 'abc' }, {}, /port from --port: must be an integer/],
    [{ port: '70000' }, {}, /port from --port/],
    [{ port: '-1' }, {}, /port from --port/],
    [{}, { STRAND_PORT: '8.5' }, /port from STRAND_PORT/],
    [{ host: 'bad host' }, {}, /host from --host/],
    [{}, { STRAND_HOST: 'a;b' }, /host from STRAND_HOST/],
  ])('rejects %j / %j with a message naming the source', (flags, env, message) => {
    expect(() => resolveServeConfig(flags, env, '/srv')).toThrow(ConfigError);
    expect(() => resolveServeConfig(flags, env, '/srv')).toThrow(message);
  });
});
