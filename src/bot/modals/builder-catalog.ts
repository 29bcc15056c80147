/**
 * What the view builder offers to choose from, for one user: the salespeople they can see
 * (for "Escolher pessoas"), the stores, and the closing statuses in use.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../core/db/schema.js';
import { subordinatesOf, type Viewer } from '../../core/portfolio/viewer.js';
import { SLACK_LIMITS } from '../../core/render/slack-limits.js';

export interface CatalogPerson {
  id: number;
  name: string;
  slackUserId: string | null;
}

export interface BuilderCatalog {
  /** Active salespeople the user can see, by name. */
  people: CatalogPerson[];
  /** A static menu fits up to 100 options; beyond that people are picked as Slack users. */
  peopleInput: 'static' | 'slack_users';
  /** Stores the user can filter by (all for an admin, their own otherwise). */
  stores: { id: number; name: string }[];
  /** Closing statuses in use, or null when there are too many for a menu (typed as text). */
  closingStatuses: string[] | null;
}

export async function loadCatalog(db: Kysely<DB>, viewer: Viewer): Promise<BuilderCatalog> {
  let peopleQuery = db
    .selectFrom('salespeople')
    .select(['id', 'name', 'slack_user_id as slackUserId'])
    .where('active', '=', true)
    .orderBy('name')
    .orderBy('id');
  if (viewer.role === 'gerente') peopleQuery = peopleQuery.where('store_id', '=', viewer.storeId);
  if (viewer.role === 'vendedor') {
    const ids = [viewer.id, ...(await subordinatesOf(db, [viewer.id]))];
    peopleQuery = peopleQuery.where('id', 'in', ids);
  }
  let storesQuery = db.selectFrom('stores').select(['id', 'name']).orderBy('name').orderBy('id');
  if (viewer.role !== 'admin') storesQuery = storesQuery.where('id', '=', viewer.storeId);
  const statusLimit = SLACK_LIMITS.selectOptions + 1;
  const statuses = await sql<{ s: string }>`
    SELECT DISTINCT closing_status AS s FROM project_summary
    WHERE closing_status IS NOT NULL AND length(closing_status) <= 100
      ${viewer.role === 'admin' ? sql`` : sql`AND store_id = ${viewer.storeId}`}
    ORDER BY 1 LIMIT ${statusLimit}`.execute(db);
  const [people, stores] = await Promise.all([peopleQuery.execute(), storesQuery.execute()]);
  return {
    people,
    peopleInput: people.length <= SLACK_LIMITS.selectOptions ? 'static' : 'slack_users',
    stores: stores.slice(0, SLACK_LIMITS.selectOptions),
    closingStatuses: statuses.rows.length < statusLimit ? statuses.rows.map((r) => r.s) : null,
  };
}
