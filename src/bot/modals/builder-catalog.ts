/**
 * What the view builder offers to choose from, for one user: the salespeople they can see
 * (for "Escolher pessoas"), the stores, and the closing statuses in use.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../core/db/schema.js';
import { peopleInScope, projectsInScope, scopeOf, storesInScope } from '../../core/access.js';
import type { Viewer } from '../../core/portfolio/viewer.js';
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
  const scope = await scopeOf(db, viewer);
  const peopleQuery = db
    .selectFrom('salespeople as sp')
    .select(['sp.id', 'sp.name', 'sp.slack_user_id as slackUserId'])
    .where('sp.active', '=', true)
    .where(peopleInScope(scope, 'sp'))
    .orderBy('sp.name')
    .orderBy('sp.id');
  const storesQuery = db
    .selectFrom('stores as st')
    .select(['st.id', 'st.name'])
    .where(storesInScope(viewer, 'st'))
    .orderBy('st.name')
    .orderBy('st.id');
  // Closing statuses as written on the projects the viewer may see, not the whole store's.
  const statusLimit = SLACK_LIMITS.selectOptions + 1;
  const statuses = await sql<{ s: string }>`
    SELECT DISTINCT ps.closing_status AS s FROM project_summary ps
    WHERE ps.closing_status IS NOT NULL AND length(ps.closing_status) <= 100
      AND ${projectsInScope(scope, 'ps')}
    ORDER BY 1 LIMIT ${statusLimit}`.execute(db);
  const [people, stores] = await Promise.all([peopleQuery.execute(), storesQuery.execute()]);
  return {
    people,
    peopleInput: people.length <= SLACK_LIMITS.selectOptions ? 'static' : 'slack_users',
    stores: stores.slice(0, SLACK_LIMITS.selectOptions),
    closingStatuses: statuses.rows.length < statusLimit ? statuses.rows.map((r) => r.s) : null,
  };
}
