/**
 * Saved views: create, list (own + team), find by name (case- and accent-insensitive) or
 * id, update in place, save as new, delete. Names are unique per owner. Starter views
 * have no owner and are visible to everyone.
 */
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { DB, Visibility } from '../db/schema.js';
import { CarteiraError } from '../errors.js';
import {
  DEFINITION_VERSION,
  definitionIssues,
  parseDefinition,
  type DefinitionIssue,
  type ViewDefinition,
} from '../portfolio/definition.js';
import type { Viewer } from '../portfolio/viewer.js';
import { canEditView, viewsVisibleTo } from '../access.js';

export interface SavedView {
  id: number;
  ownerId: number | null;
  ownerName: string | null;
  name: string;
  description: string | null;
  visibility: Visibility;
  isStarter: boolean;
  definition: ViewDefinition;
  createdAt: Date;
  updatedAt: Date;
}

/** Same folding as SQL's carteira_fold: lower case, no accents, single spaces. */
export function foldName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

function baseQuery(db: Kysely<DB>) {
  return db
    .selectFrom('saved_views as v')
    .leftJoin('salespeople as o', 'o.id', 'v.owner_id')
    .select([
      'v.id',
      'v.owner_id as ownerId',
      'o.name as ownerName',
      'v.name',
      'v.description',
      'v.visibility',
      'v.is_starter as isStarter',
      'v.definition',
      'v.created_at as createdAt',
      'v.updated_at as updatedAt',
    ]);
}

type RawView = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function toView(r: RawView): SavedView {
  const def = typeof r.definition === 'string' ? JSON.parse(r.definition) : r.definition;
  return { ...r, definition: parseDefinition(def) };
}

/** Views a viewer can run: their own (private or team) and every team view. */
export async function listViews(db: Kysely<DB>, viewer: Viewer): Promise<SavedView[]> {
  const rows = await baseQuery(db)
    .where(viewsVisibleTo(viewer, 'v'))
    .orderBy(sql`v.owner_id = ${viewer.id}`, 'desc')
    .orderBy('v.is_starter', 'desc')
    // Starter views keep the order of the source material (1, 2, 3); others by name.
    .orderBy(sql`CASE WHEN v.is_starter THEN v.id END`)
    .orderBy('v.name_key')
    .execute();
  return rows.map(toView);
}

export async function getView(db: Kysely<DB>, viewer: Viewer, id: number): Promise<SavedView> {
  const r = await baseQuery(db)
    .where('v.id', '=', id)
    .where(viewsVisibleTo(viewer, 'v'))
    .executeTakeFirst();
  if (!r) {
    throw new CarteiraError(
      'view_not_found',
      'Visão não encontrada (ela pode ter sido excluída ou ser privada de outra pessoa). Use `/carteira visoes` para ver as suas.',
    );
  }
  return toView(r);
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

/** The closest view names to `query`, for "did you mean" answers. */
export function closestViews(views: SavedView[], query: string, max = 5): SavedView[] {
  const q = foldName(query);
  return views
    .map((v) => {
      const k = foldName(v.name);
      const score = k.includes(q) || q.includes(k) ? 0 : editDistance(q, k) / Math.max(k.length, 1);
      return { v, score };
    })
    .filter((x) => x.score < 0.6)
    .sort((a, b) => a.score - b.score)
    .slice(0, max)
    .map((x) => x.v);
}

/**
 * Finds a view by name (ignoring case and accents) or by id (`#12` or `12`). The viewer's
 * own view wins over a team view of the same name; otherwise several matches are
 * ambiguous. Unknown names list the closest views in the error.
 */
export async function findView(
  db: Kysely<DB>,
  viewer: Viewer,
  nameOrId: string,
): Promise<SavedView> {
  const text = nameOrId.trim();
  if (!text) {
    throw new CarteiraError(
      'view_not_found',
      'Diga o nome da visão. Ex.: `/carteira ver Sem contratos no mês`.',
    );
  }
  // Only the matching rows are read (and validated); the whole list is loaded just to
  // suggest names when nothing matches.
  const visible = () => baseQuery(db).where(viewsVisibleTo(viewer, 'v'));
  const byName = (
    await visible()
      .where('v.name_key', '=', sql<string>`carteira_fold(${text.replace(/\s+/g, ' ')})`)
      .orderBy('v.id')
      .execute()
  ).map(toView);
  const own = byName.filter((v) => v.ownerId === viewer.id);
  if (own.length === 1) return own[0]!;
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) {
    const names = byName.map((v) => `“${v.name}” (#${v.id}, de ${v.ownerName ?? 'Carteira'})`);
    throw new CarteiraError(
      'view_ambiguous',
      `Há ${byName.length} visões com esse nome: ${names.join('; ')}. Use o número, ex.: \`#${byName[0]!.id}\`.`,
      { candidates: byName },
    );
  }
  const idMatch = /^#?(\d{1,9})$/.exec(text);
  if (idMatch) {
    const v = await visible().where('v.id', '=', Number(idMatch[1])).executeTakeFirst();
    if (v) return toView(v);
  }
  const near = closestViews(await listViews(db, viewer), text);
  const hint = near.length
    ? ` Você quis dizer: ${near.map((v) => `“${v.name}”`).join(', ')}?`
    : ' Use `/carteira visoes` para ver a lista.';
  throw new CarteiraError(
    'view_not_found',
    `Não encontrei a visão “${text.slice(0, 80)}”.${hint}`,
    {
      candidates: near,
    },
  );
}

export interface ViewInput {
  name: string;
  description?: string | null;
  visibility: Visibility;
  definition: unknown;
}

/** A view's name and description, as people type them (spaces collapsed, trimmed). */
const viewTextSchema = z.object({
  name: z
    .string()
    .transform((v) => v.replace(/\s+/g, ' ').trim())
    .check((ctx) => {
      if (ctx.value.length === 0)
        ctx.issues.push({ code: 'custom', message: 'Dê um nome à visão.', input: ctx.value });
      else if (ctx.value.length > VIEW_NAME_MAX)
        ctx.issues.push({
          code: 'custom',
          message: `O nome tem ${ctx.value.length} caracteres; o máximo é ${VIEW_NAME_MAX}.`,
          input: ctx.value,
        });
    }),
  description: z
    .string()
    .nullable()
    .optional()
    .transform((v) => v?.trim() || null)
    .check((ctx) => {
      if (ctx.value && ctx.value.length > VIEW_DESCRIPTION_MAX)
        ctx.issues.push({
          code: 'custom',
          message: `A descrição tem ${ctx.value.length} caracteres; o máximo é ${VIEW_DESCRIPTION_MAX}.`,
          input: ctx.value,
        });
    }),
});

export const VIEW_NAME_MAX = 80;
export const VIEW_DESCRIPTION_MAX = 500;

/**
 * Every problem of a view as typed — name, description and definition — each with its
 * path (`['name']`, `['definition', 'filters', 'period', 'to']`…). The builder places them
 * on its blocks; other callers get the first one as an error.
 */
export function viewInputIssues(input: ViewInput): DefinitionIssue[] {
  const text = viewTextSchema.safeParse({ name: input.name, description: input.description });
  const textIssues = text.success
    ? []
    : text.error.issues.map((i) => ({
        path: i.path.filter((p) => typeof p !== 'symbol'),
        message: i.message,
      }));
  return [...textIssues, ...definitionIssues(input.definition, ['definition'])];
}

function cleanInput(input: ViewInput): {
  name: string;
  description: string | null;
  definition: ViewDefinition;
} {
  const text = viewTextSchema.safeParse({ name: input.name, description: input.description });
  if (!text.success) throw new CarteiraError('invalid_input', text.error.issues[0]!.message);
  return { ...text.data, definition: parseDefinition(input.definition) };
}

/**
 * Runs a write that may collide with the unique (owner, folded name) index and turns the
 * collision into the Portuguese answer. The index is the one rule (no check-then-write
 * race); starter views, which have no owner, are covered by the same index.
 */
async function uniqueName<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (String((e as { code?: string }).code) === '23505') {
      throw new CarteiraError(
        'view_name_taken',
        `Você já tem uma visão chamada “${name}”. Escolha outro nome ou atualize a existente.`,
      );
    }
    throw e;
  }
}

/** Saves a new view owned by `owner` ("Salvar Visão", or "criar uma nova" when editing). */
export async function createView(
  db: Kysely<DB>,
  owner: Viewer,
  input: ViewInput,
): Promise<SavedView> {
  const { name, description, definition } = cleanInput(input);
  const r = await uniqueName(name, () =>
    db
      .insertInto('saved_views')
      .values({
        owner_id: owner.id,
        name,
        name_key: sql<string>`carteira_fold(${name})`,
        description,
        visibility: input.visibility,
        definition: JSON.stringify(definition),
        definition_version: DEFINITION_VERSION,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return getView(db, owner, r.id);
}

/** Updates a view in place ("atualizar a visão atual"). */
export async function updateView(
  db: Kysely<DB>,
  viewer: Viewer,
  id: number,
  input: ViewInput,
): Promise<SavedView> {
  const current = await getView(db, viewer, id);
  if (!canEditView(viewer, current)) {
    throw new CarteiraError(
      'forbidden',
      `A visão “${current.name}” é de ${current.ownerName ?? 'Carteira'}; salve uma cópia como nova visão.`,
    );
  }
  const { name, description, definition } = cleanInput(input);
  await uniqueName(name, () =>
    db
      .updateTable('saved_views')
      .set({
        name,
        name_key: sql<string>`carteira_fold(${name})`,
        description,
        visibility: input.visibility,
        definition: JSON.stringify(definition),
        definition_version: DEFINITION_VERSION,
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', id)
      .execute(),
  );
  return getView(db, viewer, id);
}

export async function deleteView(db: Kysely<DB>, viewer: Viewer, id: number): Promise<SavedView> {
  const current = await getView(db, viewer, id);
  if (!canEditView(viewer, current)) {
    throw new CarteiraError(
      'forbidden',
      current.ownerName
        ? `Só ${current.ownerName} ou um administrador pode excluir a visão “${current.name}”.`
        : `Só um administrador pode excluir a visão “${current.name}”.`,
    );
  }
  await db.deleteFrom('saved_views').where('id', '=', id).execute();
  return current;
}
