// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import { ConfigBlockError, formatConfigBlock, parseConfigBlocks } from './config-block.js';

describe('Reticulum config blocks', () => {
  it('reads pasted blocks with comments, quotes and the [interfaces] section line', () => {
    const text = ['[interfaces]', '  # my links', '  [[TCP Link]]', '    type = TCPClientInterface', '    enabled = yes  # on', '    target_host = "example.org"', '', '  [[Local]]', '    type = AutoInterface'].join('\n');
    expect(parseConfigBlocks(text)).toEqual([
      { name: 'TCP Link', options: { type: 'TCPClientInterface', enabled: 'yes', target_host: 'example.org' } },
      { name: 'Local', options: { type: 'AutoInterface' } },
    ]);
  });

  it('names the first bad line', () => {
    expect(() => parseConfigBlocks('[[A]]\n type = X\n this is not an option')).toThrow(new ConfigBlockError('line 3: expected "name = value"', 3));
    expect(() => parseConfigBlocks('type = X')).toThrow(/before any \[\[interface name\]\] header/);
    expect(() => parseConfigBlocks('# nothing')).toThrow(/no \[\[interface name\]\] block/);
  });

  it('formats a block that parses back to the same options', () => {
    const options = { type: 'TCPServerInterface', listen_port: '4242', hosts: ['a', 'b'] };
    expect(parseConfigBlocks(formatConfigBlock('Srv', options))).toEqual([{ name: 'Srv', options: { ...options, hosts: 'a, b' } }]);
  });
});
