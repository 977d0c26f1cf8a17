// SPDX-License-Identifier: MIT
// Every benchmark scenario, in the order they run. Issues add theirs here.
import type { Scenario } from '../harness.js';
import { announceScenario } from './announce.js';
import { apiScenario } from './api.js';
import { cryptoScenario } from './crypto.js';
import { framingScenario } from './framing.js';
import { integrityScenario } from './integrity.js';
import { linkScenario } from './link.js';
import { linkPathScenario } from './link-path.js';
import { lxmfScenario } from './lxmf.js';
import { lxmfRouterScenario } from './lxmf-router.js';
import { startupScenario } from './startup.js';
import { webScenario } from './web.js';
import { wireScenario } from './wire.js';

export const SCENARIOS: Scenario[] = [startupScenario, wireScenario, cryptoScenario, announceScenario, framingScenario, integrityScenario, linkScenario, linkPathScenario, lxmfScenario, lxmfRouterScenario, apiScenario, webScenario];
