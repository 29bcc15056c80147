/**
 * What changed since the last delivery (docs/domain.md, "What changed since the last
 * delivery"). Each sent delivery keeps in the ledger a compact snapshot of what its view
 * returned — every matching project's code with its situation and money values, not only
 * the rows shown — and the next delivery of the same subscription to the same recipient
 * (a fan-out keeps one history per salesperson) compares with it:
 *
 * - new: projects in the current result that were not in the previous one;
 * - left: projects of the previous result that are no longer in it;
 * - changed: projects in both whose situation moved (with from → to); value changes
 *   (estimated or contracted) are counted apart, and count as "something changed" for
 *   "só enviar se algo mudou".
 *
 * The first delivery (no earlier snapshot) says it is the first.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { isoWeekday } from '../portfolio/periods.js';
import { streamReport, type ReportRequest } from '../portfolio/query.js';
import type { ReportResult } from '../portfolio/result.js';
import {
  situationCode,
  situationFromCode,
  situationLabel,
  type SituationId,
} from '../portfolio/situations.js';
import { formatCount } from '../render/format.js';
import { escapeMrkdwn, type SlackBlock } from '../render/slack-report.js';
import { SLACK_LIMITS } from '../render/slack-limits.js';

/** code → [situation code, estimated value, contract value]. */
export interface Snapshot {
  v: 1;
  /** The report date of the delivery that took it. */
  asOf: string;
  rows: Record<string, [number, number, number]>;
}

export interface SituationMove {
  project: string;
  from: SituationId;
  to: SituationId;
}

export interface Changes {
  /** The report date of the previous delivery; null on the first. */
  since: string | null;
  new: string[];
  left: string[];
  moved: SituationMove[];
  /** Projects in both whose estimated or contracted value changed. */
  valueChanged: string[];
}

/** What the ledger and `deliveries list --format json` keep: counts only. */
export interface ChangeCounts {
  since: string;
  new: number;
  left: number;
  changed: number;
  valueChanged: number;
}

/** The snapshot of a report request: all matching projects, streamed (no row limit). */
export async function takeSnapshot(db: Kysely<DB>, req: ReportRequest): Promise<Snapshot> {
  const definition = {
    ...req.definition,
    columns: ['project', 'situation', 'estimated_value', 'contract_value'] as const,
    sort: [],
    groupBy: null,
  };
  const { rows } = await streamReport(db, {
    ...req,
    definition: { ...definition, columns: [...definition.columns] },
    limit: undefined,
  });
  const out: Snapshot['rows'] = {};
  for await (const r of rows) {
    out[r.project] = [
      situationCode(r.situation as SituationId),
      Number(r.estimated_value ?? 0),
      Number(r.contract_value ?? 0),
    ];
  }
  return { v: 1, asOf: req.asOf, rows: out };
}

function parseSnapshot(raw: unknown): Snapshot | null {
  const value = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
  if (!value || typeof value !== 'object') return null;
  const s = value as Partial<Snapshot>;
  if (s.v !== 1 || typeof s.asOf !== 'string' || !s.rows || typeof s.rows !== 'object') return null;
  return s as Snapshot;
}

/**
 * The snapshot of the latest sent delivery of this subscription to this recipient
 * before `scheduledFor` ('' for the subscription's channel or owner DM).
 */
export async function previousSnapshot(
  db: Kysely<DB>,
  key: { subscriptionId: number; recipient: string; scheduledFor: Date },
): Promise<Snapshot | null> {
  const row = await db
    .selectFrom('deliveries')
    .select('snapshot')
    .where('subscription_id', '=', key.subscriptionId)
    .where('recipient', '=', key.recipient)
    .where('status', '=', 'sent')
    .where('scheduled_for', '<', key.scheduledFor)
    .where(sql<boolean>`snapshot IS NOT NULL`)
    .orderBy('scheduled_for', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? parseSnapshot(row.snapshot) : null;
}

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function diffSnapshots(previous: Snapshot | null, current: Snapshot): Changes {
  if (!previous) return { since: null, new: [], left: [], moved: [], valueChanged: [] };
  const changes: Changes = {
    since: previous.asOf,
    new: [],
    left: [],
    moved: [],
    valueChanged: [],
  };
  for (const [code, [sit, est, con]] of Object.entries(current.rows)) {
    const before = previous.rows[code];
    if (!before) {
      changes.new.push(code);
      continue;
    }
    if (before[0] !== sit)
      changes.moved.push({
        project: code,
        from: situationFromCode(before[0]),
        to: situationFromCode(sit),
      });
    if (before[1] !== est || before[2] !== con) changes.valueChanged.push(code);
  }
  for (const code of Object.keys(previous.rows)) if (!current.rows[code]) changes.left.push(code);
  changes.new.sort(byCode);
  changes.left.sort(byCode);
  changes.moved.sort((a, b) => byCode(a.project, b.project));
  changes.valueChanged.sort(byCode);
  return changes;
}

export function changeCounts(c: Changes): ChangeCounts | null {
  if (c.since === null) return null;
  return {
    since: c.since,
    new: c.new.length,
    left: c.left.length,
    changed: c.moved.length,
    valueChanged: c.valueChanged.length,
  };
}

/** Whether anything the snapshot holds changed ("só enviar se algo mudou"). */
export function hasChanges(c: Changes): boolean {
  return (
    c.since === null || c.new.length + c.left.length + c.moved.length + c.valueChanged.length > 0
  );
}

const WEEKDAYS = ['seg.', 'ter.', 'qua.', 'qui.', 'sex.', 'sáb.', 'dom.'];

/** `2026-11-30` → `seg., 30/11`. */
export function shortDay(date: string): string {
  return `${WEEKDAYS[isoWeekday(date) - 1]}, ${date.slice(8, 10)}/${date.slice(5, 7)}`;
}

const plural = (n: number, one: string, many: string) =>
  `${formatCount(n)} ${n === 1 ? one : many}`;

/** "Desde o último envio (seg., 30/11): 5 novos · 3 saíram · 7 mudaram de situação". */
export function changesHeadline(c: Changes): string {
  if (c.since === null)
    return 'Primeiro envio desta assinatura: a partir do próximo, esta linha diz o que mudou desde o envio anterior.';
  const parts = [
    plural(c.new.length, 'novo', 'novos'),
    plural(c.left.length, 'saiu', 'saíram'),
    plural(c.moved.length, 'mudou de situação', 'mudaram de situação'),
  ];
  if (c.valueChanged.length > 0)
    parts.push(plural(c.valueChanged.length, 'mudou de valor', 'mudaram de valor'));
  const head = `Desde o último envio (${shortDay(c.since)})`;
  return hasChanges(c) ? `${head}: ${parts.join(' · ')}` : `${head}: nada mudou.`;
}

/** At most this many projects named per line; the rest is counted. */
const MAX_NAMED = 10;

function named(items: string[]): string {
  const shown = items.slice(0, MAX_NAMED).map(escapeMrkdwn);
  const rest = items.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} e mais ${formatCount(rest)}` : shown.join(', ');
}

export function moveText(m: Pick<SituationMove, 'from' | 'to'>): string {
  return `${situationLabel(m.from)} → ${situationLabel(m.to)}`;
}

/**
 * The lines a delivery puts above its table: the headline, then which projects are new,
 * left, and moved ("P-03: Pedido → Entrega"). Separate blocks, so the table renderer is
 * untouched.
 */
export function changesBlocks(c: Changes): SlackBlock[] {
  const lines = [`:arrows_counterclockwise: *${escapeMrkdwn(changesHeadline(c))}*`];
  if (c.new.length) lines.push(`:new: Novos: ${named(c.new)}`);
  if (c.moved.length)
    lines.push(
      `:twisted_rightwards_arrows: Mudaram de situação: ${named(
        c.moved.map((m) => `${m.project} (${moveText(m)})`),
      )}`,
    );
  if (c.left.length) lines.push(`:outbox_tray: Saíram: ${named(c.left)}`);
  let text = lines.join('\n');
  if (text.length > SLACK_LIMITS.sectionText)
    text = `${text.slice(0, SLACK_LIMITS.sectionText - 1)}…`;
  return [{ type: 'section', text: { type: 'mrkdwn', text } }];
}

/**
 * Marks the rows a table shows: a new project's code gets 🆕, a moved project's
 * situation cell reads "Pedido → Entrega". Returns a copy; the result is not changed.
 */
export function markRows(result: ReportResult, c: Changes): ReportResult {
  if (c.since === null) return result;
  const isNew = new Set(c.new);
  const moves = new Map(c.moved.map((m) => [m.project, m]));
  return {
    ...result,
    rows: result.rows.map((row) => {
      const move = moves.get(row.project);
      if (!isNew.has(row.project) && !move) return row;
      const out = { ...row };
      if (isNew.has(row.project)) out.project = `🆕 ${row.project}`;
      if (move && 'situation' in row) out.situation = moveText(move);
      return out;
    }),
  };
}
