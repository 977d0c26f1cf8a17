// SPDX-License-Identifier: MIT
// What happens when the server says the session is over (a 401 from any API call, or the live
// socket closed with "session ended"): forget the session, stop the socket, go to the login page
// remembering where the user was.
import type { Pinia } from 'pinia';
import type { Router } from 'vue-router';
import { useConnectionStore } from '../stores/connection.js';
import { useSessionStore } from '../stores/session.js';

/** Wires the socket's session-ended signal and returns the handler for the HTTP client's 401s. */
export function installSessionGuard(pinia: Pinia, router: Router): () => void {
  const signOut = (): void => {
    useSessionStore(pinia).markSignedOut();
    useConnectionStore(pinia).disconnect();
    const current = router.currentRoute.value;
    if (current.meta.public) return;
    void router.push({ name: 'login', query: current.fullPath === '/' ? {} : { redirect: current.fullPath } });
  };
  useConnectionStore(pinia).onUnauthorized(signOut);
  return signOut;
}
