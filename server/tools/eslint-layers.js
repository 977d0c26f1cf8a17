// SPDX-License-Identifier: MIT
// ESLint rule `strand/layers`: the one-way dependency direction of the repository.
//
// Every relative import is resolved against the importing file, then both ends are mapped to a
// layer. A bare specifier (`express`, `node:net`) is a package and is only checked by the
// `node:crypto` confinement below. Resolving paths (instead of matching strings) means that
// `../../lxmf/router.js` and `../lxmf/router.js` are judged the same way from any depth.
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

/** Layer of a repository-relative path, most specific first. */
export function layerOf(relPath) {
  const p = relPath.split(path.sep).join('/');
  const prefixes = [
    ['server/reticulum/', 'reticulum'],
    ['server/lxmf/', 'lxmf'],
    ['server/storage/', 'storage'],
    ['server/app/', 'app'],
    ['server/http/', 'http'],
    ['server/config/', 'config'],
    ['server/logging/', 'logging'],
    ['server/conformance/', 'conformance'],
    ['server/tools/', 'tools'],
    ['server/fixtures/', 'fixtures'],
    ['server/', 'server-root'],
    ['web/', 'web'],
    ['desktop/', 'desktop'],
    ['integrity/', 'integrity'],
    ['bench/', 'bench'],
  ];
  for (const [prefix, layer] of prefixes) if (p.startsWith(prefix)) return layer;
  return 'other';
}

// Which layers each layer may import. Same-layer imports are always allowed.
// `server-root` is main.ts / cli.ts: the composition root may import anything in server/ and integrity/.
const ALLOWED = {
  reticulum: ['fixtures'],
  lxmf: ['reticulum', 'fixtures'],
  storage: ['fixtures'],
  app: ['reticulum', 'lxmf', 'storage', 'config', 'logging', 'integrity', 'fixtures'],
  http: ['app', 'config', 'logging', 'fixtures'],
  config: [],
  logging: ['config'],
  conformance: ['reticulum', 'lxmf', 'fixtures'],
  'server-root': ['reticulum', 'lxmf', 'storage', 'app', 'http', 'config', 'logging', 'conformance', 'integrity', 'tools'],
  tools: ['integrity'],
  fixtures: [],
  web: [],
  desktop: ['integrity'],
  integrity: [],
  bench: ['reticulum', 'lxmf', 'storage', 'app', 'http', 'config', 'logging', 'integrity', 'server-root', 'fixtures'],
  other: ['reticulum', 'lxmf', 'storage', 'app', 'http', 'config', 'logging', 'integrity', 'server-root', 'tools', 'web', 'desktop', 'bench', 'fixtures'],
};

/** Returns an error message when `from` (repo-relative file) may not import `target` (repo-relative). */
export function checkImport(fromRel, specifier) {
  const fromLayer = layerOf(fromRel);
  if (specifier === 'node:crypto' || specifier === 'crypto') {
    // Protocol crypto is confined to one audited home (and one place to swap it): the Reticulum
    // and LXMF layers reach OpenSSL only through server/reticulum/crypto/.
    const p = fromRel.split(path.sep).join('/');
    if ((fromLayer === 'reticulum' || fromLayer === 'lxmf') && !p.startsWith('server/reticulum/crypto/')) {
      return `'${specifier}' may only be imported under server/reticulum/crypto/ (found in ${p})`;
    }
    return null;
  }
  if (!specifier.startsWith('.')) return null;
  const targetAbs = path.resolve(ROOT, path.dirname(fromRel), specifier);
  const targetRel = path.relative(ROOT, targetAbs);
  if (targetRel.startsWith('..')) return `import '${specifier}' leaves the repository`;
  const toLayer = layerOf(targetRel);
  if (toLayer === fromLayer) return null;
  const allowed = ALLOWED[fromLayer] ?? [];
  if (allowed.includes(toLayer)) return null;
  return `layer '${fromLayer}' may not import from layer '${toLayer}' ('${specifier}')`;
}

export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the one-way dependency direction between Strand layers.' },
    schema: [],
  },
  create(context) {
    const fromRel = path.relative(ROOT, context.filename ?? context.getFilename());
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const message = checkImport(fromRel, source.value);
      if (message) context.report({ node, message });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
    };
  },
};
