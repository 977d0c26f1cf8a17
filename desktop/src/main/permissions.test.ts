// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import { allowCertificateError } from './certificates.js';
import { createPermissionPolicy } from './permissions.js';

const appOrigin = 'http://127.0.0.1:41234';
const policy = createPermissionPolicy({ appOrigin, log: () => undefined });
const fromApp = { requestingUrl: `${appOrigin}/conversations` };

describe('permission allowlist', () => {
  it('grants notifications to the app origin only', () => {
    expect(policy.decide('notifications', fromApp)).toBe(true);
    expect(policy.decide('notifications', { requestingUrl: 'https://evil.example/' })).toBe(false);
    expect(policy.decide('notifications', {})).toBe(false);
  });

  it('grants the microphone alone (voice messages), never the camera or an unspecified device', () => {
    expect(policy.decide('media', { ...fromApp, mediaTypes: ['audio'] })).toBe(true);
    expect(policy.decide('media', { ...fromApp, mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(policy.decide('media', { ...fromApp, mediaTypes: ['video'] })).toBe(false);
    expect(policy.decide('media', { ...fromApp, mediaTypes: [] })).toBe(false);
    expect(policy.decide('media', fromApp)).toBe(false);
    expect(policy.decide('media', { requestingUrl: 'http://127.0.0.1:9/', mediaTypes: ['audio'] })).toBe(false);
  });

  it('denies everything else, even to the app', () => {
    for (const permission of ['geolocation', 'midi', 'midiSysex', 'hid', 'serial', 'usb', 'display-capture', 'openExternal', 'clipboard-read', 'fullscreen', 'pointerLock', 'idle-detection']) {
      expect(policy.decide(permission, fromApp), permission).toBe(false);
    }
  });

  it('answers synchronous checks the same way', () => {
    expect(policy.check('notifications', appOrigin)).toBe(true);
    expect(policy.check('media', appOrigin, 'audio')).toBe(true);
    expect(policy.check('media', appOrigin, 'video')).toBe(false);
    expect(policy.check('notifications', 'https://evil.example')).toBe(false);
    expect(policy.check('geolocation', appOrigin)).toBe(false);
  });
});

describe('certificate-error policy', () => {
  const pin = { origin: 'https://127.0.0.1:41234', fingerprint: 'sha256/AAAA' };

  it('never bypasses a certificate error without a pin', () => {
    expect(allowCertificateError('https://127.0.0.1:41234/', 'sha256/AAAA', null)).toBe(false);
    expect(allowCertificateError('https://example.org/', 'sha256/AAAA', null)).toBe(false);
  });

  it('accepts only the pinned backend certificate on the backend origin', () => {
    expect(allowCertificateError('https://127.0.0.1:41234/api/v1/status', 'sha256/AAAA', pin)).toBe(true);
    expect(allowCertificateError('https://127.0.0.1:41234/', 'sha256/BBBB', pin)).toBe(false);
    expect(allowCertificateError('https://127.0.0.1:41235/', 'sha256/AAAA', pin)).toBe(false);
    expect(allowCertificateError('https://example.org/', 'sha256/AAAA', pin)).toBe(false);
    expect(allowCertificateError('http://127.0.0.1:41234/', 'sha256/AAAA', { origin: 'http://127.0.0.1:41234', fingerprint: 'sha256/AAAA' })).toBe(false);
  });
});
