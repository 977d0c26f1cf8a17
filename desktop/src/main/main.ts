// SPDX-License-Identifier: MIT
// The Electron composition root: the only file that touches the real Electron API. Every decision
// (gatekeeping, supervision, window options, navigation, permissions, certificates, IPC, protocol
// links, tray) lives in a pure module next to this one and is tested without Electron.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BrowserWindow, Menu, Notification, Tray, app, dialog, ipcMain, nativeImage, shell, utilityProcess } from 'electron';
import type { WebContents } from 'electron';
import { IPC_EVENTS } from '../shared/ipc-contract.js';
import type { ShowNotificationPayload } from '../shared/ipc-contract.js';
import { backendEnv, createBackendSupervisor } from './backend-supervisor.js';
import type { BackendProcess } from './backend-supervisor.js';
import { allowCertificateError } from './certificates.js';
import { decideBackendStart } from './gatekeeper.js';
import { createIpcHandlers } from './ipc-handlers.js';
import { crashPage, dataUrl, loadingPage } from './local-pages.js';
import { createNavigationGuard, isAppUrl } from './navigation.js';
import { createPermissionPolicy } from './permissions.js';
import { isAllowedRequest } from './request-filter.js';
import { PROTOCOL_SCHEMES, ProtocolLinkQueue, linksFromArgv, tryParseProtocolLink } from './protocol-links.js';
import { closeAction, notificationRoute, trayMenuTemplate } from './tray-policy.js';
import { createWindowOptions } from './window-options.js';

/** Set by esbuild at package time (desktop/tools/build-app.ts): SHA-256 of the shipped manifest. */
declare const __STRAND_EMBEDDED_MANIFEST_SHA256__: string | null;

const log = (line: string): void => console.log(`[strand-desktop] ${line}`);
const resourcesPath = (process as NodeJS.Process & { resourcesPath: string }).resourcesPath;
const backendRoot = app.isPackaged ? path.join(resourcesPath, 'backend') : path.resolve(app.getAppPath(), '..', 'backend');
const links = new ProtocolLinkQueue();
let window: BrowserWindow | null = null;
let tray: Tray | null = null;
let quitting = false;
/** Empty until the backend is ready: no origin, so nothing passes the navigation/IPC checks. */
let appOrigin = 'null-origin:';

function fatal(title: string, message: string, detail: string): void {
  log(`${title}: ${message} (${detail})`);
  // Blocking by design: the app does nothing else until the user acknowledged, then quits.
  dialog.showMessageBoxSync({ type: 'error', title, message, detail, buttons: ['Quit'] });
  app.exit(1);
}

// The backend origin changes with each (re)start, so policies are built for the current one.
const guard = () => createNavigationGuard({ appOrigin, openExternal: (url) => shell.openExternal(url), log });
const permissionPolicy = () => createPermissionPolicy({ appOrigin, log });

function harden(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => guard().onWillNavigate(event, url));
  contents.on('will-redirect', (event, url) => guard().onWillNavigate(event, url));
  contents.setWindowOpenHandler((details) => guard().windowOpenHandler(details));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function pushLinks(argvOrUrl: readonly string[]): void {
  for (const link of linksFromArgv(argvOrUrl)) links.push(link);
  window?.webContents.send(IPC_EVENTS.protocolLinkAvailable);
}

function showWindow(): void {
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

function notify(payload: ShowNotificationPayload): void {
  if (!Notification.isSupported()) return;
  const n = new Notification({ title: payload.title, body: payload.body });
  n.on('click', () => {
    showWindow();
    // Only while the app itself is shown: never navigate away from the crash page to a dead origin.
    if (window && isAppUrl(window.webContents.getURL(), appOrigin)) void window.loadURL(notificationRoute(appOrigin, payload));
  });
  n.show();
}

function readSetupToken(dataDir: string): string | null {
  try {
    return readFileSync(path.join(dataDir, 'setup-token'), 'utf8').trim() || null;
  } catch (error) {
    // The node deletes the file once setup is done: no token is the normal case then.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function spawnUtility(args: readonly string[]): BackendProcess {
  // utilityProcess runs Electron's own Node in a separate process; it works with the RunAsNode fuse
  // off (child_process.fork would need ELECTRON_RUN_AS_NODE, which that fuse disables).
  const proc = utilityProcess.fork(path.join(backendRoot, 'strand.js'), [...args], {
    stdio: 'pipe',
    serviceName: 'Strand node',
    cwd: backendRoot,
    env: backendEnv(process.env),
  });
  return {
    stdout: proc.stdout,
    stderr: proc.stderr,
    onExit: (listener) => {
      proc.once('exit', (code) => listener(code));
    },
    kill: () => {
      proc.kill();
    },
    forceKill: () => {
      if (proc.pid !== undefined) process.kill(proc.pid, 'SIGKILL');
    },
  };
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    // The first instance receives our argv (and any lxm:// link) through 'second-instance'.
    app.quit();
    return;
  }
  // Every renderer sandboxed, whatever options a future window is created with.
  app.enableSandbox();
  for (const scheme of PROTOCOL_SCHEMES) app.setAsDefaultProtocolClient(scheme);
  app.on('second-instance', (_event, argv) => {
    pushLinks(argv);
    showWindow();
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    if (tryParseProtocolLink(url)) pushLinks([url]);
  });
  app.on('web-contents-created', (_event, contents) => harden(contents));
  app.on('certificate-error', (event, _contents, url, _error, certificate, callback) => {
    // Strand serves plain HTTP on loopback today, so there is no pin and nothing is ever bypassed.
    const allow = allowCertificateError(url, certificate.fingerprint, null);
    if (allow) event.preventDefault();
    callback(allow);
  });
  pushLinks(process.argv);

  await app.whenReady();
  const decision = decideBackendStart({ backendRoot, embeddedManifestSha256: __STRAND_EMBEDDED_MANIFEST_SHA256__, packaged: app.isPackaged });
  if (decision.action === 'refuse') {
    fatal(decision.title, decision.message, decision.detail);
    return;
  }
  log(decision.report.summary);

  window = new BrowserWindow(createWindowOptions({ preloadPath: path.join(app.getAppPath(), 'preload.cjs'), packaged: app.isPackaged }));
  const session = window.webContents.session;
  session.setPermissionRequestHandler((_wc, permission, callback, details) => callback(permissionPolicy().decide(permission, details)));
  session.setPermissionCheckHandler((_wc, permission, origin, details) => permissionPolicy().check(permission, origin, details.mediaType));
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url, appOrigin);
    if (!allowed) log(`request: blocked ${details.url.slice(0, 200)}`);
    callback({ cancel: !allowed });
  });
  window.once('ready-to-show', () => window?.show());
  window.on('close', (event) => {
    if (closeAction({ quitting, trayAvailable: tray !== null }) === 'hide') {
      event.preventDefault();
      window?.hide();
    }
  });
  await window.loadURL(dataUrl(loadingPage()));

  const dataDir = path.join(app.getPath('userData'), 'node-data');
  const handlers = createIpcHandlers({
    appOrigin: () => appOrigin,
    appVersion: app.getVersion(),
    showNotification: notify,
    openExternal: (url) => guard().openExternalChecked(url),
    takeProtocolLinks: () => links.take(),
    readSetupToken: () => readSetupToken(dataDir),
    log,
  });
  for (const [channel, handler] of Object.entries(handlers)) ipcMain.handle(channel, handler);

  const supervisor = createBackendSupervisor({
    spawn: spawnUtility,
    dataDir,
    log,
    onReady: (origin) => {
      appOrigin = origin;
      void window?.loadURL(`${origin}/`);
    },
    onCrash: (reason, lastLines) => {
      appOrigin = 'null-origin:';
      void window?.loadURL(dataUrl(crashPage(reason, lastLines)));
    },
  });

  const image = nativeImage.createFromPath(path.join(app.getAppPath(), 'icon.png'));
  if (!image.isEmpty()) {
    tray = new Tray(image);
    tray.setToolTip('Strand');
    const refreshMenu = (): void =>
      tray?.setContextMenu(
        Menu.buildFromTemplate(
          trayMenuTemplate(
            {
              show: showWindow,
              restartBackend: () => void supervisor.restart().catch((error: unknown) => log(`restart failed: ${String(error)}`)),
              quit: () => app.quit(),
            },
            supervisor.state,
          ),
        ),
      );
    refreshMenu();
    tray.on('click', () => {
      refreshMenu();
      showWindow();
    });
  }

  app.on('before-quit', (event) => {
    // From here on, closing the window closes it instead of hiding it to the tray.
    quitting = true;
    if (supervisor.state === 'stopped' || supervisor.state === 'idle') return;
    // Hold the quit until the node has closed its database and sockets.
    event.preventDefault();
    void supervisor.stop().finally(() => app.quit());
  });
  app.on('window-all-closed', () => app.quit());

  await supervisor.start().catch((error: unknown) => log(`backend did not start: ${String(error)}`));
}

main().catch((error: unknown) => fatal('Strand cannot start', 'An unexpected error stopped Strand.', String(error)));
