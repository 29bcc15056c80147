/**
 * The view a person pins to their App Home ("Visão fixada"): one per person, any view they
 * can run. Reading it checks visibility again, so a view that became private to someone
 * else (or was deleted: the column is cleared) is simply no longer pinned.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { isCarteiraError } from '../errors.js';
import type { Viewer } from '../portfolio/viewer.js';
import { getView, type SavedView } from './views.js';

/** Pins `viewId` (checked visible to `viewer`), or unpins with null. */
export async function pinView(
  db: Kysely<DB>,
  viewer: Viewer,
  viewId: number | null,
): Promise<void> {
  if (viewId !== null) await getView(db, viewer, viewId); // throws view_not_found in Portuguese
  await db
    .updateTable('salespeople')
    .set({ home_view_id: viewId })
    .where('id', '=', viewer.id)
    .execute();
}

/** The pinned view, if any and still visible to `viewer`. */
export async function pinnedView(db: Kysely<DB>, viewer: Viewer): Promise<SavedView | null> {
  const row = await db
    .selectFrom('salespeople')
    .select('home_view_id')
    .where('id', '=', viewer.id)
    .executeTakeFirst();
  const id = row?.home_view_id ?? null;
  if (id === null) return null;
  try {
    return await getView(db, viewer, id);
  } catch (e) {
    if (isCarteiraError(e) && e.code === 'view_not_found') return null;
    throw e;
  }
}
