// SPDX-License-Identifier: MIT
// /api/v1/identity: backup and restore of the node's LXMF delivery identity (its private key).
// Every read of the key and every import is an auth event in the access log: whoever holds these
// 64 bytes can impersonate the node on the mesh.
import { Router } from 'express';
import type { Request, Response } from 'express';
import { DeliveryIdentityService, deliveryIdentityPath } from '../../app/delivery-identity.js';
import type { HttpAppDeps } from '../deps.js';
import type { IdentityInfo, IdentityImportResponse } from '../contract/index.js';
import { identityImportRequest } from '../contract/index.js';
import { parse } from '../errors.js';
import { setDownloadHeaders } from '../security.js';
import { clientOf, requireSession, sessionTag } from '../session.js';

/**
 * The service from the composition root, else one on `<dataDir>/identities/delivery` (the data dir
 * is what the about endpoint reports), so the endpoints work before main.ts passes it explicitly.
 */
function identityService(deps: HttpAppDeps): DeliveryIdentityService | null {
  if (deps.identity) return deps.identity;
  const dir = deps.about()['dataDir'];
  return typeof dir === 'string' ? new DeliveryIdentityService(deliveryIdentityPath(dir)) : null;
}

export function identityRoutes(deps: HttpAppDeps): Router {
  const r = Router();
  const svc = identityService(deps);
  const audit = (req: Request, res: Response, event: 'identity-export' | 'identity-import', outcome: 'ok' | 'failed') => {
    const id = requireSession(res).id;
    deps.logs.auth({ event, outcome, client: clientOf(req), sessionId: id }, sessionTag(id));
  };
  const service = (): DeliveryIdentityService => {
    if (!svc) throw new Error('no identity service and no data dir: composition root misconfigured');
    return svc;
  };

  r.get('/identity', async (req, res) => {
    const { identityHash, deliveryHash, base32 } = await service().describe();
    audit(req, res, 'identity-export', 'ok');
    res.json({ identityHash, deliveryHash, base32 } satisfies IdentityInfo);
  });
  r.get('/identity/file', async (req, res) => {
    const d = await service().describe();
    audit(req, res, 'identity-export', 'ok');
    setDownloadHeaders(res, `strand-identity-${d.identityHash.slice(0, 8)}`);
    res.type('application/octet-stream').send(Buffer.from(d.bytes));
  });
  r.post('/identity/import', async (req, res) => {
    try {
      await service().import(parse(identityImportRequest, req.body).base32);
    } catch (error) {
      audit(req, res, 'identity-import', 'failed');
      throw error;
    }
    audit(req, res, 'identity-import', 'ok');
    const { identityHash, deliveryHash } = await service().describe();
    // The running router keeps its keys until restart (see app/delivery-identity.ts for why).
    res.json({ identityHash, deliveryHash, restartRequired: true } satisfies IdentityImportResponse);
  });
  return r;
}
