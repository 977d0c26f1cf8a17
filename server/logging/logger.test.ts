// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import type { LogEntry } from './logger.js';
import { createLogger, redact } from './logger.js';

describe('logger', () => {
  it('masks passwords, tokens and session cookies', () => {
    expect(redact('body {"password":"hunter22","x":1}')).toBe('body {"password":[redacted],"x":1}');
    expect(redact('cookie strand_session=abc123; other=1')).toBe('cookie strand_session=[redacted]; other=1');
    expect(redact('setupToken=xyz&a=b')).toBe('setupToken=[redacted]&a=b');
  });

  it('writes namespaced lines to console and sink, honours the level, survives a failing sink', () => {
    const lines: string[] = [];
    const entries: LogEntry[] = [];
    const log = createLogger({ console: (l, m) => lines.push(`${l} ${m}`), sink: (e) => entries.push(e), clock: () => 5 }).child('http');
    log.debug('hidden');
    log.info('up');
    expect(lines).toEqual(['info [strand.http] up']);
    expect(entries).toEqual([{ at: 5, level: 'info', namespace: 'strand.http', message: 'up' }]);
    const broken = createLogger({ console: (l, m) => lines.push(`${l} ${m}`), sink: () => { throw new Error('disk full'); } });
    broken.warn('w');
    expect(lines.at(-1)).toMatch(/debug log write failed: disk full/);
  });
});
