// SPDX-License-Identifier: MIT
// Reticulum config blocks as people paste them from docs and forums:
//   [[My TCP link]]
//     type = TCPClientInterface
//     target_host = example.org
// Parsed here only to split name and options for the API; the server validates the options with
// the real config loader and answers with its own errors.
import type { InterfaceOptions } from '../../api/index.js';

export interface ConfigBlock {
  name: string;
  options: InterfaceOptions;
}

export class ConfigBlockError extends Error {
  readonly code = 'CONFIG_BLOCK_INVALID';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'ConfigBlockError';
  }
}

const HEADER = /^\[\[\s*([^[\]]+?)\s*\]\]$/;
const OPTION = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

function unquote(v: string): string {
  const m = /^(["'])(.*)\1$/.exec(v);
  return m ? (m[2] ?? '') : v;
}

/** Every `[[name]]` block in `text`; throws ConfigBlockError naming the first bad line. */
export function parseConfigBlocks(text: string): ConfigBlock[] {
  const blocks: ConfigBlock[] = [];
  let current: ConfigBlock | null = null;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const header = HEADER.exec(line);
    if (header) {
      current = { name: header[1] ?? '', options: {} };
      blocks.push(current);
      return;
    }
    // `[interfaces]` (the section around the blocks) is accepted and ignored when pasted along.
    if (/^\[[^[\]]+\]$/.test(line)) return;
    const option = OPTION.exec(line);
    if (!option) throw new ConfigBlockError(`line ${i + 1}: expected "name = value"`, i + 1);
    if (!current) throw new ConfigBlockError(`line ${i + 1}: an option before any [[interface name]] header`, i + 1);
    (current as ConfigBlock).options[option[1] ?? ''] = unquote((option[2] ?? '').replace(/\s+#.*$/, '').trim());
  });
  if (blocks.length === 0) throw new ConfigBlockError('no [[interface name]] block found', 1);
  return blocks;
}

/** The block text for an interface, to edit it the same way it was added. */
export function formatConfigBlock(name: string, options: InterfaceOptions): string {
  const lines = Object.entries(options).map(([k, v]) => `  ${k} = ${Array.isArray(v) ? v.join(', ') : v}`);
  return [`[[${name}]]`, ...lines].join('\n');
}
