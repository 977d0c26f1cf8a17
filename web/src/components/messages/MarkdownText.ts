// SPDX-License-Identifier: MIT
// Renders message text. Markdown goes through parseMarkdown into h() calls, so every string from
// the sender ends up in a text node; there is no v-html anywhere on this path. Plain and micron
// texts (NomadNet's markup, which we do not interpret) are shown verbatim.
import { defineComponent, h } from 'vue';
import type { PropType, VNode, VNodeArrayChildren } from 'vue';
import { parseMarkdown } from './markdown.js';
import { openAppLink, parseAppLink } from '../../links.js';
import type { Block, Inline } from './markdown.js';

export type Renderer = 'plain' | 'markdown' | 'micron' | 'bbcode';

function inlines(nodes: Inline[]): VNodeArrayChildren {
  return nodes.map((n): VNode | string => {
    switch (n.t) {
      case 'text':
        return n.v;
      case 'br':
        return h('br');
      case 'code':
        return h('code', n.v);
      case 'link': {
        const app = parseAppLink(n.href);
        if (!app) return h('a', { href: n.href, rel: 'noopener noreferrer', target: '_blank' }, inlines(n.c));
        // LXMF links stay in the app: an address opens its conversation, a paper message is imported.
        const href = app.kind === 'address' ? `/conversations/${app.destinationHash}` : '#';
        const onClick = (ev: MouseEvent) => {
          if (openAppLink(app)) ev.preventDefault();
        };
        return h('a', { href, class: 'app-link', 'data-testid': 'app-link', title: n.href, onClick }, inlines(n.c));
      }
      default:
        return h(n.t === 'strong' ? 'strong' : n.t === 'em' ? 'em' : 'del', inlines(n.c));
    }
  });
}

function blocks(nodes: Block[]): VNode[] {
  return nodes.map((b) => {
    switch (b.t) {
      case 'p':
        return h('p', inlines(b.c));
      case 'heading':
        return h('p', { class: 'md-heading' }, inlines(b.c));
      case 'pre':
        return h('pre', h('code', b.lang ? { 'data-lang': b.lang } : {}, b.v));
      case 'quote':
        return h('blockquote', blocks(b.c));
      case 'list':
        return h(
          b.ordered ? 'ol' : 'ul',
          b.ordered && b.start !== 1 ? { start: b.start } : {},
          b.items.map((it) => h('li', inlines(it))),
        );
    }
  });
}

export default defineComponent({
  name: 'MarkdownText',
  props: {
    text: { type: String, required: true },
    renderer: { type: String as PropType<Renderer>, default: 'markdown' },
  },
  setup(props) {
    return () =>
      props.renderer === 'markdown'
        ? h('div', { class: 'md' }, blocks(parseMarkdown(props.text)))
        : h('div', { class: 'plain' }, props.text);
  },
});
