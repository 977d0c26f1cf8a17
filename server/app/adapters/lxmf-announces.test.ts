// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import { buildDeliveryAppData, buildPropagationAppData } from '../../lxmf/announce-data.js';
import { displayNameOf } from './lxmf-announces.js';

describe('displayNameOf', () => {
  it('reads the name of each aspect from its app_data', () => {
    expect(displayNameOf('lxmf.delivery', buildDeliveryAppData({ displayName: 'Alice', stampCost: 8 }))).toBe('Alice');
    expect(displayNameOf('lxmf.delivery', new TextEncoder().encode('Legacy Bob'))).toBe('Legacy Bob');
    const pn = buildPropagationAppData({ timebase: 1, nodeState: true, perTransferLimit: 256, perSyncLimit: 10240, stampCost: 16, stampCostFlexibility: 3, peeringCost: 18, name: 'PN One' });
    expect(displayNameOf('lxmf.propagation', pn)).toBe('PN One');
    expect(displayNameOf('nomadnetwork.node', new TextEncoder().encode('Node\u0007 X\n'))).toBe('Node X');
  });

  it('returns null for missing or undecodable app_data', () => {
    expect(displayNameOf('lxmf.delivery', null)).toBeNull();
    expect(displayNameOf('lxmf.delivery', Uint8Array.of(0x91, 0xc1))).toBeNull();
    expect(displayNameOf('lxmf.propagation', Uint8Array.of(1, 2, 3))).toBeNull();
    expect(displayNameOf('nomadnetwork.node', new Uint8Array())).toBeNull();
  });
});
