/**
 * The delivery ledger: one row per (subscription, scheduled time, recipient), and the only
 * thing that decides whether a report is posted. Every write that follows a claim is
 * fenced by the claim token (`claimed_by`), so a worker that lost its claim (it stalled,
 * another took over) can no longer change the row.
 *
 * Life of a row: `pending` → claimed (`sending`, token, attempts + 1) → write-ahead mark
 * (`post_started_at` / `pending_file_id`) → Slack call → result recorded (`slack_ts`,
 * `slack_file_id`) → `sent` | `skipped` | `failed`. A failed attempt that may be retried
 * releases the claim (back to `pending`, marks kept). A crashed worker's claim goes stale
 * after `staleMs` and may be taken over; the marks tell the next worker to check Slack
 * before posting again.
 */
export * from './ledger/rows.js';
export * from './ledger/occurrences.js';
export * from './ledger/claims.js';
export * from './ledger/sweeps.js';
export * from './ledger/health.js';
