// SPDX-License-Identifier: MIT
// Tray and window-lifecycle decisions, kept apart from Electron so they can be tested: closing the
// window hides it to the tray (the node keeps receiving messages) unless the user is quitting or
// the platform has no tray to come back from.
import type { ShowNotificationPayload } from '../shared/ipc-contract.js';

/** What happens when the user closes the main window. */
export function closeAction(state: { quitting: boolean; trayAvailable: boolean }): 'hide' | 'close' {
  return !state.quitting && state.trayAvailable ? 'hide' : 'close';
}

/** A menu item as Electron's Menu.buildFromTemplate takes it (the subset used). */
export interface TrayMenuItem {
  label?: string;
  type?: 'separator';
  enabled?: boolean;
  click?: () => void;
}

export interface TrayActions {
  show: () => void;
  restartBackend: () => void;
  quit: () => void;
}

export function trayMenuTemplate(actions: TrayActions, backendState: string): TrayMenuItem[] {
  return [
    { label: 'Open Strand', click: actions.show },
    { label: `Node: ${backendState}`, enabled: false },
    { label: 'Restart node', click: actions.restartBackend },
    { type: 'separator' },
    { label: 'Quit Strand', click: actions.quit },
  ];
}

/**
 * Where a notification click leads: the conversation's route in the web UI. Only the validated
 * 32-hex hash is interpolated, so the route cannot be bent into another origin or path.
 */
export function notificationRoute(appOrigin: string, payload: ShowNotificationPayload): string {
  return payload.conversation !== undefined ? `${appOrigin}/conversations?peer=${payload.conversation}` : `${appOrigin}/`;
}
