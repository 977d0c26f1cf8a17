// SPDX-License-Identifier: MIT
// /api/v1: profile, settings, contacts, announces, propagation, logs, backups, about.
import { Router } from 'express';
import type { HttpAppDeps } from '../deps.js';
import { accessLogQuery, announcesQuery, contactPut, debugLogQuery, hexHash } from '../contract/index.js';
import { profilePatch } from '../contract/index.js';
import { settingsSchema } from '../../app/node.service.js';
import { parse } from '../errors.js';

export function nodeRoutes(deps: HttpAppDeps): Router {
  const r = Router();
  const n = deps.node;

  r.get('/profile', (_req, res) => void res.json({ profile: n.profile() }));
  r.patch('/profile', (req, res) => void res.json({ profile: n.updateProfile(parse(profilePatch, req.body)) }));
  r.post('/profile/announce', async (_req, res) => {
    await n.announceNow();
    res.status(204).end();
  });

  r.get('/settings', (_req, res) => void res.json({ settings: n.settings() }));
  r.patch('/settings', (req, res) => void res.json({ settings: n.updateSettings(parse(settingsSchema.partial(), req.body)) }));

  r.get('/contacts', (_req, res) => void res.json({ contacts: n.contacts() }));
  r.put('/contacts/:hash', (req, res) => void res.json({ contact: n.saveContact(parse(hexHash, req.params.hash), parse(contactPut, req.body)) }));
  r.delete('/contacts/:hash', (req, res) => {
    n.deleteContact(parse(hexHash, req.params.hash));
    res.status(204).end();
  });

  r.get('/announces', (req, res) => {
    const q = parse(announcesQuery, req.query);
    const announces = n.announces(q.aspect, q.q, q.limit).map((a) => ({ ...a, appData: a.appData ? Buffer.from(a.appData).toString('base64') : null }));
    res.json({ announces });
  });

  r.get('/propagation/nodes', (_req, res) => void res.json({ nodes: n.propagationNodes(), selected: n.settings().preferredPropagationNode }));
  r.get('/propagation/sync', (_req, res) => void res.json({ sync: n.syncState() }));
  r.post('/propagation/sync', async (_req, res) => {
    await n.syncNow();
    res.status(202).json({ sync: n.syncState() });
  });

  r.get('/logs/access', (req, res) => {
    const q = parse(accessLogQuery, req.query);
    res.json({ entries: deps.logs.access({ kind: q.kind, outcome: q.outcome, text: q.q, beforeId: q.before, limit: q.limit }) });
  });
  r.get('/logs/debug', (req, res) => {
    const q = parse(debugLogQuery, req.query);
    res.json({ entries: deps.logs.debug({ level: q.level, text: q.q, beforeId: q.before, limit: q.limit }) });
  });

  r.get('/backups', (_req, res) => void res.json({ backups: deps.backups.list().map(({ path: _p, ...b }) => b) }));
  r.post('/backups', async (_req, res) => {
    const { path: _p, ...backup } = await deps.backups.backupNow();
    res.status(201).json({ backup });
  });

  r.get('/about', (_req, res) => {
    res.json({ name: 'strand', version: deps.version, commit: deps.commit, node: process.version, integrity: deps.integrity, reticulum: deps.reticulum(), ...deps.about() });
  });
  return r;
}
