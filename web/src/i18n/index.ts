// SPDX-License-Identifier: MIT
// A small typed i18n layer: plain string catalogues and one `t()` function. No message compiler
// runs in the browser, so nothing needs `unsafe-eval` under the server's CSP.
import { ref } from 'vue';
import { en } from './en.js';
import type { Catalogue, MessageKey } from './en.js';

export type { MessageKey } from './en.js';

const catalogues: Record<string, Catalogue> = { en };

/** The active locale; reactive, so templates calling t() re-render when it changes. */
export const locale = ref<string>('en');

/** Registers a catalogue (it must have every key of the English one: the type enforces it). */
export function registerLocale(tag: string, catalogue: Catalogue): void {
  catalogues[tag] = catalogue;
}

/** Translates `key`, replacing `{name}` placeholders with `params[name]`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const catalogue = catalogues[locale.value] ?? en;
  const template = catalogue[key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}

/** "1 minute 5 seconds" style duration for retry messages, in the active locale. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.ceil(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const parts: string[] = [];
  const unit = (value: number, u: 'hour' | 'minute' | 'second') =>
    new Intl.NumberFormat(locale.value, { style: 'unit', unit: u, unitDisplay: 'long' }).format(value);
  if (h) parts.push(unit(h, 'hour'));
  if (m) parts.push(unit(m, 'minute'));
  if (sec || parts.length === 0) parts.push(unit(sec, 'second'));
  return parts.join(' ');
}

/** Localised date and time for a timestamp (ISO string or epoch ms); the raw value if unparsable. */
export function formatDateTime(value: string | number): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** First 8 and last 4 hex digits of a Reticulum hash, the way other LXMF clients abbreviate. */
export function shortHash(hash: string): string {
  return hash.length > 14 ? `${hash.slice(0, 8)}…${hash.slice(-4)}` : hash;
}

const UNITS = ['B', 'kB', 'MB', 'GB'] as const;

/** A byte count for people: 1 decimal above 1 kB (decimal units, as browsers show downloads). */
export function formatBytes(n: number): string {
  let v = n;
  let u = 0;
  while (v >= 1000 && u < UNITS.length - 1) {
    v /= 1000;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${UNITS[u]}`;
}
