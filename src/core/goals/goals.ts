/**
 * Monthly goals (metas): setting them (from Slack, the CLI or `metas.csv`), with every
 * change kept, and reading their history. Who may set which goal is the access rule
 * (../access.ts, `canSetGoal`).
 */
import { sql, type Kysely } from 'kysely';
import { canSetGoal } from '../access.js';
import type { DB, GoalMeasure } from '../db/schema.js';
import { CarteiraError } from '../errors.js';
import type { Viewer } from '../portfolio/viewer.js';

export const GOAL_MEASURES = ['valor_contratado', 'contratos', 'projetos'] as const;

export const MEASURE_LABELS: Record<GoalMeasure, string> = {
  valor_contratado: 'valor contratado',
  contratos: 'contratos',
  projetos: 'projetos',
};

/** Whose goal: a salesperson's, a store's, or the whole company's. */
export type GoalOwner =
  | { kind: 'company' }
  | { kind: 'store'; storeId: number }
  | { kind: 'salesperson'; salespersonId: number };

export interface GoalInput {
  /** `AAAA-MM`. */
  month: string;
  measure: GoalMeasure;
  owner: GoalOwner;
  target: number;
}

export type GoalSource = 'slack' | 'cli' | 'import';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `AAAA-MM` → the first day (`AAAA-MM-01`); throws in Portuguese when malformed. */
export function monthStart(month: string): string {
  if (!MONTH.test(month)) {
    throw new CarteiraError(
      'invalid_input',
      `Mês inválido: “${month}”. Use AAAA-MM, ex.: 2026-11.`,
      { field: 'month' },
    );
  }
  return `${month}-01`;
}

export function isGoalMeasure(v: string): v is GoalMeasure {
  return (GOAL_MEASURES as readonly string[]).includes(v);
}

function assertTarget(measure: GoalMeasure, target: number): void {
  const integral = measure !== 'valor_contratado';
  if (!Number.isFinite(target) || target < 0 || (integral && !Number.isInteger(target))) {
    throw new CarteiraError(
      'invalid_input',
      integral
        ? `A meta de ${MEASURE_LABELS[measure]} é um número inteiro a partir de 0, ex.: 12.`
        : 'A meta de valor contratado é um valor a partir de 0, ex.: 150000 ou 150.000,00.',
      { field: 'value' },
    );
  }
}

/** The store a goal belongs to, for the access rule (null: the company's). */
async function storeOfOwner(db: Kysely<DB>, owner: GoalOwner): Promise<number | null> {
  if (owner.kind === 'company') return null;
  if (owner.kind === 'store') {
    const st = await db
      .selectFrom('stores')
      .select('id')
      .where('id', '=', owner.storeId)
      .executeTakeFirst();
    if (!st) throw new CarteiraError('invalid_input', 'Loja não encontrada.', { field: 'store' });
    return st.id;
  }
  const sp = await db
    .selectFrom('salespeople')
    .select('store_id')
    .where('id', '=', owner.salespersonId)
    .where('active', '=', true)
    .executeTakeFirst();
  if (!sp)
    throw new CarteiraError('invalid_input', 'Vendedor não encontrado ou inativo.', {
      field: 'salesperson',
    });
  return sp.store_id;
}

export interface SetGoalResult {
  goalId: number;
  changed: boolean;
  previous: number | null;
}

/**
 * Sets a goal, creating it or changing its target in place; a change is recorded with who
 * made it (`actor`, null for an import or the CLI operator), when (`now`) and from where.
 * Setting the same target again changes nothing and records nothing.
 */
export async function setGoal(
  db: Kysely<DB>,
  opts: { actor: Viewer | null; input: GoalInput; source: GoalSource; now: Date },
): Promise<SetGoalResult> {
  const { input, actor } = opts;
  const month = monthStart(input.month);
  if (!isGoalMeasure(input.measure)) {
    throw new CarteiraError(
      'invalid_input',
      `Medida inválida: “${String(input.measure)}”. Use valor_contratado, contratos ou projetos.`,
      { field: 'measure' },
    );
  }
  assertTarget(input.measure, input.target);
  const storeId = await storeOfOwner(db, input.owner);
  if (actor && actor.id > 0) {
    const goal =
      input.owner.kind === 'company'
        ? ({ kind: 'company' } as const)
        : { kind: input.owner.kind, storeId: storeId! };
    if (!canSetGoal(actor, goal)) {
      throw new CarteiraError(
        'forbidden',
        actor.role === 'gerente'
          ? `Como gerente, você define metas só da sua loja (${actor.storeName}) e das pessoas dela.`
          : 'Só gerentes e administradores definem metas.',
      );
    }
  }
  const ownerStore = input.owner.kind === 'store' ? input.owner.storeId : null;
  const ownerPerson = input.owner.kind === 'salesperson' ? input.owner.salespersonId : null;
  const changedBy = actor && actor.id > 0 ? actor.id : null;
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('goals')
      .select(['id', 'target'])
      .where('month', '=', month)
      .where('measure', '=', input.measure)
      .where(sql<boolean>`coalesce(store_id, 0) = ${ownerStore ?? 0}`)
      .where(sql<boolean>`coalesce(salesperson_id, 0) = ${ownerPerson ?? 0}`)
      .forUpdate()
      .executeTakeFirst();
    if (existing && Number(existing.target) === input.target) {
      return { goalId: existing.id, changed: false, previous: Number(existing.target) };
    }
    let goalId: number;
    if (existing) {
      await trx
        .updateTable('goals')
        .set({ target: input.target, updated_at: opts.now })
        .where('id', '=', existing.id)
        .execute();
      goalId = existing.id;
    } else {
      const r = await trx
        .insertInto('goals')
        .values({
          month,
          measure: input.measure,
          store_id: ownerStore,
          salesperson_id: ownerPerson,
          target: input.target,
          updated_at: opts.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      goalId = r.id;
    }
    await trx
      .insertInto('goal_changes')
      .values({
        goal_id: goalId,
        changed_at: opts.now,
        changed_by: changedBy,
        source: opts.source,
        old_target: existing ? existing.target : null,
        new_target: input.target,
      })
      .execute();
    return { goalId, changed: true, previous: existing ? Number(existing.target) : null };
  });
}

export interface GoalChange {
  changedAt: Date;
  changedBy: string | null;
  source: GoalSource;
  oldTarget: number | null;
  newTarget: number;
}

/** A goal's changes, newest first. */
export async function goalHistory(db: Kysely<DB>, goalId: number): Promise<GoalChange[]> {
  const rows = await db
    .selectFrom('goal_changes as gc')
    .leftJoin('salespeople as sp', 'sp.id', 'gc.changed_by')
    .select(['gc.changed_at', 'sp.name', 'gc.source', 'gc.old_target', 'gc.new_target'])
    .where('gc.goal_id', '=', goalId)
    .orderBy('gc.changed_at', 'desc')
    .orderBy('gc.id', 'desc')
    .execute();
  return rows.map((r) => ({
    changedAt: r.changed_at,
    changedBy: r.name,
    source: r.source,
    oldTarget: r.old_target === null ? null : Number(r.old_target),
    newTarget: Number(r.new_target),
  }));
}
