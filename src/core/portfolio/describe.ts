/**
 * The active filters of a view in one Brazilian Portuguese line, shown under a report's
 * title in Slack, PDF and the terminal: "Situação: Sem contrato · Criação do projeto:
 * este mês · Responsável: todos".
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { columnInfo } from './columns.js';
import type { ViewDefinition } from './definition.js';
import { PERIOD_PRESET_LABELS, formatDateBr } from './periods.js';
import type { ResolvedPeriod } from './result.js';
import { SITUATION_PRESET_LABELS, situationLabel } from './situations.js';

function list(names: string[], max = 3): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} e mais ${names.length - max}`;
}

export async function describeFilters(
  db: Kysely<DB>,
  def: ViewDefinition,
  period: ResolvedPeriod | null,
): Promise<string> {
  const f = def.filters;
  const parts: string[] = [];
  parts.push(
    `Situação: ${
      f.situations.mode === 'preset'
        ? SITUATION_PRESET_LABELS[f.situations.preset]
        : list(f.situations.ids.map(situationLabel), 9)
    }`,
  );
  // The resolved dates are shown beside this line by every renderer ("Período: …"); here
  // the filter says which date it applies to and how it was chosen.
  if (f.period && period) {
    const label = columnInfo(period.field).label;
    parts.push(
      f.period.mode === 'relative'
        ? `${label}: ${PERIOD_PRESET_LABELS[f.period.preset]}`
        : `${label}: ${formatDateBr(period.from)} a ${formatDateBr(period.to)}`,
    );
  }
  const r = f.responsible;
  if (r.mode === 'all') parts.push('Responsável: todos');
  else if (r.mode === 'me')
    parts.push(`Responsável: eu${r.includeSubordinates ? ' e subordinados' : ''}`);
  else {
    const people = await db
      .selectFrom('salespeople')
      .select('name')
      .where('id', 'in', r.salespersonIds)
      .orderBy('name')
      .execute();
    parts.push(
      `Responsável: ${list(people.map((p) => p.name))}${r.includeSubordinates ? ' e subordinados' : ''}`,
    );
  }
  if (f.storeIds.length) {
    const stores = await db
      .selectFrom('stores')
      .select('name')
      .where('id', 'in', f.storeIds)
      .orderBy('name')
      .execute();
    parts.push(`Loja: ${list(stores.map((s) => s.name))}`);
  }
  if (f.closingStatuses.length) parts.push(`Situação de fechamento: ${list(f.closingStatuses)}`);
  if (f.probableSale !== null) parts.push(`Provável venda: ${f.probableSale ? 'sim' : 'não'}`);
  if (f.specifierIds.length) {
    const specs = await db
      .selectFrom('specifiers')
      .select('name')
      .where('id', 'in', f.specifierIds)
      .orderBy('name')
      .execute();
    parts.push(`Especificador: ${list(specs.map((s) => s.name))}`);
  }
  if (f.search) parts.push(`Busca: “${f.search}”`);
  return parts.join(' · ');
}
