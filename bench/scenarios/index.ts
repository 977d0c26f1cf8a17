// SPDX-License-Identifier: MIT
// Every benchmark scenario, in the order they run. Issues add theirs here.
import type { Scenario } from '../harness.js';
import { startupScenario } from './startup.js';

export const SCENARIOS: Scenario[] = [startupScenario];
