// SPDX-License-Identifier: MIT
// Reticulum interfaces (blocks of the node's Reticulum config): list with live counters, add,
// edit, enable/disable, delete, reload. Shapes follow server/app/interfaces.service (InterfaceView).
import type { HttpClient } from './http.js';
import { isRecord, list, record } from './parse.js';
import { ResponseShapeError } from './errors.js';

export type InterfaceOptionValue = string | string[];
export type InterfaceOptions = Record<string, InterfaceOptionValue>;

export interface InterfaceStats {
  online: boolean;
  rxBytes: number;
  txBytes: number;
}

export interface NetworkInterface {
  name: string;
  type: string;
  enabled: boolean;
  valid: boolean;
  errors: string[];
  options: InterfaceOptions;
  stats: InterfaceStats | null;
}

export function parseInterface(v: unknown): NetworkInterface {
  const o = record(v, 'interface');
  if (typeof o['name'] !== 'string') throw new ResponseShapeError('interface: name required');
  return { type: '', enabled: false, valid: true, errors: [], options: {}, stats: null, ...o } as unknown as NetworkInterface;
}

function one(v: unknown): NetworkInterface {
  return parseInterface(isRecord(v) ? v['interface'] : v);
}

export function createInterfacesApi(http: HttpClient) {
  const at = (name: string) => `/api/v1/interfaces/${encodeURIComponent(name)}`;
  return {
    async list(): Promise<NetworkInterface[]> {
      return list(await http.get('/api/v1/interfaces'), 'interfaces', 'interfaces').map(parseInterface);
    },
    async add(name: string, options: InterfaceOptions): Promise<NetworkInterface> {
      return one(await http.send('POST', '/api/v1/interfaces', { name, options }));
    },
    async update(name: string, options: InterfaceOptions): Promise<NetworkInterface> {
      return one(await http.send('PUT', at(name), { options }));
    },
    async setEnabled(name: string, enabled: boolean): Promise<NetworkInterface> {
      return one(await http.send('POST', `${at(name)}/${enabled ? 'enable' : 'disable'}`));
    },
    async remove(name: string): Promise<void> {
      await http.send('DELETE', at(name));
    },
    /** Asks the running stack to apply the saved config; refused (RETICULUM_UNAVAILABLE) when it is not running. */
    async reload(): Promise<void> {
      await http.send('POST', '/api/v1/interfaces/reload');
    },
  };
}

export type InterfacesApi = ReturnType<typeof createInterfacesApi>;
