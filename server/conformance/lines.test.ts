// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import { answerItem } from './bridge.js';
import { LineSplitter } from './lines.js';
import { CommandRegistry, DuplicateCommandError } from './registry.js';
import * as z from 'zod';

describe('LineSplitter', () => {
  it('joins lines split across chunks and strips CR', () => {
    const s = new LineSplitter(100);
    expect(s.push(Buffer.from('ab'))).toEqual([]);
    expect(s.push(Buffer.from('c\r\nde\nf'))).toEqual([
      { kind: 'line', text: 'abc' },
      { kind: 'line', text: 'de' },
    ]);
    expect(s.end()).toEqual([{ kind: 'line', text: 'f' }]);
    expect(s.end()).toEqual([]);
  });

  it('drops an over-long line without holding it, then carries on', () => {
    const s = new LineSplitter(4);
    expect(s.push(Buffer.from('abc'))).toEqual([]);
    expect(s.push(Buffer.from('defgh'))).toEqual([]);
    expect(s.push(Buffer.from('ij\nok\n'))).toEqual([
      { kind: 'too-long', bytes: 10 },
      { kind: 'line', text: 'ok' },
    ]);
    expect(s.push(Buffer.from('1234\n'))).toEqual([{ kind: 'line', text: '1234' }]);
  });

  it('decodes UTF-8 split between chunks', () => {
    const s = new LineSplitter(100);
    const bytes = Buffer.from('ü\n');
    expect(s.push(bytes.subarray(0, 1))).toEqual([]);
    expect(s.push(bytes.subarray(1))).toEqual([{ kind: 'line', text: 'ü' }]);
  });
});

describe('answerItem and the registry', () => {
  const registry = new CommandRegistry().add('echo', z.object({ v: z.number() }), ({ v }) => ({ v }));
  registry.add('boom', z.object({}), () => {
    throw new TypeError('kaput');
  });
  const log = (): void => undefined;

  it('refuses a second registration of a name', () => {
    expect(() => registry.add('echo', z.object({}), () => ({}))).toThrow(DuplicateCommandError);
    expect(registry.names()).toEqual(['boom', 'echo']);
  });

  it('turns a throwing handler into a failure answer', async () => {
    expect(await answerItem(registry, { kind: 'line', text: '{"id":"a","command":"boom"}' }, log)).toEqual({ id: 'a', success: false, error: 'boom failed: kaput' });
    expect(await answerItem(registry, { kind: 'line', text: '{"id":"b","command":"echo","params":{"v":2}}' }, log)).toEqual({ id: 'b', success: true, result: { v: 2 } });
    expect(await answerItem(registry, { kind: 'line', text: '  ' }, log)).toBeNull();
  });
});
