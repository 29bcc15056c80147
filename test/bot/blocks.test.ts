/**
 * The bot's Block Kit builders under stress (many views, long names, emoji, 100+ people,
 * stores and statuses): every payload stays within Slack's limits. Pure, no database.
 */
import { describe, expect, it } from 'vitest';
import { helpMessage } from '../../src/bot/commands/help.js';
import { viewsListMessage } from '../../src/bot/commands/list-views.js';
import { parseCommand, parseRunArgs } from '../../src/bot/commands/parse.js';
import { parseLinkArgs } from '../../src/bot/commands/link-user.js';
import { homeView } from '../../src/bot/home/home-view.js';
import type { BuilderCatalog } from '../../src/bot/modals/builder-catalog.js';
import {
  blankForm,
  emptyForm,
  formFromState,
  errorTargets,
  formFromView,
  placeErrors,
  validateForm,
  type BuilderForm,
} from '../../src/bot/modals/builder-form.js';
import { decodeMetadata, encodeMetadata } from '../../src/bot/modals/builder-metadata.js';
import { builderModal } from '../../src/bot/modals/builder-view.js';
import { copyName } from '../../src/bot/modals/open-builder.js';
import { savedMessage } from '../../src/bot/modals/submit-builder.js';
import { MemoryReplayGuard } from '../../src/bot/server/replay-guard.js';
import { parseDefinition } from '../../src/core/portfolio/definition.js';
import type { Viewer } from '../../src/core/portfolio/viewer.js';
import {
  SLACK_LIMITS,
  validateMessage,
  validateModal,
} from '../../src/core/render/slack-limits.js';
import type { SavedView } from '../../src/core/views/views.js';
import { checkView, checkViewErrors } from '../fake-slack/index.js';
import { withGeneratedIds } from '../fake-slack/rules.js';

const viewer: Viewer = {
  id: 1,
  name: 'Ana 🙂 <Souza> & Cia',
  email: 'ana@loja.test',
  role: 'admin',
  storeId: 1,
  storeName: 'Loja *Centro*',
  timezone: 'America/Sao_Paulo',
};

const LONG = 'Visão com um nome bem comprido 🙂🙃 & <tags> *negrito* '.repeat(3).slice(0, 80);

function view(id: number, ownerId: number | null, extra: Partial<SavedView> = {}): SavedView {
  return {
    id,
    ownerId,
    ownerName: ownerId ? 'Dono ' + '🙂'.repeat(40) : null,
    name: `${LONG.slice(0, 70)} ${id}`,
    description: 'd'.repeat(500),
    visibility: 'team',
    isStarter: ownerId === null,
    definition: parseDefinition({ columns: ['project', 'client'] }),
    createdAt: new Date(),
    updatedAt: new Date(),
    ...extra,
  };
}

const bigCatalog: BuilderCatalog = {
  people: Array.from({ length: 100 }, (_v, i) => ({
    id: i + 1,
    name: `Pessoa ${'🙂'.repeat(50)} ${i}`,
    slackUserId: `U${i}`,
  })),
  peopleInput: 'static',
  stores: Array.from({ length: 100 }, (_v, i) => ({
    id: i + 1,
    name: `Loja ${'x'.repeat(120)} ${i}`,
  })),
  closingStatuses: Array.from(
    { length: 100 },
    (_v, i) => `${'S'.repeat(95)}${String(i).padStart(3, '0')}`,
  ),
};

function fullForm(): BuilderForm {
  return {
    ...emptyForm(),
    situationMode: 'custom',
    situationIds: ['sem_contrato', 'pedido'],
    periodMode: 'fixed',
    periodFrom: '2026-01-01',
    periodTo: '2026-12-31',
    responsibleMode: 'list',
    people: bigCatalog.people.map((p) => String(p.id)),
    stores: ['1', '2'],
    closingStatuses: ['Fora do catálogo', bigCatalog.closingStatuses![5]!],
    search: 's'.repeat(100),
    name: LONG,
    description: 'd'.repeat(500),
  };
}

describe('builder modal', () => {
  it('stays within Slack’s limits in every mode, with 100 people, stores and statuses', () => {
    const meta = { mode: 'edit' as const, viewId: 123456789, channelId: 'C0123456789' };
    for (const form of [
      emptyForm(),
      fullForm(),
      { ...fullForm(), periodMode: 'relative' },
      { ...fullForm(), responsibleMode: 'me' },
    ]) {
      for (const catalog of [
        bigCatalog,
        { ...bigCatalog, peopleInput: 'slack_users' as const, closingStatuses: null },
      ]) {
        for (const editing of [
          undefined,
          { name: LONG, ownerName: LONG, canUpdate: true },
          { name: LONG, ownerName: null, canUpdate: false },
        ]) {
          const modal = builderModal({ form, catalog, metadata: meta, editing });
          expect(validateModal(modal)).toEqual([]);
          expect(String(modal.private_metadata).length).toBeLessThan(100);
        }
      }
    }
  });

  it('opens on an empty catalog (only stores and people): a sentence instead of an empty menu', () => {
    const meta = { mode: 'new' as const, viewId: null, channelId: 'C0123456789' };
    const empty: BuilderCatalog = {
      people: [],
      peopleInput: 'static',
      stores: [
        { id: 1, name: 'Centro' },
        { id: 2, name: 'Norte' },
      ],
      closingStatuses: [],
    };
    for (const form of [emptyForm(), { ...emptyForm(), responsibleMode: 'list' as const }]) {
      const modal = builderModal({ form, catalog: empty, metadata: meta });
      expect(checkView(modal, 'modal')).toEqual([]);
      const text = JSON.stringify(modal.blocks);
      expect(text).toContain('nenhum projeto usa status de fechamento ainda');
    }
    const listing = builderModal({
      form: { ...emptyForm(), responsibleMode: 'list' },
      catalog: empty,
      metadata: meta,
    });
    expect(JSON.stringify(listing.blocks)).toContain('ainda não há vendedores que você possa ver');
  });

  it('an empty "Escolher pessoas" catalog answers its error on an input block of the modal', () => {
    const meta = { mode: 'new' as const, viewId: null, channelId: 'C0123456789' };
    const empty: BuilderCatalog = {
      people: [],
      peopleInput: 'static',
      stores: [
        { id: 1, name: 'Centro' },
        { id: 2, name: 'Norte' },
      ],
      closingStatuses: [],
    };
    const modal = builderModal({
      form: { ...emptyForm(), responsibleMode: 'list' },
      catalog: empty,
      metadata: meta,
    });
    // As Slack stores it: every block gets a block_id (the sentence's context block too).
    const stored = { ...modal, blocks: withGeneratedIds(modal.blocks, () => 'gerado') };
    const form = { ...emptyForm(), name: 'Minha equipe', responsibleMode: 'list' as const };
    const checked = validateForm(form, {
      viewer,
      catalog: empty,
      original: null,
      canUpdate: false,
    });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    const errors = placeErrors(checked.errors, errorTargets(stored.blocks as never));
    expect(checkViewErrors(stored, { response_action: 'errors', errors })).toEqual([]);
    expect(Object.keys(errors)).toEqual(['responsible_mode']);
    expect(errors.responsible_mode).toMatch(/não há vendedores.*Escolha outra opção/);
  });

  it('shows a view’s statuses even when the catalog has 100 others', () => {
    const modal = builderModal({
      form: fullForm(),
      catalog: bigCatalog,
      metadata: { mode: 'new', viewId: null, channelId: null },
    });
    const block = modal.blocks.find((b) => b.block_id === 'closing_statuses') as unknown as {
      element: { options: { value: string }[]; initial_options: { value: string }[] };
    };
    expect(block.element.options).toHaveLength(100);
    expect(block.element.initial_options.map((o) => o.value)).toEqual(
      expect.arrayContaining(['Fora do catálogo']),
    );
  });

  it('round-trips a saved view through the form unchanged', () => {
    const def = parseDefinition({
      filters: {
        situations: { mode: 'custom', ids: ['pedido', 'entrega'] },
        period: { mode: 'fixed', field: 'closing_forecast', from: '2026-01-01', to: '2026-03-31' },
        responsible: { mode: 'list', salespersonIds: [2, 3], includeSubordinates: true },
        storeIds: [1],
        closingStatuses: [bigCatalog.closingStatuses![1]!],
        probableSale: false,
        search: 'Silva',
        specifierIds: [7],
      },
      columns: ['client', 'project', 'contract_value'],
      sort: [
        { column: 'contract_value', direction: 'desc' },
        { column: 'client', direction: 'asc' },
      ],
      groupBy: 'salesperson',
    });
    const original = view(9, 1, { definition: def, visibility: 'private', description: 'x' });
    const form = formFromView(original, bigCatalog);
    const checked = validateForm(form, { viewer, catalog: bigCatalog, original, canUpdate: true });
    expect(checked.ok).toBe(true);
    if (checked.ok) expect(parseDefinition(checked.value.definition)).toEqual(def);
  });

  it('reads a submission in the order the columns were picked and treats missing inputs as empty', () => {
    const form = formFromState(
      {
        columns: {
          columns: {
            type: 'multi_static_select',
            selected_options: [{ value: 'contract_value' }, { value: 'project' }],
          },
        },
      },
      blankForm(),
    );
    expect(form.columns).toEqual(['contract_value', 'project']);
    const checked = validateForm(form, {
      viewer,
      catalog: bigCatalog,
      original: null,
      canUpdate: false,
    });
    expect(checked.ok).toBe(false);
    if (!checked.ok)
      expect(Object.keys(checked.errors).sort()).toEqual(
        [
          'name',
          'period_mode',
          'probable_sale',
          'responsible_mode',
          'situation_mode',
          'visibility',
        ].sort(),
      );
  });

  it('survives garbage state of any shape', () => {
    for (const raw of [
      null,
      42,
      'x',
      [],
      { name: null },
      { name: { name: { value: 7 } } },
      { columns: { columns: { selected_options: 'x' } } },
    ]) {
      const checked = validateForm(formFromState(raw, blankForm()), {
        viewer,
        catalog: bigCatalog,
        original: null,
        canUpdate: false,
      });
      expect(checked.ok).toBe(false);
    }
  });

  it('copy names stay within 80 characters', () => {
    expect(copyName('Sem contratos no mês')).toBe('Sem contratos no mês (cópia)');
    expect(copyName('n'.repeat(80)).length).toBeLessThanOrEqual(80);
  });

  it('private_metadata is only ids, and anything else is refused', () => {
    const m = { mode: 'edit' as const, viewId: 5, channelId: 'C123' };
    expect(decodeMetadata(encodeMetadata(m))).toEqual(m);
    for (const bad of [
      '',
      'x',
      '{}',
      '{"m":"edit"}',
      '{"m":"edit","v":-1}',
      '{"m":"new","c":"<script>"}',
      '9'.repeat(300),
    ]) {
      const d = decodeMetadata(bad);
      if (d) expect(d.channelId).toBeNull();
      else expect(d).toBeNull();
    }
  });
});

describe('messages and App Home', () => {
  it('a list of 60 long-named views fits one message, saying how many were left out', () => {
    const views = Array.from({ length: 60 }, (_v, i) => view(i + 1, i % 2 ? 1 : 2));
    const msg = viewsListMessage(views, viewer);
    expect(validateMessage(msg)).toEqual([]);
    expect(msg.blocks!.length).toBeLessThanOrEqual(SLACK_LIMITS.messageBlocks);
    expect(JSON.stringify(msg)).toMatch(/e mais \d+ visões/);
    expect(JSON.stringify(msg)).toContain('&lt;tags&gt;'); // data is escaped for mrkdwn
  });

  it('the Home with 120 views and a big subscriptions section stays within limits', () => {
    const views = Array.from({ length: 120 }, (_v, i) => view(i + 1, i % 3 ? 1 : null));
    const subs = Array.from({ length: 80 }, () => ({
      type: 'section' as const,
      text: { type: 'mrkdwn' as const, text: 'assinatura' },
    }));
    for (const s of [null, subs]) {
      const home = homeView(viewer, views, s);
      expect(validateModal(home)).toEqual([]);
    }
  });

  it('help and the save confirmation are valid', () => {
    expect(validateMessage(helpMessage())).toEqual([]);
    expect(validateMessage(helpMessage('🙂'.repeat(100)))).toEqual([]);
    expect(validateMessage(savedMessage(view(3, 1), 'copied'))).toEqual([]);
  });
});

describe('parsing', () => {
  it('reads subcommands without accents or case', () => {
    expect(parseCommand('  VISÕES ')).toMatchObject({ subcommand: 'list', rest: '' });
    expect(parseCommand('Ver  Sem contratos no mês pdf')).toMatchObject({
      subcommand: 'run',
      rest: 'Sem contratos no mês pdf',
    });
    expect(parseCommand('')).toMatchObject({ subcommand: 'help' });
    expect(parseCommand('blá')).toMatchObject({ subcommand: null, word: 'blá' });
  });

  it('reads `ver` flags from the end, literal names first', () => {
    expect(parseRunArgs('Sem contratos no mês PDF canal')).toEqual([
      { name: 'Sem contratos no mês PDF canal', format: null, inChannel: false },
      { name: 'Sem contratos no mês PDF', format: null, inChannel: true },
      { name: 'Sem contratos no mês', format: 'pdf', inChannel: true },
    ]);
    expect(parseRunArgs('"Relatório pdf" csv')).toEqual([
      { name: 'Relatório pdf', format: 'csv', inChannel: false },
    ]);
    expect(parseRunArgs('pdf')).toEqual([{ name: 'pdf', format: null, inChannel: false }]);
  });

  it('reads `vincular` mentions and e-mails as Slack escapes them', () => {
    expect(parseLinkArgs('<@U0ABC1234|ana> <mailto:Ana@Loja.com|Ana@Loja.com>')).toEqual({
      userId: 'U0ABC1234',
      email: 'ana@loja.com',
    });
    expect(parseLinkArgs('<@W0ABC1234> ana@loja.com')).toEqual({
      userId: 'W0ABC1234',
      email: 'ana@loja.com',
    });
    expect(parseLinkArgs('@ana ana@loja.com')).toEqual({ userId: null, email: 'ana@loja.com' });
  });
});

describe('replay guard', () => {
  it('sees a key once per window, then forgets it', () => {
    let now = 0;
    const guard = new MemoryReplayGuard(1000, 10, () => now);
    expect(guard.firstSeen('a')).toBe(true);
    expect(guard.firstSeen('a')).toBe(false);
    now = 1500;
    expect(guard.firstSeen('a')).toBe(true);
    for (let i = 0; i < 50; i++) guard.firstSeen(`k${i}`);
    expect(guard.size).toBeLessThanOrEqual(11);
  });
});
