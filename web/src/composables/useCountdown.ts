// SPDX-License-Identifier: MIT
// A seconds countdown for "try again in …" messages; ticks once a second and stops at zero.
import { computed, onScopeDispose, ref } from 'vue';

export function useCountdown(now: () => number = Date.now) {
  const until = ref<number | null>(null);
  const tick = ref(now());
  let timer: ReturnType<typeof setInterval> | null = null;

  const remaining = computed(() => (until.value === null ? 0 : Math.max(0, Math.ceil((until.value - tick.value) / 1000))));
  const active = computed(() => remaining.value > 0);

  function stopTimer(): void {
    if (timer !== null) clearInterval(timer);
    timer = null;
  }

  function start(seconds: number): void {
    tick.value = now();
    until.value = tick.value + seconds * 1000;
    stopTimer();
    timer = setInterval(() => {
      tick.value = now();
      if (remaining.value === 0) stopTimer();
    }, 1000);
  }

  function reset(): void {
    stopTimer();
    until.value = null;
  }

  onScopeDispose(stopTimer);
  return { remaining, active, start, reset };
}
