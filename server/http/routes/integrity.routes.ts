// SPDX-License-Identifier: MIT
// /api/v1/integrity: what the startup checks found (backend manifest, data at rest) and the owner's
// acknowledgement of data-at-rest warnings (an audited security event).
import { Router } from 'express';
import type { IntegrityReport } from '../../app/ports.js';
import type { IntegrityResponse, IntegritySummary } from '../contract/index.js';
import { acknowledgeIntegrityRequest } from '../contract/index.js';
import type { HttpAppDeps } from '../deps.js';
import { parse } from '../errors.js';
import { clientOf, requireSession, sessionTag } from '../session.js';

export function integritySummary(report: IntegrityReport | null): IntegritySummary | null {
  if (!report) return null;
  return {
    status: report.status, mode: report.mode, summary: report.summary,
    problemCount: report.problems.length, overrideRequested: report.overrideRequested, checkedAt: report.checkedAt,
  };
}

export function integrityRoutes(deps: HttpAppDeps): Router {
  const r = Router();
  const body = (): IntegrityResponse => ({ backend: integritySummary(deps.integrity), dataAtRest: deps.dataAtRest?.current() ?? null });
  r.get('/integrity', (_req, res) => void res.json(body()));
  r.get('/integrity/supply-chain', (_req, res) => {
    res.json(deps.supplyChain?.() ?? { sbom: { status: 'absent' }, provenance: { status: 'absent' } });
  });
  r.post('/integrity/acknowledge', (req, res) => {
    parse(acknowledgeIntegrityRequest, req.body ?? {});
    if (!deps.dataAtRest) throw new Error('no data-at-rest service: composition root misconfigured');
    deps.dataAtRest.acknowledge();
    const id = requireSession(res).id;
    deps.logs.auth({ event: 'integrity-acknowledge', outcome: 'ok', client: clientOf(req), sessionId: id }, sessionTag(id));
    res.json(body());
  });
  return r;
}
