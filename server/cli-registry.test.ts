// SPDX-License-Identifier: MIT
// The CLI lists commands without loading them; the summaries it shows must be the commands' own.
import { describe, expect, it } from 'vitest';
import { COMMANDS } from './cli.js';

describe('CLI command registry', () => {
  it('shows each command with the summary the command itself declares', async () => {
    for (const [name, entry] of Object.entries(COMMANDS)) {
      const command = await entry.load();
      expect({ name, summary: entry.summary }).toEqual({ name, summary: command.summary });
      expect(command.usage).toContain(name);
    }
  });
});
