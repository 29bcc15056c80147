/**
 * `metas.csv`, the goals of the ERP export (docs/import-format.md, "metas.csv"): one row a
 * goal, keyed by (mes, medida, loja, responsavel). It is staged like every other file
 * (stage-file.ts: header, encoding, field counts, row values) and applied after them, so a
 * goal may name a store or salesperson of the same export. Importing again updates a goal
 * in place; every change is recorded in `goal_changes` with source `import`, dated by the
 * import's clock (ImportOptions.now), not the database's.
 */
import type { Session } from '../db/session.js';
import type { ApplyContext } from './apply-entity.js';
import type { FileSpec } from './files.js';
import type { StagedFile } from './stage-file.js';
import { q } from './values.js';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MEASURES = new Map([
  ['valor_contratado', 'valor_contratado'],
  ['valor contratado', 'valor_contratado'],
  ['contratos', 'contratos'],
  ['projetos', 'projetos'],
]);

export const GOALS_FILE: FileSpec = {
  kind: 'goals',
  file: 'metas.csv',
  noun: 'meta',
  keyColumn: 'mes',
  keyLabel: 'meta',
  columns: [
    { name: 'mes', required: true },
    { name: 'medida', required: true },
    { name: 'valor', required: true, aliases: ['meta'] },
    { name: 'loja' },
    { name: 'responsavel', aliases: ['responsavel_email', 'vendedor', 'email'] },
  ],
  stage: 'imp_s_goals',
  stageColumns: [
    ['key', 'text'],
    ['month', 'date'],
    ['measure', 'text'],
    ['store_code', 'text'],
    ['salesperson_email', 'text'],
    ['target', 'numeric'],
  ],
  convert(r, line) {
    const month = r.required('mes');
    if (month && !MONTH.test(month))
      r.errors.push(`mes inválido: ${q(month)} (use AAAA-MM, ex.: 2026-11)`);
    const rawMeasure = r.required('medida');
    const measure = MEASURES.get(rawMeasure.toLowerCase()) ?? null;
    if (rawMeasure && !measure)
      r.errors.push(
        `medida inválida: ${q(rawMeasure)} (use valor_contratado, contratos ou projetos)`,
      );
    const target = r.money('valor');
    if (target === null && r.raw('valor') === '') r.errors.push('valor vazio (obrigatório)');
    else if (target !== null && Number(target) < 0)
      r.errors.push(`valor negativo: ${q(r.raw('valor'))}`);
    else if (target !== null && measure !== 'valor_contratado' && !Number.isInteger(Number(target)))
      r.errors.push(`valor ${q(r.raw('valor'))}: ${measure} é um número inteiro`);
    const store = r.optionalKey('loja');
    const email = r.email('responsavel', false);
    if (r.errors.length) return null;
    // A salesperson's goal is theirs whatever the loja column says (it is stored without the
    // store): the same person twice, with and without loja, is one goal repeated.
    const key = [month, measure, email ? '' : (store ?? ''), email ?? ''].join('|');
    return [line, key, `${month}-01`, measure, store, email, target];
  },
};

/** Resolves, checks and applies the staged goals; returns how many were new or changed. */
export async function applyGoals(
  ctx: ApplyContext,
  staged: StagedFile,
): Promise<{ inserted: number; updated: number }> {
  const { s, log } = ctx;
  const file = staged.spec.file;
  const skip = (line: number, reason: string) => log.skip('goals', file, line, null, reason);

  // Repeated keys: the first line wins, as in every file.
  const dupes = await s.query<{ line: number; first: number }>(
    `SELECT line, first FROM (
       SELECT line, min(line) OVER (PARTITION BY key) AS first FROM imp_s_goals) x
     WHERE line <> first ORDER BY line`,
  );
  for (const d of dupes)
    skip(d.line, `meta repetida no arquivo (já aparece na linha ${d.first}; vale a primeira)`);

  await resolve(s);
  const bad = await s.query<{ line: number; reason: string }>(
    `SELECT line, CASE
        WHEN store_code IS NOT NULL AND store_id IS NULL
          THEN 'loja ' || quote_literal(store_code) || ' não existe (nem em lojas.csv nem no banco)'
        WHEN salesperson_email IS NOT NULL AND salesperson_id IS NULL
          THEN 'responsável ' || quote_literal(salesperson_email) || ' não existe ou está inativo'
        ELSE 'o responsável ' || quote_literal(salesperson_email) || ' não é da loja ' || quote_literal(store_code)
      END AS reason
     FROM imp_r_goals
     WHERE NOT dup AND ((store_code IS NOT NULL AND store_id IS NULL)
        OR (salesperson_email IS NOT NULL AND salesperson_id IS NULL)
        OR (salesperson_id IS NOT NULL AND store_id IS NOT NULL AND store_id <> sp_store_id))
     ORDER BY line`,
  );
  for (const b of bad) skip(b.line, b.reason);
  const badLines = bad.map((b) => b.line);

  const changed = await s.query<{ inserted: boolean }>(
    `WITH clock AS (
       -- The import's clock (ImportOptions.now); the database's only when none was given.
       SELECT coalesce($2::timestamptz, now()) AS at
     ), src AS (
       SELECT month, measure,
              CASE WHEN salesperson_id IS NULL THEN store_id END AS store_id,
              salesperson_id, target
       FROM imp_r_goals WHERE NOT dup AND NOT (line = ANY($1::int[]))
     ), before AS (
       SELECT g.id, g.target, s.month, s.measure, s.store_id, s.salesperson_id
       FROM src s JOIN goals g ON g.month = s.month AND g.measure = s.measure
        AND coalesce(g.store_id, 0) = coalesce(s.store_id, 0)
        AND coalesce(g.salesperson_id, 0) = coalesce(s.salesperson_id, 0)
     ), up AS (
       INSERT INTO goals AS g (month, measure, store_id, salesperson_id, target, updated_at)
       SELECT month, measure, store_id, salesperson_id, target, (SELECT at FROM clock) FROM src
       ON CONFLICT (month, measure, coalesce(store_id, 0), coalesce(salesperson_id, 0))
       DO UPDATE SET target = excluded.target, updated_at = excluded.updated_at
         WHERE g.target IS DISTINCT FROM excluded.target
       RETURNING g.id, g.target, (xmax = 0) AS inserted
     ), log AS (
       INSERT INTO goal_changes (goal_id, changed_at, changed_by, source, old_target, new_target)
       SELECT up.id, (SELECT at FROM clock), NULL, 'import', b.target, up.target
       FROM up LEFT JOIN before b ON b.id = up.id
     )
     SELECT inserted FROM up`,
    [badLines, ctx.now ?? null],
  );
  const inserted = changed.filter((c) => c.inserted).length;
  return { inserted, updated: changed.length - inserted };
}

async function resolve(s: Session): Promise<void> {
  await s.query(
    `CREATE TEMP TABLE imp_r_goals ON COMMIT DROP AS
     SELECT g.line, g.month, g.measure, g.store_code, g.salesperson_email, g.target,
            st.id AS store_id, sp.id AS salesperson_id, sp.store_id AS sp_store_id,
            g.line <> min(g.line) OVER (PARTITION BY g.key) AS dup
     FROM imp_s_goals g
     LEFT JOIN stores st ON st.code = g.store_code
     LEFT JOIN salespeople sp ON sp.email = g.salesperson_email AND sp.active`,
  );
}
