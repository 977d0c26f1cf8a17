// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS, IPC_PAYLOAD_SCHEMAS, NOTIFICATION_BODY_MAX, openExternalSchema, protocolLinkSchema, showNotificationSchema } from './ipc-contract.js';

describe('IPC payload schemas', () => {
  it('has a schema for every channel and nothing else', () => {
    expect(Object.keys(IPC_PAYLOAD_SCHEMAS).sort()).toEqual(Object.values(IPC_CHANNELS).sort());
  });

  it('accepts a new-message notification and rejects extra keys, oversize text and bad hashes', () => {
    const ok = { title: 'Alice', body: 'hi', conversation: 'a'.repeat(32) };
    expect(showNotificationSchema.safeParse(ok).success).toBe(true);
    expect(showNotificationSchema.safeParse({ title: 'x', body: '' }).success).toBe(true);
    expect(showNotificationSchema.safeParse({ ...ok, icon: 'file:///etc/passwd' }).success).toBe(false);
    expect(showNotificationSchema.safeParse({ ...ok, body: 'x'.repeat(NOTIFICATION_BODY_MAX + 1) }).success).toBe(false);
    expect(showNotificationSchema.safeParse({ ...ok, title: '' }).success).toBe(false);
    expect(showNotificationSchema.safeParse({ ...ok, conversation: '../settings' }).success).toBe(false);
    expect(showNotificationSchema.safeParse({ ...ok, conversation: 'A'.repeat(32) }).success).toBe(false);
    expect(showNotificationSchema.safeParse('hello').success).toBe(false);
  });

  it('bounds external URLs and takes no arguments where none are expected', () => {
    expect(openExternalSchema.safeParse({ url: 'https://example.org/' }).success).toBe(true);
    expect(openExternalSchema.safeParse({ url: 'https://e.org/' + 'a'.repeat(3000) }).success).toBe(false);
    expect(openExternalSchema.safeParse({ url: 42 }).success).toBe(false);
    expect(IPC_PAYLOAD_SCHEMAS[IPC_CHANNELS.appVersion].safeParse(undefined).success).toBe(true);
    expect(IPC_PAYLOAD_SCHEMAS[IPC_CHANNELS.appVersion].safeParse({}).success).toBe(false);
  });

  it('describes protocol links strictly', () => {
    expect(protocolLinkSchema.safeParse({ kind: 'address', destinationHash: '0'.repeat(32) }).success).toBe(true);
    expect(protocolLinkSchema.safeParse({ kind: 'paper-message', uri: 'lxm://abc' }).success).toBe(true);
    expect(protocolLinkSchema.safeParse({ kind: 'paper-message', uri: 'https://x' }).success).toBe(false);
    expect(protocolLinkSchema.safeParse({ kind: 'other' }).success).toBe(false);
  });
});
