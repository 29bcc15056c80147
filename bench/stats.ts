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

export const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
