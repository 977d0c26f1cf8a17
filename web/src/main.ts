// SPDX-License-Identifier: MIT
// Composition root of the web UI: builds the API client, Pinia and the router, and wires the
// cross-cutting reaction to a lost session (see router/session-guard.ts).
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { API_KEY, createApi } from './api/index.js';
import { createAppRouter } from './router/index.js';
import { installSessionGuard } from './router/session-guard.js';
import './styles/theme.css';
import './styles/base.css';

const app = createApp(App);
const pinia = createPinia();
// The HTTP client exists before the router; the 401 handler is bound once both exist.
let onUnauthorized: () => void = () => undefined;
const api = createApi({ onUnauthorized: () => onUnauthorized() });
app.provide(API_KEY, api);
app.use(pinia);
const router = createAppRouter(pinia);
app.use(router);
onUnauthorized = installSessionGuard(pinia, router);

app.mount('#app');
