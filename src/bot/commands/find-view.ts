import type { Viewer } from '../../core/portfolio/viewer.js';
import { findView, type SavedView } from '../../core/views/views.js';
import type { BotDeps } from '../deps.js';
import { parseRunArgs, type RunArgs } from './parse.js';

/**
 * The view a `ver` text names, trying the literal readings first (see `parseRunArgs`).
 * When none matches, the error of the most likely reading (the shortest name) is thrown:
 * it carries the closest view names.
 */
export async function findRunTarget(
  deps: BotDeps,
  viewer: Viewer,
  text: string,
): Promise<{ view: SavedView; args: RunArgs }> {
  const readings = parseRunArgs(text);
  let last: unknown;
  for (const args of readings) {
    try {
      return { view: await findView(deps.db, viewer, args.name), args };
    } catch (e) {
      last = e;
      // An ambiguous name is an answer in itself: say so rather than try shorter names.
      if ((e as { code?: string }).code === 'view_ambiguous') throw e;
    }
  }
  throw last;
}
