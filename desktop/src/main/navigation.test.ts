// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import { DesktopError } from './errors.js';
import { createNavigationGuard, externalUrlOrNull, isAppUrl } from './navigation.js';

const appOrigin = 'http://127.0.0.1:41234';

function setup() {
  const opened: string[] = [];
  const logged: string[] = [];
  const guard = createNavigationGuard({
    appOrigin,
    openExternal: async (url) => {
      opened.push(url);
    },
    log: (line) => logged.push(line),
  });
  const navigate = (url: string): boolean => {
    let prevented = false;
    guard.onWillNavigate({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  return { guard, opened, logged, navigate };
}

describe('navigation guard', () => {
  it('lets the app navigate within its own origin only', () => {
    const { navigate, opened } = setup();
    expect(navigate(`${appOrigin}/conversations`)).toBe(false);
    expect(navigate('http://127.0.0.1:41235/')).toBe(true);
    expect(navigate('http://localhost:41234/')).toBe(true);
    expect(navigate('https://127.0.0.1:41234/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate('data:text/html,<script>1</script>')).toBe(true);
    expect(opened).toEqual(['http://127.0.0.1:41235/', 'http://localhost:41234/', 'https://127.0.0.1:41234/']);
  });

  it('hands http, https and mailto to the OS and nothing else', async () => {
    const { navigate, opened, logged } = setup();
    navigate('https://reticulum.network/manual/');
    navigate('mailto:someone@example.org');
    navigate('javascript:alert(1)');
    navigate('smb://attacker/share');
    navigate('lxm://AAAA');
    navigate('https://user:pw@evil.example/');
    await Promise.resolve();
    expect(opened).toEqual(['https://reticulum.network/manual/', 'mailto:someone@example.org']);
    expect(logged.filter((l) => l.startsWith('navigation: denied'))).toHaveLength(4);
  });

  it('denies every new window, opening external links outside', () => {
    const { guard, opened } = setup();
    expect(guard.windowOpenHandler({ url: `${appOrigin}/popup` })).toEqual({ action: 'deny' });
    expect(guard.windowOpenHandler({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.org/']);
  });

  it('openExternalChecked throws a typed error for refused URLs', async () => {
    const { guard, opened } = setup();
    await expect(guard.openExternalChecked('file:///c:/windows/system32/calc.exe')).rejects.toMatchObject({ code: 'DESKTOP_ERR_EXTERNAL_URL' });
    await expect(guard.openExternalChecked('not a url')).rejects.toBeInstanceOf(DesktopError);
    await guard.openExternalChecked('https://example.org/a b');
    expect(opened).toEqual(['https://example.org/a%20b']);
  });

  it('compares origins exactly', () => {
    expect(isAppUrl(`${appOrigin}/x?y#z`, appOrigin)).toBe(true);
    expect(isAppUrl(`${appOrigin}.evil.example/`, appOrigin)).toBe(false);
    expect(isAppUrl('garbage', appOrigin)).toBe(false);
    expect(externalUrlOrNull('HTTPS://EXAMPLE.org')).toBe('https://example.org/');
    expect(externalUrlOrNull('http:///nohost')).toBe('http://nohost/');
  });
});
