/**
 * One worker in its own process, for the crash tests (`node --import tsx test/worker/worker-entry.ts`).
 * Configuration comes from the environment like production (loadConfig); test knobs from
 * WORKER_ENTRY (JSON): prefix, tuning, a fixed clock, and `crashAfterPosts` — SIGKILL itself
 * right after its Nth Slack post returns, before the post is recorded (the worst moment);
 * `crashAfterCompletes` the same after its Nth files.completeUploadExternal;
 * `mode: 'run'` runs the production entry, `runWorker`, instead.
 * Prints READY when it has started.
 */
import { loadConfig } from '../../src/core/config.js';
import { runWorker, startWorker, type WorkerTuning } from '../../src/worker/index.js';

interface Knobs {
  /** `run`: the production entry as is (`runWorker`, its own SIGTERM handling). */
  mode?: 'run';
  prefix: string;
  tuning?: Partial<WorkerTuning>;
  now?: string;
  crashAfterPosts?: number;
  crashAfterCompletes?: number;
}

const knobs = JSON.parse(process.env.WORKER_ENTRY ?? '{}') as Knobs;
/** The test's clock, frozen at the time the test gave (the real one only if none). */
const fixed = knobs.now ? () => new Date(knobs.now!) : undefined;
if (knobs.mode === 'run') {
  const running = await runWorker(loadConfig(), fixed);
  process.stdout.write(`READY ${running.workerId}\n`);
} else {
  await startTestWorker();
}

async function startTestWorker() {
  let posts = 0;
  let completes = 0;
  const handle = await startWorker({
    config: loadConfig(),
    prefix: knobs.prefix,
    port: 0,
    tuning: knobs.tuning,
    now: fixed,
    hooks: {
      ...(knobs.crashAfterPosts
        ? {
            afterPost: () => {
              posts += 1;
              if (posts >= knobs.crashAfterPosts!) process.kill(process.pid, 'SIGKILL');
            },
          }
        : {}),
      ...(knobs.crashAfterCompletes
        ? {
            afterComplete: () => {
              completes += 1;
              if (completes >= knobs.crashAfterCompletes!) process.kill(process.pid, 'SIGKILL');
            },
          }
        : {}),
    },
  });
  process.stdout.write(`READY ${handle.workerId}\n`);
  process.on('SIGTERM', () => {
    void handle.stop().then(() => process.exit(0));
  });
}
