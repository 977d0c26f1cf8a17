// SPDX-License-Identifier: MIT
// Light/dark theme. 'system' follows prefers-color-scheme in CSS alone; an explicit choice sets
// data-theme on <html> (an attribute, not an inline style, so the CSP's style-src stays strict).
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';

export type ThemeChoice = 'system' | 'light' | 'dark';
const STORAGE_KEY = 'strand.theme';

function readStored(): ThemeChoice {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch (cause) {
    // Storage can be disabled by browser policy; the theme then simply is not remembered.
    console.debug('theme not readable from localStorage', cause);
    return 'system';
  }
}

export const useThemeStore = defineStore('theme', () => {
  const choice = ref<ThemeChoice>(readStored());

  function apply(value: ThemeChoice): void {
    const root = globalThis.document?.documentElement;
    if (!root) return;
    if (value === 'system') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', value);
  }

  /** The theme actually shown now (resolves 'system' through the media query). */
  function effective(): 'light' | 'dark' {
    if (choice.value !== 'system') return choice.value;
    return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }

  function set(value: ThemeChoice): void {
    choice.value = value;
  }

  /** The header button: flips between light and dark from whatever is shown now. */
  function toggle(): void {
    choice.value = effective() === 'dark' ? 'light' : 'dark';
  }

  watch(
    choice,
    (value) => {
      apply(value);
      try {
        if (value === 'system') globalThis.localStorage?.removeItem(STORAGE_KEY);
        else globalThis.localStorage?.setItem(STORAGE_KEY, value);
      } catch (cause) {
        console.debug('theme not saved to localStorage', cause);
      }
    },
    { immediate: true },
  );

  return { choice, set, toggle, effective };
});
