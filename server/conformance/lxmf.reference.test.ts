// SPDX-License-Identifier: MIT
// The same LXMF scenarios between Strand's bridge and a Python bridge driving the reference LXMRouter
// (reference/lxmf_bridge.py, our own script), in both directions. Skipped cleanly unless
// RNS_REFERENCE_PATH and LXMF_REFERENCE_PATH are set; STRAND_REFERENCE_NODE adds the propagated one.
import { referencePaths } from './bridge-client.js';
import { describePair } from './lxmf-scenarios.js';

const present = referencePaths() !== null;
const options = { referenceNode: process.env.STRAND_REFERENCE_NODE, waitMs: 20_000 };
describePair(['strand', 'reference'], options, present);
describePair(['reference', 'strand'], options, present);
