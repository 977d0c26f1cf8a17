// SPDX-License-Identifier: MIT
// The HTTP application: routes and middleware only; sockets are opened by the caller.
import express from 'express';
import type { Express } from 'express';

export interface HttpAppDeps {
  version: string;
}

const PLACEHOLDER_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Strand</title></head>
<body><h1>Strand</h1><p>This node is running. The web interface is not installed in this build.</p></body></html>
`;

/** Builds the Express application. */
export function createHttpApp(deps: HttpAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/api/v1/status', (_req, res) => {
    res.json({ name: 'strand', version: deps.version, status: 'running' });
  });
  app.get('/', (_req, res) => {
    res.type('html').send(PLACEHOLDER_PAGE);
  });
  return app;
}
