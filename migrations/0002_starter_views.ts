/**
 * The three starter views of the source material, as team views everyone can run.
 * Definitions are written out here (migrations import nothing from src/); they are
 * version 1 of the view definition format and are validated by the tests.
 */
import { sql, type Kysely } from 'kysely';

const STARTERS = [
  {
    name: 'Sem contratos no mês',
    description:
      'Projetos criados neste mês que ainda não têm contrato: o que ainda pode ser fechado.',
    definition: {
      version: 1,
      filters: {
        situations: { mode: 'preset', preset: 'without_contract' },
        period: { mode: 'relative', field: 'project_created_at', preset: 'this_month' },
        responsible: { mode: 'all' },
      },
      columns: [
        'project',
        'client',
        'salesperson',
        'closing_status',
        'environment_count',
        'probable_sale',
        'closing_forecast',
        'estimated_value',
      ],
      sort: [{ column: 'project_created_at', direction: 'asc' }],
      groupBy: null,
    },
  },
  {
    name: 'Com contratos no mês',
    description: 'Contratos criados neste mês: as vendas do mês.',
    definition: {
      version: 1,
      filters: {
        situations: { mode: 'preset', preset: 'with_contract' },
        period: { mode: 'relative', field: 'contract_created_at', preset: 'this_month' },
        responsible: { mode: 'all' },
      },
      columns: [
        'project',
        'client',
        'salesperson',
        'contract_number',
        'contract_created_at',
        'specifier',
        'environments_without_contract',
        'contract_value',
      ],
      sort: [{ column: 'contract_created_at', direction: 'asc' }],
      groupBy: null,
    },
  },
  {
    name: 'Situação dos contratos',
    description:
      'Contratos do ano e a etapa de cada um: revisão, pedido, entrega, montagem, assistência.',
    definition: {
      version: 1,
      filters: {
        situations: {
          mode: 'custom',
          ids: [
            'contratado',
            'em_revisao',
            'pedido',
            'entrega',
            'montagem',
            'assistencia',
            'concluido',
          ],
        },
        period: { mode: 'relative', field: 'contract_created_at', preset: 'this_year' },
        responsible: { mode: 'all' },
      },
      columns: [
        'project',
        'client',
        'salesperson',
        'situation',
        'last_contact_at',
        'purchase_orders',
        'last_purchase_order_at',
        'contract_value',
      ],
      sort: [{ column: 'contract_created_at', direction: 'asc' }],
      groupBy: null,
    },
  },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of STARTERS) {
    await sql`
      INSERT INTO saved_views (owner_id, name, name_key, description, visibility, definition,
                               definition_version, is_starter)
      VALUES (NULL, ${s.name}, carteira_fold(${s.name}), ${s.description}, 'team',
              ${JSON.stringify(s.definition)}::jsonb, 1, true)
    `.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM saved_views WHERE is_starter`.execute(db);
}
