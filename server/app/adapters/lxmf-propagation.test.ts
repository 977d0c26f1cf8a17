// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import { SyncState } from '../../lxmf/propagation/index.js';
import { appSyncState, LxmfPropagation } from './lxmf-propagation.js';

describe('LxmfPropagation', () => {
  it('maps every router sync state to the five the UI shows', () => {
    const mapped = Object.entries(SyncState).map(([name, v]) => [name, appSyncState(v)]);
    expect(Object.fromEntries(mapped)).toMatchObject({
      IDLE: 'idle', PATH_REQUESTED: 'path-requested', LINK_ESTABLISHING: 'link-establishing', LINK_ESTABLISHED: 'link-establishing',
      REQUEST_SENT: 'link-establishing', RECEIVING: 'receiving', RESPONSE_RECEIVED: 'receiving', COMPLETE: 'complete',
      NO_PATH: 'failed', LINK_FAILED: 'failed', TRANSFER_FAILED: 'failed', NO_IDENTITY_RCVD: 'failed',
    });
  });

  it('refuses to sync without a router and says why', async () => {
    const p = new LxmfPropagation(() => ({ available: false, reason: 'Reticulum not running: boom' }));
    expect(p.status()).toEqual({ available: false, reason: 'Reticulum not running: boom' });
    await expect(p.syncNow('00'.repeat(16))).rejects.toMatchObject({ code: 'RETICULUM_UNAVAILABLE' });
    expect(p.syncState()).toEqual({ state: 'idle', progress: 0, messagesReceived: 0, nodeHash: null });
  });
});
