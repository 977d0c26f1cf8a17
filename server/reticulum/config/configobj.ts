// SPDX-License-Identifier: MIT
// A parser for the subset of ConfigObj syntax Reticulum config files use: `[section]`,
// `[[subsection]]` (depth = number of brackets), `key = value`, `#` comments (whole-line and
// inline after unquoted values), single/double-quoted values and comma lists. Indentation is
// insignificant. Syntax errors do not abort: each is reported with its line and the line is skipped,
// so one bad interface block cannot hide the others.
// Reference: RNS/vendor/configobj.py (ConfigObj 5, as RNS vendors it).

/** A value as written: a string, or a list when the unquoted value contains a comma. */
export type ConfigValue = string | string[];

export interface ConfigSection {
  name: string;
  depth: number;
  /** Options in file order. */
  values: Map<string, ConfigValue>;
  /** Line number (1-based) of each option, for error messages. */
  valueLines: Map<string, number>;
  sections: Map<string, ConfigSection>;
  /** 1-based line of the header (0 for the root). */
  line: number;
  /** 1-based last line that belongs to this section (including its subsections). */
  endLine: number;
}

export interface ConfigSyntaxIssue {
  line: number;
  message: string;
}

export interface ParsedConfig {
  root: ConfigSection;
  errors: ConfigSyntaxIssue[];
}

function newSection(name: string, depth: number, line: number): ConfigSection {
  return { name, depth, values: new Map(), valueLines: new Map(), sections: new Map(), line, endLine: line };
}

function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0]) return t.slice(1, -1);
  return t;
}

/** Parses one value; returns null (with a message) on malformed quoting. */
function parseValue(raw: string): { value: ConfigValue } | { error: string } {
  const s = raw.trim();
  if (s.startsWith('"""') || s.startsWith("'''")) return { error: 'multi-line (triple-quoted) values are not supported' };
  const items: string[] = [];
  let i = 0;
  let sawComma = false;
  while (i < s.length) {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
    if (i >= s.length || s[i] === '#') break;
    const ch = s[i]!;
    if (ch === '"' || ch === "'") {
      const end = s.indexOf(ch, i + 1);
      if (end === -1) return { error: 'unterminated quoted value' };
      items.push(s.slice(i + 1, end));
      i = end + 1;
    } else {
      let j = i;
      while (j < s.length && s[j] !== ',' && s[j] !== '#') j++;
      items.push(s.slice(i, j).trim());
      i = j;
    }
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
    if (i < s.length && s[i] === ',') {
      sawComma = true;
      i++;
      continue;
    }
    if (i < s.length && s[i] !== '#') return { error: `unexpected text after value: '${s.slice(i)}'` };
    break;
  }
  if (!sawComma) return { value: items[0] ?? '' };
  // "a, b," lists end with an empty slot after the trailing comma; ConfigObj drops it.
  return { value: items.filter((v, idx) => !(idx === items.length - 1 && v === '' && idx > 0)) };
}

const HEADER = /^(\[+)\s*(.*?)\s*(\]+)\s*(#.*)?$/;

/** Parses config text. Never throws; problems are returned in `errors`. */
export function parseConfigText(text: string): ParsedConfig {
  const root = newSection('', 0, 0);
  const errors: ConfigSyntaxIssue[] = [];
  const stack: ConfigSection[] = [root];
  // After a bad header we skip that section's options instead of filing them under the parent.
  let skipping = false;
  const lines = text.split(/\r?\n/);
  lines.forEach((rawLine, idx) => {
    const lineNo = idx + 1;
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) return;
    if (line.startsWith('[')) {
      const m = HEADER.exec(line);
      if (!m || m[1]!.length !== m[3]!.length) {
        errors.push({ line: lineNo, message: `malformed section header '${line}'` });
        skipping = true;
        return;
      }
      const depth = m[1]!.length;
      const name = unquote(m[2]!);
      const current = stack[stack.length - 1]!;
      if (depth > current.depth + 1 || name === '') {
        errors.push({ line: lineNo, message: name === '' ? 'empty section name' : `section '${name}' is nested too deeply` });
        skipping = true;
        return;
      }
      while (stack.length > depth) stack.pop();
      const parent = stack[stack.length - 1]!;
      if (parent.sections.has(name)) {
        errors.push({ line: lineNo, message: `duplicate section '${name}'` });
        skipping = true;
        return;
      }
      const section = newSection(name, depth, lineNo);
      parent.sections.set(name, section);
      stack.push(section);
      skipping = false;
      for (const s of stack) s.endLine = lineNo;
      return;
    }
    if (skipping) return;
    const eq = line.indexOf('=');
    if (eq <= 0) {
      errors.push({ line: lineNo, message: `expected 'key = value', got '${line}'` });
      return;
    }
    const key = unquote(line.slice(0, eq));
    const parsed = parseValue(line.slice(eq + 1));
    const section = stack[stack.length - 1]!;
    if ('error' in parsed) {
      errors.push({ line: lineNo, message: `${key}: ${parsed.error}` });
      return;
    }
    if (section.values.has(key)) {
      errors.push({ line: lineNo, message: `duplicate option '${key}'${section.name ? ` in [${section.name}]` : ''}` });
      return;
    }
    section.values.set(key, parsed.value);
    section.valueLines.set(key, lineNo);
    for (const s of stack) s.endLine = lineNo;
  });
  return { root, errors };
}
