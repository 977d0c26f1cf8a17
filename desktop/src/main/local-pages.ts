// SPDX-License-Identifier: MIT
// The two pages the wrapper shows itself: "starting" and "the backend stopped" (with its last log
// lines). They are generated HTML loaded as data: URLs, with a CSP that allows no script at all and
// only the one style block, by hash; so even a log line crafted to look like markup (it is escaped
// anyway) could not run. MeshChatX fell back to a permissive CSP for its local pages.
import { createHash } from 'node:crypto';

const STYLE = [
  'body{margin:0;padding:2rem;font:15px/1.5 system-ui,sans-serif;background:#101418;color:#e6e9ec}',
  'h1{font-size:1.4rem;margin:0 0 1rem}',
  'pre{white-space:pre-wrap;word-break:break-all;background:#1b2127;padding:1rem;border-radius:6px;max-height:60vh;overflow:auto}',
].join('');

/** `style-src` source for {@link STYLE}: CSP hashes are base64 SHA-256 of the exact element text. */
function styleHash(): string {
  return `'sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}'`;
}

/** The CSP of every local page: nothing may load, run, submit or be framed; one hashed style. */
export function localPageCsp(): string {
  return [
    "default-src 'none'",
    "script-src 'none'",
    `style-src ${styleHash()}`,
    "img-src 'none'",
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Escapes text for an HTML text node or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** A complete HTML document with the strict CSP in a meta tag (data: URLs carry no headers). */
export function renderLocalPage(title: string, bodyHtml: string): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(localPageCsp())}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body>',
    bodyHtml,
    '</body></html>',
  ].join('\n');
}

export function loadingPage(): string {
  return renderLocalPage('Strand', '<h1>Starting Strand…</h1><p>Verifying and starting the local node.</p>');
}

/** The crash page: what happened and the backend's last log lines, escaped. */
export function crashPage(reason: string, lastLines: readonly string[]): string {
  const log = lastLines.length > 0 ? `<pre>${escapeHtml(lastLines.join('\n'))}</pre>` : '<p>The backend printed nothing.</p>';
  return renderLocalPage(
    'Strand stopped',
    `<h1>The Strand node stopped</h1><p>${escapeHtml(reason)}</p><p>Restart it from the tray menu, or quit and start Strand again.</p>${log}`,
  );
}

/** A data: URL for `html` (base64, so no character needs URL escaping). */
export function dataUrl(html: string): string {
  return `data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`;
}
