/**
 * The checks of vendedores.csv that need the whole team at once (the file is small —
 * hundreds of rows — so they run in JS over the file rows plus the database's):
 * - `supervisor_email` names a salesperson of the file or of the database, not oneself;
 * - the supervision chain has no cycle once the file is applied;
 * - a `slack_id` belongs to one salesperson only once the file is applied.
 * A row skipped for one reason can make another row invalid (its supervisor was
 * skipped…), so the checks repeat until nothing changes.
 */
import type { ApplyContext, EntityHooks, RowIssue } from './apply-entity.js';

export interface FileSalesperson {
  line: number;
  key: string;
  supervisor_email: string | null;
  new_slack_id: string | null;
}

export interface DbSalesperson {
  email: string;
  supervisor: string | null;
  slack: string | null;
}

function q(s: string): string {
  return `"${s}"`;
}

export function checkSalespeople(
  rows: readonly FileSalesperson[],
  db: readonly DbSalesperson[],
  supervisorColumn: boolean,
  skippedLine: (email: string) => number | undefined,
): RowIssue[] {
  const reasons = new Map<number, string[]>();
  const dbByEmail = new Map(db.map((d) => [d.email, d]));
  for (;;) {
    let changed = false;
    const fail = (r: FileSalesperson, reason: string) => {
      const list = reasons.get(r.line);
      if (list) list.push(reason);
      else reasons.set(r.line, [reason]);
      changed = true;
    };
    const valid = rows.filter((r) => !reasons.has(r.line));
    const validByEmail = new Map(valid.map((r) => [r.key, r]));
    const lineOf = (email: string) =>
      skippedLine(email) ?? rows.find((r) => r.key === email && reasons.has(r.line))?.line;

    if (supervisorColumn) {
      for (const r of valid) {
        const sup = r.supervisor_email;
        if (!sup) continue;
        if (sup === r.key)
          fail(
            r,
            'supervisor_email é o próprio vendedor (deixe em branco ou informe outra pessoa)',
          );
        else if (!validByEmail.has(sup) && !dbByEmail.has(sup)) {
          const line = lineOf(sup);
          fail(
            r,
            line !== undefined
              ? `supervisor ${q(sup)} foi ignorado (vendedores.csv, linha ${line})`
              : `supervisor ${q(sup)} não existe (nem em vendedores.csv nem no banco)`,
          );
        }
      }
      if (changed) continue;
    }

    // The supervision graph once the file is applied: every node has at most one edge.
    const supervisorOf = new Map<string, string | null>();
    for (const d of db) supervisorOf.set(d.email, d.supervisor);
    for (const r of valid) {
      supervisorOf.set(
        r.key,
        supervisorColumn ? r.supervisor_email : (dbByEmail.get(r.key)?.supervisor ?? null),
      );
    }
    const state = new Map<string, 1 | 2>();
    for (const r of valid) {
      const path: string[] = [];
      let e: string | null | undefined = r.key;
      while (e && !state.has(e)) {
        state.set(e, 1);
        path.push(e);
        e = supervisorOf.get(e);
      }
      if (e && state.get(e) === 1) {
        const cycle = path.slice(path.indexOf(e));
        const text = [...cycle, e].join(' → ');
        for (const member of cycle) {
          const row = validByEmail.get(member);
          if (row) fail(row, `ciclo de supervisão: ${text}`);
        }
      }
      for (const p of path) state.set(p, 2);
    }
    if (changed) continue;

    const releasing = new Set(valid.filter((r) => r.new_slack_id).map((r) => r.key));
    const holders = new Map<string, string>();
    for (const d of db) if (d.slack && !releasing.has(d.email)) holders.set(d.slack, d.email);
    for (const r of valid) {
      if (!r.new_slack_id) continue;
      const holder = holders.get(r.new_slack_id);
      if (holder !== undefined && holder !== r.key) {
        fail(r, `slack_id ${q(r.new_slack_id)} já pertence a outro vendedor (${holder})`);
      } else holders.set(r.new_slack_id, r.key);
    }
    if (!changed) break;
  }
  return rows
    .filter((r) => reasons.has(r.line))
    .map((r) => ({ line: r.line, key: r.key, reason: reasons.get(r.line)!.join('; ') }));
}

export const salespeopleHooks: EntityHooks = {
  async validate(ctx, resolved, staged) {
    const rows = await ctx.s.query<FileSalesperson>(
      `SELECT line, key, supervisor_email, new_slack_id FROM ${resolved} ORDER BY line`,
    );
    const db = await ctx.s.query<DbSalesperson>(
      `SELECT sp.email, sup.email AS supervisor, sp.slack_user_id AS slack
         FROM salespeople sp LEFT JOIN salespeople sup ON sup.id = sp.supervisor_id`,
    );
    return checkSalespeople(rows, db, staged.present.has('supervisor_email'), (email) =>
      ctx.log.skippedLine('salespeople', email),
    );
  },

  async beforeWrite(ctx: ApplyContext, resolved) {
    // slack_user_id is unique: free the IDs that move to someone else before assigning them.
    await ctx.s.query(
      `UPDATE salespeople t SET slack_user_id = NULL FROM ${resolved} r
        WHERE t.id = r.id AND r.new_slack_id IS NOT NULL AND t.slack_user_id <> r.new_slack_id`,
    );
  },

  async afterWrite(ctx, resolved, staged) {
    if (!staged.present.has('supervisor_email')) return [];
    // Second pass: a supervisor may be a row inserted just now.
    const [row] = await ctx.s.query<{ ids: number[] | null }>(
      `WITH upd AS (
         UPDATE salespeople t SET supervisor_id = sup.id
           FROM ${resolved} r LEFT JOIN salespeople sup ON sup.email = r.supervisor_email
          WHERE t.email = r.key AND t.supervisor_id IS DISTINCT FROM sup.id
          RETURNING t.id, r.id AS existing)
       SELECT array_agg(id) FILTER (WHERE existing IS NOT NULL) AS ids FROM upd`,
    );
    return row?.ids ?? [];
  },
};
