// SPDX-License-Identifier: MIT
// Opening LXMF links inside the app: an address opens (or starts) its conversation, a paper message
// is imported and its conversation opened. Links arrive from message text, the import form, and the
// desktop wrapper's lxmf:// / lxm:// protocol handler.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Router } from 'vue-router';
import { describeError } from '../i18n/errors.js';
import type { AppLink } from '../links.js';
import { useApi } from './inject-api.js';

export const useAppLinksStore = defineStore('app-links', () => {
  const api = useApi();
  const error = ref<string | null>(null);
  const busy = ref(false);

  /** Resolves true when the link was opened; on failure `error` says why. */
  async function open(link: AppLink, router: Router): Promise<boolean> {
    error.value = null;
    if (link.kind === 'address') {
      await router.push({ name: 'conversation', params: { peer: link.destinationHash } });
      return true;
    }
    busy.value = true;
    try {
      const message = await api.messages.importPaper(link.uri);
      await router.push({ name: 'conversation', params: { peer: message.peerHash } });
      return true;
    } catch (err) {
      error.value = describeError(err);
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { error, busy, open };
});
