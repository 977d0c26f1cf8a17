// SPDX-License-Identifier: MIT
// /api/v1/interfaces: list with live stats, add, edit, enable/disable, delete, reload.
import { Router } from 'express';
import type { InterfacesService } from '../../app/interfaces.service.js';
import { addInterfaceRequest, interfaceName, updateInterfaceRequest } from '../contract/index.js';
import { parse } from '../errors.js';

export function interfacesRoutes(interfaces: InterfacesService): Router {
  const r = Router();
  r.get('/interfaces', (_req, res) => void res.json({ interfaces: interfaces.list() }));
  r.post('/interfaces/reload', async (_req, res) => {
    await interfaces.reload();
    res.status(204).end();
  });
  r.post('/interfaces', async (req, res) => {
    const body = parse(addInterfaceRequest, req.body);
    res.status(201).json({ interface: await interfaces.add(body.name, body.options) });
  });
  r.put('/interfaces/:name', async (req, res) => {
    const body = parse(updateInterfaceRequest, req.body);
    res.json({ interface: await interfaces.update(parse(interfaceName, req.params.name), body.options) });
  });
  r.post('/interfaces/:name/enable', async (req, res) => void res.json({ interface: await interfaces.setEnabled(parse(interfaceName, req.params.name), true) }));
  r.post('/interfaces/:name/disable', async (req, res) => void res.json({ interface: await interfaces.setEnabled(parse(interfaceName, req.params.name), false) }));
  r.delete('/interfaces/:name', (req, res) => {
    interfaces.remove(parse(interfaceName, req.params.name));
    res.status(204).end();
  });
  return r;
}
