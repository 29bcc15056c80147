/**
 * A chart for each starter view (view definition version 2, docs/domain.md "Gráfico"):
 *
 * - Sem contratos no mês → projetos por responsável (horizontal bars, 12 largest + Outros);
 * - Com contratos no mês → valor contratado por responsável (horizontal bars, 12 + Outros);
 * - Situação dos contratos → valor contratado por situação, in the situations' order (each
 *   bar also labelled with its number of projects).
 *
 * Only the starter rows still named as 0002 created them are touched; a starter an admin
 * renamed keeps its definition. Written out here: migrations import nothing from src/.
 *
 * Also `salespeople.home_view_id`: the view a person pinned to their App Home (its chart is
 * shown there). Cleared when the view is deleted; the ERP import never writes it.
 */
import { sql, type Kysely } from 'kysely';

const CHARTS: { name: string; chart: Record<string, unknown> }[] = [
  {
    name: 'Sem contratos no mês',
    chart: {
      kind: 'horizontal_bar',
      dimension: 'salesperson',
      dateField: null,
      measure: 'projects',
      top: 12,
      stackBy: null,
    },
  },
  {
    name: 'Com contratos no mês',
    chart: {
      kind: 'horizontal_bar',
      dimension: 'salesperson',
      dateField: null,
      measure: 'contract_value',
      top: 12,
      stackBy: null,
    },
  },
  {
    name: 'Situação dos contratos',
    chart: {
      kind: 'bar',
      dimension: 'situation',
      dateField: null,
      measure: 'contract_value',
      top: null,
      stackBy: null,
    },
  },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE salespeople
      ADD COLUMN home_view_id integer REFERENCES saved_views(id) ON DELETE SET NULL
  `.execute(db);
  for (const c of CHARTS) {
    await sql`
      UPDATE saved_views
         SET definition = definition || jsonb_build_object('version', 2, 'chart', ${JSON.stringify(c.chart)}::jsonb),
             definition_version = 2
       WHERE is_starter AND name_key = carteira_fold(${c.name})
    `.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE salespeople DROP COLUMN home_view_id`.execute(db);
  await sql`
    UPDATE saved_views
       SET definition = (definition - 'chart') || jsonb_build_object('version', 1),
           definition_version = 1
     WHERE is_starter
  `.execute(db);
}
