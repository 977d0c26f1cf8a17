// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import fc from 'fast-check';
import MarkdownText from './MarkdownText.js';
import { parseInline, parseMarkdown, safeHref } from './markdown.js';

function render(text: string, renderer: 'plain' | 'markdown' | 'micron' = 'markdown') {
  return mount(MarkdownText, { props: { text, renderer } });
}

const XSS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click]( javascript:alert(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[x](vbscript:msgbox(1))',
  '<javascript:alert(1)>',
  '**<svg onload=alert(1)>**',
  '`<iframe src=//evil>`',
  '```\n</code></pre><script>alert(1)</script>\n```',
  '[a](https://ok.example/"onmouseover="alert(1))',
  '> <style>body{display:none}</style>',
  '- <a href="javascript:alert(1)">x</a>',
];

describe('markdown in message bubbles', () => {
  it.each(XSS)('never creates markup or a script link from %s', (payload) => {
    const w = render(payload);
    for (const tag of ['script', 'img', 'iframe', 'svg', 'style']) expect(w.find(tag).exists()).toBe(false);
    for (const a of w.findAll('a')) expect(a.attributes('href')).toMatch(/^(https?:|mailto:)/);
    for (const el of w.findAll('*')) {
      expect(Object.keys(el.attributes()).filter((n) => n.startsWith('on') || n === 'style')).toEqual([]);
    }
  });

  it('keeps the payload visible as text', () => {
    const w = render('<img src=x onerror=alert(1)> and <b>bold</b>');
    expect(w.text()).toBe('<img src=x onerror=alert(1)> and <b>bold</b>');
  });

  it('renders emphasis, strong, strike, code, links, lists, quotes and code blocks', () => {
    const w = render(
      [
        'Hi *there* **friend** ~~old~~ `x < y` see [docs](https://example.org/a?b=1) or https://mesh.example/x.',
        '',
        '- one',
        '- **two**',
        '',
        '3. third',
        '4. fourth',
        '',
        '> quoted *line*',
        '',
        '```ts',
        'const a = "<b>";',
        '```',
      ].join('\n'),
    );
    expect(w.get('em').text()).toBe('there');
    expect(w.findAll('strong').map((s) => s.text())).toEqual(['friend', 'two']);
    expect(w.get('del').text()).toBe('old');
    expect(w.get('p code').text()).toBe('x < y');
    const links = w.findAll('a');
    expect(links.map((a) => a.attributes('href'))).toEqual(['https://example.org/a?b=1', 'https://mesh.example/x']);
    for (const a of links) {
      expect(a.attributes('rel')).toBe('noopener noreferrer');
      expect(a.attributes('target')).toBe('_blank');
    }
    expect(w.findAll('ul li').map((l) => l.text())).toEqual(['one', 'two']);
    expect(w.get('ol').attributes('start')).toBe('3');
    expect(w.get('blockquote em').text()).toBe('line');
    expect(w.get('pre code').text()).toBe('const a = "<b>";');
    expect(w.get('pre code').attributes('data-lang')).toBe('ts');
  });

  it('leaves snake_case, lone asterisks and escapes alone, and keeps line breaks', () => {
    expect(parseInline('a_b_c 2 * 3 = 6 \\*not\\*')).toEqual([{ t: 'text', v: 'a_b_c 2 * 3 = 6 *not*' }]);
    expect(parseInline('one\ntwo')).toEqual([{ t: 'text', v: 'one' }, { t: 'br' }, { t: 'text', v: 'two' }]);
    expect(parseInline('mailto:me@example.org')).toEqual([{ t: 'link', href: 'mailto:me@example.org', c: [{ t: 'text', v: 'mailto:me@example.org' }] }]);
  });

  it('shows plain and micron text verbatim', () => {
    for (const r of ['plain', 'micron'] as const) {
      const w = render('`c`Fxxx **not bold** [l](https://a.example)', r);
      expect(w.find('strong').exists()).toBe(false);
      expect(w.find('a').exists()).toBe(false);
      expect(w.text()).toBe('`c`Fxxx **not bold** [l](https://a.example)');
    }
  });

  it('accepts only http, https and mailto targets', () => {
    expect(safeHref('https://a.example/x')).toBe('https://a.example/x');
    expect(safeHref('mailto:a@b.example')).toBe('mailto:a@b.example');
    for (const bad of ['javascript:alert(1)', '/api/v1/auth/logout', '//evil.example', 'ftp://x.example', 'data:,x', 'http://']) expect(safeHref(bad)).toBeNull();
  });

  it('parses any input without throwing and without losing the letters it does not format', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('*', '_', '`', '[', ']', '(', ')', '<', '>', '~', '-', '#', ' ', '\n', 'a', 'h', ':', '/') , maxLength: 200 }), (s) => {
        const blocks = parseMarkdown(s);
        const letters = JSON.stringify(blocks).replace(/"(t|lang|href|ordered|start)":("[^"]*"|\w+)/g, '').replace(/[^a]/g, '');
        expect(letters.length).toBeGreaterThanOrEqual(s.replace(/[^a]/g, '').length);
      }),
      { numRuns: 300 },
    );
  });

  it('stays fast on hostile nesting', () => {
    const blocks = parseMarkdown('['.repeat(8_000) + '*a '.repeat(5_000) + '>'.repeat(500) + '<'.repeat(5_000));
    expect(blocks.length).toBeGreaterThan(0);
  });
});
