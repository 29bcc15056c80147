/**
 * Who sees what, and who may do what (docs/domain.md, "Who sees what"). Every path that
 * reads rows, names, views or subscriptions for a user — report, chart, builder menus,
 * fan-out, subscription lists, linking — takes its restriction from here, so the rule is
 * written once:
 *
 * - vendedor: the projects they are responsible for, plus their subordinates'
 *   (transitively); the people of that chain; their own subscriptions.
 * - gerente: every project and person of their store; the store's subscriptions (by the
 *   owner's store); may link Slack users of their store.
 * - admin: everything.
 *
 * Saved views are shared by visibility, not by role: a view is seen by its owner, or by
 * everyone when it is a team view; an admin may also change team views.
 */
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { DB, Destination } from './db/schema.js';
import { CarteiraError } from './errors.js';
import { ROLE_LABELS, subordinatesOf, type Viewer } from './portfolio/viewer.js';

/** The rows a viewer may ever see, as a restriction every query applies first. */
export type Scope =
  { kind: 'all' } | { kind: 'store'; storeId: number } | { kind: 'salespeople'; ids: number[] };

type Expr = RawBuilder<SqlBool>;

export async function scopeOf(db: Kysely<DB>, viewer: Viewer): Promise<Scope> {
  switch (viewer.role) {
    case 'admin':
      return { kind: 'all' };
    case 'gerente':
      return { kind: 'store', storeId: viewer.storeId };
    case 'vendedor':
      return { kind: 'salespeople', ids: [viewer.id, ...(await subordinatesOf(db, [viewer.id]))] };
  }
}

/** The scope as a condition on two columns: the row's store and the row's salesperson. */
function scopeCondition(scope: Scope, storeColumn: string, personColumn: string): Expr {
  switch (scope.kind) {
    case 'all':
      return sql<SqlBool>`TRUE`;
    case 'store':
      return sql<SqlBool>`${sql.ref(storeColumn)} = ${scope.storeId}`;
    case 'salespeople':
      return sql<SqlBool>`${sql.ref(personColumn)} = ANY(${scope.ids}::int[])`;
  }
}

/**
 * The scope as a condition on rows that carry `store_id` and `salesperson_id`
 * (project_summary and its like), under the given table alias.
 */
export function projectsInScope(scope: Scope, alias: string): Expr {
  return scopeCondition(scope, `${alias}.store_id`, `${alias}.salesperson_id`);
}

/** The scope as a condition on salespeople rows (their `id` and `store_id`). */
export function peopleInScope(scope: Scope, alias: string): Expr {
  return scopeCondition(scope, `${alias}.store_id`, `${alias}.id`);
}

/** The stores a viewer may filter by: all for an admin, their own otherwise. */
export function storesInScope(viewer: Viewer, alias: string): Expr {
  return viewer.role === 'admin'
    ? sql<SqlBool>`TRUE`
    : sql<SqlBool>`${sql.ref(`${alias}.id`)} = ${viewer.storeId}`;
}

export function describeScope(viewer: Viewer, scope: Scope): string {
  const who = `${viewer.name} (${ROLE_LABELS[viewer.role]})`;
  switch (scope.kind) {
    case 'all':
      return `${who} — todas as lojas`;
    case 'store':
      return `${who} — apenas a loja ${viewer.storeName}`;
    case 'salespeople':
      return scope.ids.length > 1
        ? `${who} — apenas a própria carteira e a dos subordinados`
        : `${who} — apenas a própria carteira`;
  }
}

// ---------------------------------------------------------------------------------------
// Subscriptions. A subscription always runs with its owner's rights, whoever manages it.

/** Which subscriptions a list shows a viewer: what they may manage, or only their own. */
export function subscriptionsVisibleTo(
  viewer: Viewer,
  which: 'mine' | 'manageable',
  ownerAlias: string,
  subscriptionAlias: string,
): Expr {
  if (which === 'mine' || viewer.role === 'vendedor')
    return sql<SqlBool>`${sql.ref(`${subscriptionAlias}.owner_id`)} = ${viewer.id}`;
  if (viewer.role === 'gerente')
    return sql<SqlBool>`${sql.ref(`${ownerAlias}.store_id`)} = ${viewer.storeId}`;
  return sql<SqlBool>`TRUE`;
}

/** Who the "assinaturas" list covers, in words (matches subscriptionsVisibleTo). */
export function subscriptionListReach(viewer: Viewer): 'all' | 'store' | 'mine' {
  return viewer.role === 'admin' ? 'all' : viewer.role === 'gerente' ? 'store' : 'mine';
}

/** Anyone linked may subscribe their own DM; channels and fan-out need a gerente or admin. */
export function canCreateSubscription(owner: Viewer, destination: Destination): boolean {
  return destination === 'dm' || owner.role === 'gerente' || owner.role === 'admin';
}

export function assertCanCreateSubscription(owner: Viewer, destination: Destination): void {
  if (canCreateSubscription(owner, destination)) return;
  throw new CarteiraError(
    'forbidden',
    destination === 'channel'
      ? 'Como vendedor, você pode assinar visões só na sua DM. Para enviar a um canal, peça a um gerente ou administrador.'
      : 'Enviar para cada responsável em privado precisa de um gerente ou administrador. Você pode assinar na sua DM.',
    { field: 'destination' },
  );
}

/**
 * A follow-up alert tells each responsible (and escalates to supervisors and gerentes), like
 * "cada responsável em privado": it needs a gerente or an admin. It runs with the owner's
 * rights; each recipient only ever reads projects within their own.
 */
export function assertCanCreateAlert(owner: Viewer): void {
  if (owner.role === 'gerente' || owner.role === 'admin') return;
  throw new CarteiraError(
    'forbidden',
    'Alertas de acompanhamento avisam cada responsável: crie-os com um gerente ou administrador.',
    { field: 'destination' },
  );
}

/** The owner, a gerente of the owner's store or an admin may pause, resume, delete… */
export function canManageSubscription(
  viewer: Viewer,
  sub: { ownerId: number; ownerStoreId: number },
): boolean {
  if (viewer.role === 'admin') return true;
  if (viewer.id === sub.ownerId) return true;
  return viewer.role === 'gerente' && viewer.storeId === sub.ownerStoreId;
}

// ---------------------------------------------------------------------------------------
// Saved views.

/** A view is seen by its owner, or by everyone when it is a team view. */
export function viewsVisibleTo(viewer: Viewer, alias: string): Expr {
  return sql<SqlBool>`(${sql.ref(`${alias}.owner_id`)} = ${viewer.id} OR ${sql.ref(
    `${alias}.visibility`,
  )} = 'team')`;
}

/** Its owner may change or delete a view; an admin may also change team views. */
export function canEditView(
  viewer: Viewer,
  view: { ownerId: number | null; visibility: string },
): boolean {
  if (view.ownerId === viewer.id) return true;
  return viewer.role === 'admin' && view.visibility === 'team';
}

// ---------------------------------------------------------------------------------------
// People.

/** Linking Slack users to salespeople: gerentes (their store's people) and admins. */
export function canLinkPeople(actor: Viewer): boolean {
  return actor.role !== 'vendedor';
}

/** Whether `actor` may link or unlink the salesperson of store `storeId`. */
export function canLinkPersonOf(actor: Viewer, storeId: number): boolean {
  if (actor.role === 'admin') return true;
  return actor.role === 'gerente' && actor.storeId === storeId;
}

// ---------------------------------------------------------------------------------------
// Goals (metas). A vendedor sees their own goals; a gerente their store's (the store's and
// its people's); an admin every goal, the company's included.

/** Which goals a viewer sees; `goal` is the goals row, `person` the goal's salesperson. */
export function goalsVisibleTo(viewer: Viewer, goalAlias: string, personAlias: string): Expr {
  const g = (c: string) => sql.ref(`${goalAlias}.${c}`);
  switch (viewer.role) {
    case 'admin':
      return sql<SqlBool>`TRUE`;
    case 'gerente':
      return sql<SqlBool>`(${g('store_id')} = ${viewer.storeId} OR ${sql.ref(
        `${personAlias}.store_id`,
      )} = ${viewer.storeId})`;
    case 'vendedor':
      return sql<SqlBool>`${g('salesperson_id')} = ${viewer.id}`;
  }
}

/**
 * Whether a goal is in a copy restricted to some salespeople (a fan-out DM, or a view whose
 * responsible filter lists people): only their own goals — what goalsVisibleTo gives a
 * vendedor — never their store's or the company's, whatever the copy's owner may see.
 */
export function goalInPeopleCopy(
  goal: { salespersonId: number | null },
  people: ReadonlySet<number>,
): boolean {
  return goal.salespersonId !== null && people.has(goal.salespersonId);
}

/** Whose goals a viewer's goals report shows, in words (matches goalsVisibleTo). */
export function describeGoalsScope(viewer: Viewer): string {
  const who = `${viewer.name} (${ROLE_LABELS[viewer.role]})`;
  switch (viewer.role) {
    case 'admin':
      return `${who} — metas de todas as lojas e da empresa`;
    case 'gerente':
      return `${who} — metas da loja ${viewer.storeName} e das pessoas dela`;
    case 'vendedor':
      return `${who} — apenas as próprias metas`;
  }
}

/**
 * Who may set a goal: an admin any; a gerente the goals of their store and of its people;
 * nobody else. `storeId` is the goal's store (a store goal) or the salesperson's store.
 */
export function canSetGoal(
  actor: Viewer,
  goal: { kind: 'company' } | { kind: 'store' | 'salesperson'; storeId: number },
): boolean {
  if (actor.role === 'admin') return true;
  if (actor.role !== 'gerente' || goal.kind === 'company') return false;
  return goal.storeId === actor.storeId;
}

/** Whether someone may set goals at all (a gerente for their store, an admin for all). */
export function canSetGoals(actor: Viewer): boolean {
  return actor.role === 'admin' || actor.role === 'gerente';
}

/**
 * Import runs (how the ERP import went, App Home's line) and the DMs about refused imports
 * and stale data are for admins only.
 */
export function canSeeImports(viewer: Pick<Viewer, 'role'>): boolean {
  return viewer.role === 'admin';
}

/** The SQL condition on `salespeople` for who is told about imports (matches canSeeImports). */
export const IMPORT_NOTICE_ROLE = 'admin' as const;
