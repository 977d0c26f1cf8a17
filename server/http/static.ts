// SPDX-License-Identifier: MIT
// The built web UI: files from the web root, and index.html for any other non-API GET (client-side
// routes). Without a built UI, a placeholder page says so.
import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { Router } from 'express';
import { API_PREFIX } from './contract/index.js';

const PLACEHOLDER_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Strand</title></head>
<body><h1>Strand</h1><p>This node is running. The web interface is not installed in this build.</p></body></html>
`;

export function staticUi(webRoot: string | null): Router {
  const r = express.Router();
  const index = webRoot ? path.join(webRoot, 'index.html') : null;
  const built = index !== null && existsSync(index);
  if (built && webRoot) r.use(express.static(webRoot, { index: false, dotfiles: 'ignore', fallthrough: true, redirect: false }));
  r.get(/.*/, (req, res, next) => {
    if (req.path === API_PREFIX || req.path.startsWith(`${API_PREFIX}/`)) return next();
    res.set('Cache-Control', 'no-cache');
    if (built && index) return res.sendFile(index);
    res.type('html').send(PLACEHOLDER_PAGE);
  });
  return r;
}
