/**
 * Projects matching a typed text, for the "Detalhes" menu's `external_select` when a report
 * has more rows than a static menu holds (Slack: at most 100 options). Only projects within
 * the viewer's rights (access.ts); the text is matched like the view's search filter
 * (case- and accent-insensitive, in the code followed by the client's name), codes first.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { projectsInScope, scopeOf } from '../access.js';
import type { Viewer } from '../portfolio/viewer.js';

export interface ProjectOption {
  code: string;
  clientName: string;
}

/** The longest text searched; anything longer is cut. */
const MAX_QUERY = 100;

export async function searchProjects(
  db: Kysely<DB>,
  viewer: Viewer,
  query: string,
  limit = 100,
): Promise<ProjectOption[]> {
  const text = query.trim().replace(/\s+/g, ' ').slice(0, MAX_QUERY);
  if (text === '') return [];
  const where = projectsInScope(await scopeOf(db, viewer), 'ps');
  const r = await sql<{ project_code: string; client_name: string }>`
    SELECT ps.project_code, ps.client_name
      FROM project_summary ps
     WHERE ${where} AND position(carteira_fold(${text}) in ps.search_key) > 0
     ORDER BY (position(carteira_fold(${text}) in carteira_fold(ps.project_code)) = 1) DESC,
              ps.project_code
     LIMIT ${Math.max(1, Math.min(limit, 100))}::int`.execute(db);
  return r.rows.map((x) => ({ code: x.project_code, clientName: x.client_name }));
}
