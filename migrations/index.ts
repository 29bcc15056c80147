/**
 * Every migration, in order. A static list (rather than reading the folder) works the
 * same from sources and from the compiled build. Never edit a migration after it lands;
 * add the next one.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';
import * as m0002 from './0002_starter_views.js';
import * as m0003 from './0003_delivery_occurrences.js';
import * as m0004 from './0004_goals.js';
import * as m0005 from './0005_starter_charts.js';
import * as m0006 from './0006_card_contacts_changes.js';
import * as m0007 from './0007_imports.js';
import * as m0008 from './0008_alerts.js';
import * as m0009 from './0009_goals_view.js';
import * as m0011 from './0011_import_fingerprints.js';
import * as m0012 from './0012_fold_ascii.js';
import * as m0013 from './0013_fold_inline.js';

export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_starter_views': m0002,
  '0003_delivery_occurrences': m0003,
  '0004_goals': m0004,
  '0005_starter_charts': m0005,
  '0006_card_contacts_changes': m0006,
  '0007_imports': m0007,
  '0008_alerts': m0008,
  '0009_goals_view': m0009,
  '0011_import_fingerprints': m0011,
  '0012_fold_ascii': m0012,
  '0013_fold_inline': m0013,
};
