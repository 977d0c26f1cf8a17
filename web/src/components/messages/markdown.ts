// SPDX-License-Identifier: MIT
// A small Markdown subset for message bubbles, parsed into a tree of plain objects and rendered
// with Vue's h(): every piece of message text becomes a text node, so no HTML from the mesh can
// ever reach the DOM (there is no HTML pass-through, by design, not by configuration).
// Link targets are the one attribute taken from the sender; only http, https and mailto survive,
// plus LXMF addresses and paper messages (links.ts), which open inside the app.
import { appLinkText, parseAppLink } from '../../links.js';

export type Inline =
  | { t: 'text'; v: string }
  | { t: 'br' }
  | { t: 'code'; v: string }
  | { t: 'strong' | 'em' | 'del'; c: Inline[] }
  | { t: 'link'; href: string; c: Inline[] };

export type Block =
  | { t: 'p'; c: Inline[] }
  | { t: 'pre'; lang: string; v: string }
  | { t: 'list'; ordered: boolean; start: number; items: Inline[][] }
  | { t: 'quote'; c: Block[] }
  | { t: 'heading'; c: Inline[] };

/** Nesting bound for quotes and emphasis: a hostile message cannot make the parser recurse deeply. */
const MAX_DEPTH = 8;
const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);
/** How far ahead a closing delimiter is looked for; keeps hostile input (`[[[[`, `*a *a *a`) linear. */
const WINDOW = 2048;

/** Returns the normalised URL when it uses an allowed scheme, otherwise null. */
export function safeHref(raw: string): string | null {
  const s = raw.trim();
  // LXMF addresses and paper messages open inside the app (links.ts checks them strictly).
  const app = parseAppLink(s);
  if (app) return appLinkText(app);
  // Relative or scheme-less targets are refused: a relative link would point into this node's API.
  if (!/^(https?:\/\/|mailto:)/i.test(s)) return null;
  try {
    const u = new URL(s);
    return SAFE_SCHEMES.has(u.protocol) ? u.href : null;
  } catch {
    // Not a URL the browser can parse: the text stays text.
    return null;
  }
}

const FENCE = /^ {0,3}(```|~~~)\s*([\w+#.-]*)\s*$/;
const BULLET = /^ {0,3}[-*+]\s+(.*)$/;
const ORDERED = /^ {0,3}(\d{1,9})[.)]\s+(.*)$/;
const QUOTE = /^ {0,3}>\s?(.*)$/;
const HEADING = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/;

export function parseMarkdown(src: string, depth = 0): Block[] {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = (): void => {
    if (para.length) blocks.push({ t: 'p', c: parseInline(para.join('\n'), depth) });
    para = [];
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const marker = fence[1] ?? '```';
      const body: string[] = [];
      i++;
      while (i < lines.length && !(lines[i] ?? '').trim().startsWith(marker)) body.push(lines[i++] ?? '');
      i++; // the closing fence (an unclosed fence runs to the end, as in CommonMark)
      blocks.push({ t: 'pre', lang: fence[2] ?? '', v: body.join('\n') });
      continue;
    }
    if (depth < MAX_DEPTH && QUOTE.test(line)) {
      flush();
      const body: string[] = [];
      let q: RegExpExecArray | null;
      while (i < lines.length && (q = QUOTE.exec(lines[i] ?? ''))) {
        body.push(q[1] ?? '');
        i++;
      }
      blocks.push({ t: 'quote', c: parseMarkdown(body.join('\n'), depth + 1) });
      continue;
    }
    const bullet = BULLET.exec(line);
    const ordered = ORDERED.exec(line);
    if (bullet || ordered) {
      flush();
      const isOrdered = !bullet;
      const items: string[] = [];
      while (i < lines.length) {
        const l = lines[i] ?? '';
        const m = isOrdered ? ORDERED.exec(l) : BULLET.exec(l);
        if (m) items.push((isOrdered ? m[2] : m[1]) ?? '');
        else if (/^\s{2,}\S/.test(l) && items.length) items[items.length - 1] += `\n${l.trim()}`;
        else break;
        i++;
      }
      blocks.push({ t: 'list', ordered: isOrdered, start: ordered ? Number(ordered[1]) : 1, items: items.map((s) => parseInline(s, depth)) });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      blocks.push({ t: 'heading', c: parseInline(heading[1] ?? '', depth) });
      i++;
      continue;
    }
    if (line.trim() === '') flush();
    else para.push(line);
    i++;
  }
  flush();
  return blocks;
}

const ESCAPABLE = new Set('\\`*_~[]()<>#+-.!|{}>'.split(''));
const PAIRS: [string, 'strong' | 'em' | 'del'][] = [
  ['**', 'strong'],
  ['__', 'strong'],
  ['~~', 'del'],
  ['*', 'em'],
  ['_', 'em'],
];
const WORD = /[\p{L}\p{N}]/u;
const BARE_URL = /^(https?:\/\/[^\s<>"]+|mailto:[^\s<>"]+|lxmf:\/\/[0-9a-f]{32}|lxm:\/\/[A-Za-z0-9_\-/]+)/i;

export function parseInline(src: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const pushText = (): void => {
    if (text) out.push({ t: 'text', v: text });
    text = '';
  };
  let i = 0;
  outer: while (i < src.length) {
    const ch = src[i] ?? '';
    if (ch === '\\' && ESCAPABLE.has(src[i + 1] ?? '')) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    if (ch === '\n') {
      pushText();
      out.push({ t: 'br' });
      i++;
      continue;
    }
    if (ch === '`') {
      let n = 1;
      while (src[i + n] === '`') n++;
      const run = '`'.repeat(n);
      const end = indexWithin(src, run, i + n);
      if (end > 0) {
        pushText();
        out.push({ t: 'code', v: src.slice(i + n, end).replace(/^ (.*) $/s, '$1') });
        i = end + n;
        continue;
      }
      text += run;
      i += n;
      continue;
    }
    if (ch === '[' && depth < MAX_DEPTH) {
      const close = findClosingBracket(src, i);
      if (close > 0 && src[close + 1] === '(') {
        const end = indexWithin(src, ')', close + 2);
        const href = end > 0 ? safeHref(src.slice(close + 2, end)) : null;
        if (href) {
          pushText();
          out.push({ t: 'link', href, c: parseInline(src.slice(i + 1, close), depth + 1) });
          i = end + 1;
          continue;
        }
      }
    }
    if (ch === '<') {
      const end = indexWithin(src, '>', i);
      const href = end > 0 ? safeHref(src.slice(i + 1, end)) : null;
      if (href) {
        pushText();
        out.push({ t: 'link', href, c: [{ t: 'text', v: src.slice(i + 1, end) }] });
        i = end + 1;
        continue;
      }
    }
    if ((ch === 'h' || ch === 'H' || ch === 'm' || ch === 'M' || ch === 'l' || ch === 'L') && !WORD.test(src[i - 1] ?? '')) {
      const m = BARE_URL.exec(src.slice(i, i + 2048));
      if (m) {
        // Trailing punctuation belongs to the sentence, not the URL.
        const url = (m[1] ?? '').replace(/[.,;:!?)\]'"]+$/, '');
        const href = safeHref(url);
        if (href) {
          pushText();
          out.push({ t: 'link', href, c: [{ t: 'text', v: url }] });
          i += url.length;
          continue;
        }
      }
    }
    if (depth < MAX_DEPTH) {
      for (const [d, kind] of PAIRS) {
        if (!src.startsWith(d, i)) continue;
        const after = src[i + d.length] ?? '';
        // Underscores inside words (snake_case) and openers followed by space are literal.
        if (after === '' || /\s/.test(after) || (d[0] === '_' && WORD.test(src[i - 1] ?? ''))) break;
        const end = findCloser(src, d, i + d.length);
        if (end < 0) break;
        pushText();
        out.push({ t: kind, c: parseInline(src.slice(i + d.length, end), depth + 1) });
        i = end + d.length;
        continue outer;
      }
    }
    text += ch;
    i++;
  }
  pushText();
  return out;
}

/** indexOf limited to WINDOW characters after `from`. */
function indexWithin(src: string, needle: string, from: number): number {
  const j = src.slice(from, from + WINDOW + needle.length).indexOf(needle);
  return j < 0 ? -1 : from + j;
}

function findClosingBracket(src: string, open: number): number {
  let level = 0;
  for (let j = open; j < src.length && j - open < WINDOW; j++) {
    const c = src[j];
    if (c === '\\') j++;
    else if (c === '[') level++;
    else if (c === ']' && --level === 0) return j;
    else if (c === '\n' && src[j + 1] === '\n') return -1;
  }
  return -1;
}

function findCloser(src: string, d: string, from: number): number {
  const limit = from + WINDOW;
  let j = src.indexOf(d, from);
  while (j > 0 && j < limit) {
    const before = src[j - 1] ?? '';
    const after = src[j + d.length] ?? '';
    const okBefore = !/\s/.test(before) && before !== '\\';
    const okAfter = d[0] !== '_' || !WORD.test(after);
    // A single delimiter must not be half of a double one (`*a **b** c*`).
    const lone = d.length > 1 || (src[j + 1] !== d && before !== d);
    if (okBefore && okAfter && lone && j > from) return j;
    j = src.indexOf(d, j + d.length);
  }
  return -1;
}
