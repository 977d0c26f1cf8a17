// SPDX-License-Identifier: MIT
// Routes and the guard that picks setup, login or the app from the node status.
import { createRouter, createWebHistory } from 'vue-router';
import type { RouteLocationRaw, Router, RouteRecordRaw, RouterHistory } from 'vue-router';
import type { Pinia } from 'pinia';
import type { MessageKey } from '../i18n/index.js';
import { useSessionStore } from '../stores/session.js';
import AppShell from '../components/layout/AppShell.vue';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session (setup, login, unreachable). */
    public?: boolean;
    /** i18n key of the page title. */
    title?: MessageKey;
  }
}

/** The sections of the app shell, in navigation order. */
export const SECTIONS = [
  { name: 'conversations', title: 'nav.conversations', icon: 'chat' },
  { name: 'peers', title: 'nav.peers', icon: 'radar' },
  { name: 'contacts', title: 'nav.contacts', icon: 'people' },
  { name: 'propagation', title: 'nav.propagation', icon: 'relay' },
  { name: 'interfaces', title: 'nav.interfaces', icon: 'plug' },
  { name: 'profile', title: 'nav.profile', icon: 'person' },
  { name: 'settings', title: 'nav.settings', icon: 'gear' },
  { name: 'logs', title: 'nav.logs', icon: 'list' },
  { name: 'about', title: 'nav.about', icon: 'info' },
] as const satisfies readonly { name: string; title: MessageKey; icon: string }[];

const implemented: Partial<Record<(typeof SECTIONS)[number]['name'], () => Promise<unknown>>> = {
  conversations: () => import('../views/ConversationsView.vue'),
  peers: () => import('../views/PeersView.vue'),
  contacts: () => import('../views/ContactsView.vue'),
  propagation: () => import('../views/PropagationView.vue'),
  interfaces: () => import('../views/InterfacesView.vue'),
  profile: () => import('../views/ProfileView.vue'),
  logs: () => import('../views/LogsView.vue'),
  settings: () => import('../views/SettingsView.vue'),
  about: () => import('../views/AboutView.vue'),
};

const routes: RouteRecordRaw[] = [
  { path: '/setup', name: 'setup', component: () => import('../views/SetupView.vue'), meta: { public: true, title: 'auth.setupTitle' } },
  { path: '/login', name: 'login', component: () => import('../views/LoginView.vue'), meta: { public: true, title: 'auth.loginTitle' } },
  { path: '/unreachable', name: 'unreachable', component: () => import('../views/UnreachableView.vue'), meta: { public: true } },
  {
    path: '/',
    component: AppShell,
    children: [
      { path: '', redirect: { name: 'conversations' } },
      ...SECTIONS.map((s) => ({
        path: s.name,
        name: s.name,
        component: implemented[s.name] ?? (() => import('../views/PlaceholderView.vue')),
        meta: { title: s.title },
      })),
      {
        path: 'conversations/:peer([0-9a-f]{32})',
        name: 'conversation',
        component: () => import('../views/ConversationView.vue'),
        meta: { title: 'conversations.title' },
      },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
];

/** Where the guard sends a navigation, given the node status; null means "let it through". */
export function guardTarget(
  to: { name?: unknown; meta: { public?: boolean }; fullPath: string },
  status: { setupRequired: boolean; authenticated: boolean },
): RouteLocationRaw | null {
  if (status.setupRequired) return to.name === 'setup' ? null : { name: 'setup' };
  if (to.name === 'setup') return status.authenticated ? '/' : { name: 'login' };
  if (!status.authenticated) {
    if (to.meta.public) return null;
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  }
  if (to.name === 'login' || to.name === 'unreachable') return '/';
  return null;
}

export function createAppRouter(pinia: Pinia, history: RouterHistory = createWebHistory()): Router {
  const router = createRouter({ history, routes });
  router.beforeEach(async (to) => {
    const session = useSessionStore(pinia);
    if (!session.status) {
      if (to.name === 'unreachable') return true;
      try {
        await session.refresh();
      } catch (cause) {
        console.warn('status request failed', cause);
        return { name: 'unreachable', query: { redirect: to.fullPath } };
      }
    }
    const status = session.status;
    if (!status) return { name: 'unreachable' };
    return guardTarget(to, status) ?? true;
  });
  return router;
}
