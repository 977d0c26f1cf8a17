// SPDX-License-Identifier: MIT
// Reactions (LXMF field 64) arrive as separate messages; the thread shows them under their target.
import type { Message } from '../../api/index.js';

export const REACTION_CHOICES = ['👍', '❤️', '😂', '✅'] as const;

export interface ReactionCount {
  content: string;
  count: number;
  /** True when one of them is ours. */
  mine: boolean;
}

/** Target LXMF hash → emoji counts, in first-seen order. */
export function aggregateReactions(messages: readonly Message[]): Map<string, ReactionCount[]> {
  const out = new Map<string, ReactionCount[]>();
  for (const m of messages) {
    if (!m.reaction) continue;
    const list = out.get(m.reaction.to) ?? [];
    const hit = list.find((r) => r.content === m.reaction?.content);
    if (hit) {
      hit.count += 1;
      hit.mine ||= m.direction === 'outbound';
    } else list.push({ content: m.reaction.content, count: 1, mine: m.direction === 'outbound' });
    out.set(m.reaction.to, list);
  }
  return out;
}
