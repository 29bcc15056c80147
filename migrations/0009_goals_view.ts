/**
 * The starter view "Metas do mês" (docs/domain.md, "Goals"): a goals view — the month's
 * goals of contracted value, one line per salesperson, then supervisors' teams, stores and
 * the company (src/core/goals/goals-report.ts). Its definition is a view definition with
 * `goals` set; filters, columns and sorting are those of an empty view and not used.
 * Written out here: migrations import nothing from src/.
 */
import { sql, type Kysely } from 'kysely';

const NAME = 'Metas do mês';
const DESCRIPTION =
  'Meta, realizado, %, falta, ritmo necessário por dia útil e projeção de cada vendedor, ' +
  'das equipes, das lojas e da empresa no mês (valor contratado).';
const DEFINITION = {
  version: 2,
  filters: {
    situations: { mode: 'preset', preset: 'all' },
    period: null,
    responsible: { mode: 'all' },
  },
  columns: ['salesperson'],
  sort: [],
  groupBy: null,
  chart: null,
  goals: { measure: 'valor_contratado' },
};

export async function up(db: Kysely<unknown>): Promise<void> {
  // An install where someone's own view already has the name keeps it: the unique index
  // is per owner, and starter views have none, so only another starter could collide.
  await sql`
    INSERT INTO saved_views (owner_id, name, name_key, description, visibility, definition,
                             definition_version, is_starter)
    SELECT NULL, ${NAME}, carteira_fold(${NAME}), ${DESCRIPTION}, 'team',
           ${JSON.stringify(DEFINITION)}::jsonb, 2, true
    WHERE NOT EXISTS (
      SELECT 1 FROM saved_views WHERE is_starter AND name_key = carteira_fold(${NAME}))
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DELETE FROM saved_views
     WHERE is_starter AND definition -> 'goals' IS NOT NULL
  `.execute(db);
}
