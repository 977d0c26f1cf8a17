// SPDX-License-Identifier: MIT
import { describe, expect, it, vi } from 'vitest';
import { BACKOFF_BASE_MS, BACKOFF_MAX_MS, backoffDelay, createSocketClient, parseSocketEvent } from './socket.js';
import type { SocketState, WebSocketLike } from './socket.js';

class FakeSocket implements WebSocketLike {
  onopen: ((ev: Event) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  closed: number | null = null;
  constructor(readonly url: string) {}
  close(code = 1000): void {
    this.closed = code;
    this.onclose?.({ code } as CloseEvent);
  }
  serverOpen(): void {
    this.onopen?.(new Event('open'));
  }
  serverSend(data: string): void {
    this.onmessage?.({ data } as MessageEvent);
  }
  serverClose(code: number): void {
    this.onclose?.({ code } as CloseEvent);
  }
}

function harness(random = () => 0.5) {
  const sockets: FakeSocket[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const states: SocketState[] = [];
  const events: unknown[] = [];
  const onUnauthorized = vi.fn();
  const client = createSocketClient({
    url: 'ws://node/api/v1/ws',
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    onEvent: (e) => events.push(e),
    onState: (s) => states.push(s),
    onUnauthorized,
    random,
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => undefined,
  });
  return { client, sockets, timers, states, events, onUnauthorized };
}

describe('backoffDelay', () => {
  it('grows exponentially, stays within [base/2, max], and is spread by jitter', () => {
    for (let attempt = 0; attempt < 30; attempt++) {
      for (const r of [0, 0.3, 0.999]) {
        const d = backoffDelay(attempt, () => r);
        expect(d).toBeGreaterThanOrEqual(BACKOFF_BASE_MS / 2);
        expect(d).toBeLessThanOrEqual(BACKOFF_MAX_MS);
      }
    }
    expect(backoffDelay(0, () => 1)).toBe(BACKOFF_BASE_MS);
    expect(backoffDelay(3, () => 1)).toBe(BACKOFF_BASE_MS * 8);
    expect(backoffDelay(50, () => 1)).toBe(BACKOFF_MAX_MS);
    expect(backoffDelay(5, () => 0)).not.toBe(backoffDelay(5, () => 0.9));
  });
});

describe('parseSocketEvent', () => {
  it('accepts known event types and drops everything else', () => {
    expect(parseSocketEvent('{"type":"message.new","data":{"id":1}}')).toEqual({ type: 'message.new', data: { id: 1 } });
    expect(parseSocketEvent('{"type":"interface.state"}')).toEqual({ type: 'interface.state', data: undefined });
    expect(parseSocketEvent('{"type":"unknown.kind","data":1}')).toBeNull();
    expect(parseSocketEvent('[1,2]')).toBeNull();
    expect(parseSocketEvent(new ArrayBuffer(2))).toBeNull();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(parseSocketEvent('not json')).toBeNull();
  });
});

describe('socket client', () => {
  it('delivers events, reconnects with growing delays after drops, and resets after a success', () => {
    const h = harness(() => 1);
    h.client.start();
    expect(h.sockets).toHaveLength(1);
    h.sockets[0]?.serverOpen();
    h.sockets[0]?.serverSend('{"type":"announce","data":{"hash":"ab"}}');
    expect(h.events).toEqual([{ type: 'announce', data: { hash: 'ab' } }]);

    h.sockets[0]?.serverClose(1006);
    expect(h.states.at(-1)).toBe('offline');
    expect(h.timers.map((t) => t.ms)).toEqual([BACKOFF_BASE_MS]);
    h.timers[0]?.fn();
    h.sockets[1]?.serverClose(1006);
    h.timers[1]?.fn();
    h.sockets[2]?.serverClose(1006);
    expect(h.timers.map((t) => t.ms)).toEqual([BACKOFF_BASE_MS, BACKOFF_BASE_MS * 2, BACKOFF_BASE_MS * 4]);

    h.timers[2]?.fn();
    h.sockets[3]?.serverOpen();
    expect(h.states.at(-1)).toBe('open');
    h.sockets[3]?.serverClose(1006);
    expect(h.timers.at(-1)?.ms).toBe(BACKOFF_BASE_MS);
  });

  it('stops reconnecting and reports the lost session on an authentication close', () => {
    const h = harness();
    h.client.start();
    h.sockets[0]?.serverClose(4001);
    expect(h.onUnauthorized).toHaveBeenCalledTimes(1);
    expect(h.timers).toHaveLength(0);
  });

  it('stop() closes the socket and does not reconnect', () => {
    const h = harness();
    h.client.start();
    h.sockets[0]?.serverOpen();
    h.client.stop();
    expect(h.sockets[0]?.closed).toBe(1000);
    expect(h.timers).toHaveLength(0);
    expect(h.sockets).toHaveLength(1);
  });
});
