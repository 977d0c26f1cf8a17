// SPDX-License-Identifier: MIT
// The layer rule is what keeps the architecture honest; prove it fires through real ESLint.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { checkImport } from './eslint-layers.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

describe('layer rule', () => {
  it.each([
    ['server/reticulum/transport/transport.ts', '../../lxmf/router.js'],
    ['server/reticulum/identity.ts', '../app/service.js'],
    ['server/reticulum/identity.ts', '../http/app.js'],
    ['server/reticulum/identity.ts', '../storage/db.js'],
    ['server/reticulum/identity.ts', '../../web/src/main.js'],
    ['server/lxmf/router.ts', '../app/x.js'],
    ['server/http/app.ts', '../storage/db.js'],
    ['server/http/app.ts', '../reticulum/identity.js'],
    ['web/src/api/client.ts', '../../../server/http/contract/index.js'],
    ['integrity/src/manifest.ts', '../../server/version.js'],
    ['desktop/src/main.ts', '../../server/main.js'],
    ['server/reticulum/identity.ts', 'node:crypto'],
    ['server/lxmf/stamps.ts', 'node:crypto'],
  ])('forbids %s importing %s', (from, spec) => {
    expect(checkImport(from, spec)).toMatch(/may not|may only/);
  });

  it.each([
    ['server/lxmf/router.ts', '../reticulum/identity.js'],
    ['server/app/messages.service.ts', '../lxmf/router.js'],
    ['server/app/messages.service.ts', '../storage/db.js'],
    ['server/http/app.ts', '../app/messages.service.js'],
    ['server/main.ts', './http/app.js'],
    ['server/reticulum/crypto/hashes.ts', 'node:crypto'],
    ['server/reticulum/identity.ts', './crypto/index.js'],
    ['desktop/src/main.ts', '../../integrity/src/manifest.js'],
  ])('allows %s importing %s', (from, spec) => {
    expect(checkImport(from, spec)).toBeNull();
  });

  it('fails ESLint on an upward import from server/reticulum', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const [result] = await eslint.lintText("import { x } from '../lxmf/router.js';\nexport const y = x;\n", {
      filePath: path.join(ROOT, 'server/reticulum/example.ts'),
    });
    const messages = result?.messages.filter((m) => m.ruleId === 'strand/layers') ?? [];
    expect(messages).toHaveLength(1);
    expect(messages[0]?.severity).toBe(2);
  });
});
