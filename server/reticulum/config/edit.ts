// SPDX-License-Identifier: MIT
// Text-level edits of interface blocks for the UI's add/edit/remove: the rest of the file
// (other sections, comments, layout) is kept byte for byte.

import { RnsArgumentError } from '../errors.js';
import type { ConfigValue } from './configobj.js';

const HEADER = /^\s*(\[+)\s*(.*?)\s*(\]+)\s*(#.*)?$/;

interface Header {
  index: number;
  depth: number;
  name: string;
}

function headers(lines: string[]): Header[] {
  const out: Header[] = [];
  lines.forEach((line, index) => {
    const m = HEADER.exec(line);
    if (m && m[1]!.length === m[3]!.length) out.push({ index, depth: m[1]!.length, name: m[2]!.replace(/^(["'])(.*)\1$/, '$2') });
  });
  return out;
}

function formatValue(v: ConfigValue): string {
  if (Array.isArray(v)) return v.map((x) => formatValue(x)).join(', ') + (v.length === 1 ? ',' : '');
  if (v === '' || /[#,"']|^\s|\s$/.test(v)) {
    if (!v.includes('"')) return `"${v}"`;
    if (!v.includes("'")) return `'${v}'`;
    throw new RnsArgumentError('RNS_ERR_CONFIG_VALUE', 'a value cannot contain both quote characters');
  }
  return v;
}

function checkName(name: string): void {
  if (name.trim() === '' || /[[\]\r\n]/.test(name)) {
    throw new RnsArgumentError('RNS_ERR_CONFIG_VALUE', `invalid interface name '${name}'`);
  }
}

/** Formats one `[[Name]]` block with the given options (keys in the given order). */
export function formatInterfaceBlock(name: string, options: Record<string, ConfigValue>): string {
  checkName(name);
  const lines = [`  [[${name}]]`];
  for (const [key, value] of Object.entries(options)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new RnsArgumentError('RNS_ERR_CONFIG_VALUE', `invalid option name '${key}'`);
    if (typeof value === 'string' && /[\r\n]/.test(value)) throw new RnsArgumentError('RNS_ERR_CONFIG_VALUE', `option '${key}' contains a line break`);
    lines.push(`    ${key} = ${formatValue(value)}`);
  }
  return lines.join('\n');
}

/** Line range [start, end) of `[[name]]` inside `[interfaces]`, trailing comments excluded. */
function findBlock(lines: string[], name: string): { start: number; end: number } | null {
  const hs = headers(lines);
  const section = hs.find((h) => h.depth === 1 && h.name === 'interfaces');
  if (!section) return null;
  const sectionEnd = hs.find((h) => h.depth === 1 && h.index > section.index)?.index ?? lines.length;
  const block = hs.find((h) => h.depth === 2 && h.name === name && h.index > section.index && h.index < sectionEnd);
  if (!block) return null;
  let end = hs.find((h) => h.index > block.index && h.depth <= 2)?.index ?? lines.length;
  // Comments and blank lines just before the next header belong to what follows.
  while (end > block.index + 1 && /^\s*(#.*)?$/.test(lines[end - 1]!)) end--;
  return { start: block.index, end };
}

/** Replaces the block `[[name]]` (or appends it to `[interfaces]`, creating that if needed). */
export function upsertInterfaceBlock(text: string, name: string, options: Record<string, ConfigValue>): string {
  const block = formatInterfaceBlock(name, options).split('\n');
  const lines = text.split('\n');
  const found = findBlock(lines, name);
  if (found) {
    lines.splice(found.start, found.end - found.start, ...block);
    return lines.join('\n');
  }
  const hs = headers(lines);
  const section = hs.find((h) => h.depth === 1 && h.name === 'interfaces');
  if (!section) {
    const base = text.endsWith('\n') || text === '' ? text : `${text}\n`;
    return `${base}\n[interfaces]\n\n${block.join('\n')}\n`;
  }
  let insertAt = hs.find((h) => h.depth === 1 && h.index > section.index)?.index ?? lines.length;
  while (insertAt > section.index + 1 && /^\s*$/.test(lines[insertAt - 1]!)) insertAt--;
  lines.splice(insertAt, 0, '', ...block);
  return lines.join('\n');
}

/** Removes the block `[[name]]`; returns the text unchanged when there is none. */
export function removeInterfaceBlock(text: string, name: string): string {
  const lines = text.split('\n');
  const found = findBlock(lines, name);
  if (!found) return text;
  lines.splice(found.start, found.end - found.start);
  return lines.join('\n');
}
