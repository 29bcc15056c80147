import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import { buildFixture, type Built } from '../../support/fixtures.js';
import { PORTFOLIO } from '../portfolio/portfolio-fixture.js';
import {
  createView,
  deleteView,
  findView,
  listViews,
  updateView,
} from '../../../src/core/views/views.js';
import type { Viewer } from '../../../src/core/portfolio/viewer.js';

let t: TestDatabase;
let fx: Built;
let vend1: Viewer;
let vend2: Viewer;
let admin: Viewer;

beforeAll(async () => {
  t = await createTestDatabase();
  fx = await buildFixture(t.database, PORTFOLIO);
  vend1 = await fx.viewer('vend1@carteira.test');
  vend2 = await fx.viewer('vend2@carteira.test');
  admin = await fx.viewer('admin@carteira.test');
});
afterAll(() => t.drop());

const def = { columns: ['project', 'client'] };

describe('saved views', () => {
  it('the four starter views are team views everyone lists, in the order they were added', async () => {
    const names = (await listViews(t.database.db, vend2)).map((v) => v.name);
    expect(names).toEqual([
      'Sem contratos no mês',
      'Com contratos no mês',
      'Situação dos contratos',
      'Metas do mês',
    ]);
  });

  it('private views are seen only by their owner; team views by everyone', async () => {
    await createView(t.database.db, vend1, {
      name: 'Minhas cozinhas',
      visibility: 'private',
      definition: def,
    });
    await createView(t.database.db, vend1, {
      name: 'Da equipe',
      visibility: 'team',
      definition: def,
    });
    const v2 = (await listViews(t.database.db, vend2)).map((v) => v.name);
    expect(v2).toContain('Da equipe');
    expect(v2).not.toContain('Minhas cozinhas');
    await expect(findView(t.database.db, vend2, 'minhas cozinhas')).rejects.toMatchObject({
      code: 'view_not_found',
    });
    expect((await findView(t.database.db, vend1, 'MINHAS COZINHAS')).name).toBe('Minhas cozinhas');
  });

  it('finds by name ignoring case and accents, or by #id, and suggests close names', async () => {
    expect((await findView(t.database.db, vend2, 'situacao DOS contratos')).name).toBe(
      'Situação dos contratos',
    );
    const v = await findView(t.database.db, vend2, 'Sem contratos no mês');
    expect((await findView(t.database.db, vend2, `#${v.id}`)).id).toBe(v.id);
    await expect(findView(t.database.db, vend2, 'sem contrato no mes')).rejects.toThrow(
      /Você quis dizer: “Sem contratos no mês”/,
    );
  });

  it('names are unique per owner, not across owners', async () => {
    await expect(
      createView(t.database.db, vend1, {
        name: 'minhas COZINHAS',
        visibility: 'private',
        definition: def,
      }),
    ).rejects.toMatchObject({ code: 'view_name_taken' });
    const other = await createView(t.database.db, vend2, {
      name: 'Minhas cozinhas',
      visibility: 'team',
      definition: def,
    });
    expect(other.ownerId).toBe(vend2.id);
    // vend1 has a private one with that name and vend2 a team one: vend1 gets their own.
    expect((await findView(t.database.db, vend1, 'minhas cozinhas')).ownerId).toBe(vend1.id);
  });

  it('renaming onto a name the owner already uses is refused in Portuguese, even for a starter view', async () => {
    const a = await createView(t.database.db, vend1, {
      name: 'Renomear A',
      visibility: 'private',
      definition: def,
    });
    await createView(t.database.db, vend1, {
      name: 'Renomear B',
      visibility: 'private',
      definition: def,
    });
    await expect(
      updateView(t.database.db, vend1, a.id, {
        name: 'renomear b',
        visibility: 'private',
        definition: def,
      }),
    ).rejects.toMatchObject({ code: 'view_name_taken' });
    const starter = await findView(t.database.db, admin, 'Sem contratos no mês');
    await expect(
      updateView(t.database.db, admin, starter.id, {
        name: 'Com contratos no mês',
        visibility: 'team',
        definition: starter.definition,
      }),
    ).rejects.toMatchObject({ code: 'view_name_taken' });
    expect((await findView(t.database.db, admin, `#${starter.id}`)).name).toBe(
      'Sem contratos no mês',
    );
  });

  it('two team views with one name are ambiguous for a third person', async () => {
    await createView(t.database.db, vend1, {
      name: 'Carteira fria',
      visibility: 'team',
      definition: def,
    });
    await createView(t.database.db, vend2, {
      name: 'Carteira fria',
      visibility: 'team',
      definition: def,
    });
    await expect(findView(t.database.db, admin, 'carteira fria')).rejects.toMatchObject({
      code: 'view_ambiguous',
    });
  });

  it('updates in place or saves as new; only the owner (or an admin for team views) may change', async () => {
    const v = await createView(t.database.db, vend1, {
      name: 'Para editar',
      visibility: 'private',
      definition: def,
    });
    const u = await updateView(t.database.db, vend1, v.id, {
      name: 'Editada',
      description: 'nova',
      visibility: 'team',
      definition: { columns: ['project'] },
    });
    expect(u).toMatchObject({ id: v.id, name: 'Editada', description: 'nova', visibility: 'team' });
    expect(u.definition.columns).toEqual(['project']);
    await expect(
      updateView(t.database.db, vend2, v.id, { name: 'X', visibility: 'team', definition: def }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const copy = await createView(t.database.db, vend2, {
      name: 'Editada',
      visibility: 'private',
      definition: u.definition,
    });
    expect(copy.id).not.toBe(v.id);
    await expect(deleteView(t.database.db, vend2, v.id)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await deleteView(t.database.db, vend1, v.id);
    await expect(findView(t.database.db, vend1, `#${v.id}`)).rejects.toMatchObject({
      code: 'view_not_found',
    });
  });

  it('rejects invalid definitions and names without changing anything', async () => {
    const before = (await listViews(t.database.db, vend1)).length;
    await expect(
      createView(t.database.db, vend1, { name: '   ', visibility: 'private', definition: def }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      createView(t.database.db, vend1, {
        name: 'x'.repeat(81),
        visibility: 'private',
        definition: def,
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      createView(t.database.db, vend1, {
        name: 'Ruim',
        visibility: 'private',
        definition: { columns: ['nope'] },
      }),
    ).rejects.toMatchObject({ code: 'invalid_definition' });
    expect((await listViews(t.database.db, vend1)).length).toBe(before);
  });
});
