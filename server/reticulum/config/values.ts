// SPDX-License-Identifier: MIT
// Typed reads of config values with ConfigObj's coercion rules (as_bool, as_int, as_float, as_list)
// and issues that name the interface and option.

import type { ConfigValue } from './configobj.js';

/** One problem found in a config file. `interface` and `option` name where, when they apply. */
export interface ConfigIssue {
  /** Stable machine-readable kind, e.g. `unknown_option`, `invalid_value`, `missing_option`. */
  code: string;
  message: string;
  interface?: string;
  option?: string;
  line?: number;
}

export type OptionKind = 'bool' | 'int' | 'float' | 'string' | 'list';

const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0']);

/** Reads options of one section, collecting issues instead of throwing. */
export class OptionReader {
  readonly errors: ConfigIssue[] = [];
  readonly warnings: ConfigIssue[] = [];

  constructor(
    private readonly values: Map<string, ConfigValue>,
    private readonly lines: Map<string, number>,
    private readonly where: { interface?: string; section?: string },
  ) {}

  has(key: string): boolean {
    return this.values.has(key);
  }

  private label(key: string): string {
    if (this.where.interface !== undefined) return `interface '${this.where.interface}': option '${key}'`;
    return `[${this.where.section ?? ''}] option '${key}'`;
  }

  issue(kind: 'error' | 'warning', code: string, key: string | undefined, message: string): void {
    const issue: ConfigIssue = { code, message: key === undefined ? message : `${this.label(key)} ${message}` };
    if (this.where.interface !== undefined) issue.interface = this.where.interface;
    if (key !== undefined) {
      issue.option = key;
      const line = this.lines.get(key);
      if (line !== undefined) issue.line = line;
    }
    (kind === 'error' ? this.errors : this.warnings).push(issue);
  }

  private scalar(key: string): string | undefined {
    const v = this.values.get(key);
    if (v === undefined) return undefined;
    if (Array.isArray(v)) {
      this.issue('error', 'invalid_value', key, `must be a single value, got a list (${v.join(', ')})`);
      return undefined;
    }
    return v;
  }

  string(key: string): string | undefined {
    return this.scalar(key);
  }

  bool(key: string): boolean | undefined {
    const v = this.scalar(key);
    if (v === undefined) return undefined;
    const s = v.toLowerCase();
    if (TRUE.has(s)) return true;
    if (FALSE.has(s)) return false;
    this.issue('error', 'invalid_value', key, `must be Yes/No/True/False, got '${v}'`);
    return undefined;
  }

  int(key: string, range?: { min?: number; max?: number }): number | undefined {
    const v = this.scalar(key);
    if (v === undefined) return undefined;
    if (!/^[+-]?\d+$/.test(v.trim())) {
      this.issue('error', 'invalid_value', key, `must be an integer, got '${v}'`);
      return undefined;
    }
    const n = Number.parseInt(v.trim(), 10);
    if ((range?.min !== undefined && n < range.min) || (range?.max !== undefined && n > range.max)) {
      this.issue('error', 'invalid_value', key, `must be in ${range.min ?? '-∞'}..${range.max ?? '∞'}, got ${n}`);
      return undefined;
    }
    return n;
  }

  float(key: string): number | undefined {
    const v = this.scalar(key);
    if (v === undefined) return undefined;
    const n = Number(v.trim());
    if (v.trim() === '' || !Number.isFinite(n)) {
      this.issue('error', 'invalid_value', key, `must be a number, got '${v}'`);
      return undefined;
    }
    return n;
  }

  list(key: string): string[] | undefined {
    const v = this.values.get(key);
    if (v === undefined) return undefined;
    return (Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter((s) => s !== '');
  }

  /** Checks every present option against `known`; unknown ones are errors, bad types too. */
  checkKnown(known: Record<string, OptionKind>, context: string): void {
    for (const key of this.values.keys()) {
      const kind = known[key];
      if (kind === undefined) {
        this.issue('error', 'unknown_option', key, `is not a known option for ${context}`);
        continue;
      }
      if (kind === 'bool') this.bool(key);
      else if (kind === 'int') this.int(key);
      else if (kind === 'float') this.float(key);
      else if (kind === 'string') this.string(key);
    }
  }
}

/** De-duplicates issues (checkKnown and the typed reads may report the same bad value). */
export function uniqueIssues(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.code}|${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
