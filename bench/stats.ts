/** Timing helpers for the benchmark. */
export async function timeRuns(
  runs: number,
  fn: () => Promise<unknown>,
): Promise<{ median: number; p95: number }> {
  await fn(); // warm-up (plans, cache)
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { median: at(0.5), p95: at(0.95) };
}

/** Runs fn while sampling RSS every 5 ms; returns its duration and the peak RSS growth. */
export async function measureMemory<T>(
  fn: () => Promise<T>,
): Promise<{ ms: number; peakRssMb: number; value: T }> {
  globalThis.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const t = performance.now();
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { ms: performance.now() - t, peakRssMb: peak / 2 ** 20, value };
  } finally {
    clearInterval(timer);
  }
}

export const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
