// SPDX-License-Identifier: MIT
// What the HTTP layer is given by the composition root.
import type { AuthService } from '../app/auth.service.js';
import type { BackupsService } from '../app/backups.service.js';
import type { DataAtRestService } from '../app/data-at-rest.service.js';
import type { DeliveryIdentityService } from '../app/delivery-identity.js';
import type { InterfacesService } from '../app/interfaces.service.js';
import type { LogsService } from '../app/logs.service.js';
import type { MessagesService } from '../app/messages.service.js';
import type { NodeService } from '../app/node.service.js';
import type { EventBus } from '../app/events.js';
import type { IntegrityReport, PortStatus, SupplyChainInfo } from '../app/ports.js';
import type { Logger } from '../logging/logger.js';

export interface HttpAppDeps {
  version: string;
  commit: string;
  auth: AuthService;
  messages: MessagesService;
  node: NodeService;
  logs: LogsService;
  backups: BackupsService;
  interfaces: InterfacesService;
  /** Backup/restore of the delivery identity; when absent, one on `about().dataDir` is used. */
  identity?: DeliveryIdentityService;
  events: EventBus;
  log: Logger;
  integrity: IntegrityReport | null;
  /** SBOM and provenance shipped with the backend (absent in development and in tests). */
  supplyChain?: () => SupplyChainInfo;
  /** Data-at-rest check of this start (GET/POST /integrity); absent in tests that build the app alone. */
  dataAtRest?: DataAtRestService;
  reticulum: () => PortStatus;
  /** Extra facts for the about endpoint (paths, database size...). */
  about: () => Record<string, unknown>;
  /** Folder of the built web UI, or null to serve the placeholder page. */
  webRoot: string | null;
  /** Addresses/subnets whose X-Forwarded-* headers are believed (Express `trust proxy`). */
  trustedProxies: readonly string[];
  /** Host names served besides IP literals and local names (DNS-rebinding guard); absent = none. */
  allowedHosts?: readonly string[];
  sessionMaxAgeMs: number;
  /** Per-client limit of auth requests per window (express-rate-limit). */
  authRateLimit: { windowMs: number; limit: number };
}
