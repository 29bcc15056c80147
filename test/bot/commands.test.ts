/**
 * `/carteira` end to end: signed slash commands reach the real bot, answers reach the fake
 * Slack's response_url. Rows are compared with what the core query returns for the same user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { NOT_LINKED_TEXT } from '../../src/bot/identity.js';
import { texts } from '../../src/bot/texts.js';
import {
  AS_OF,
  CH,
  U,
  allText,
  expectValidMessage,
  startHarness,
  tableProjects,
  type Harness,
} from './harness.js';

const STARTERS = [
  'Sem contratos no mês',
  'Com contratos no mês',
  'Situação dos contratos',
] as const;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function answer(user: string, text: string, opts = {}) {
  const { res, responseUrl, ackMs } = await h.command(user, text, opts);
  expect(res.status).toBe(200);
  expect(res.body).toBe(''); // an empty ack: the answer goes through the response_url
  const [first] = await h.responses(responseUrl);
  expectValidMessage(first!.body);
  return { body: first!.body, response: first!, ackMs };
}

describe('help', () => {
  it('answers a bare /carteira, `ajuda` and an unknown word with the help, privately', async () => {
    for (const text of ['', 'ajuda', 'AJUDA', 'xyzzy']) {
      const { response } = await answer(U.vend1, text);
      expect(response.response_type).toBe('ephemeral');
      const all = allText(response.body);
      for (const sub of [
        'visoes',
        'ver <visão>',
        'nova',
        'editar',
        'excluir',
        'assinar',
        'assinaturas',
        'vincular',
        'eu',
      ]) {
        expect(all).toContain(`/carteira ${sub}`);
      }
      if (text === 'xyzzy') expect(all).toContain('Não conheço o comando “xyzzy”');
    }
  });
});

describe('visoes', () => {
  it('lists my views and the team’s with Ver · PDF · Editar · Assinar on each', async () => {
    const { body } = await answer(U.vend1, 'visões');
    const blocks = body.blocks as {
      type: string;
      elements?: { action_id: string; value: string }[];
    }[];
    const rows = blocks.filter(
      (b) => b.type === 'actions' && b.elements?.some((e) => e.action_id === 'view_run'),
    );
    // The three starter views over projects, then "Metas do mês" (fixed: no Editar).
    expect(rows).toHaveLength(4);
    for (const row of rows.slice(0, 3)) {
      expect(row.elements!.map((e) => e.action_id)).toEqual([
        'view_run',
        'report_pdf',
        'view_edit',
        'view_subscribe',
      ]);
      expect(row.elements![0]!.value).toMatch(/^\d+$/); // only the view id
    }
    expect(rows[3]!.elements!.map((e) => e.action_id)).toEqual([
      'view_run',
      'report_pdf',
      'view_subscribe',
    ]);
    for (const name of [...STARTERS, 'Metas do mês']) expect(allText(body)).toContain(name);
  });
});

describe('ver', () => {
  const roles = ['admin', 'gerenteSp', 'gerenteMao', 'sup', 'vend1', 'vend2', 'vman'] as const;

  it.each(STARTERS)(
    'runs “%s” with each user’s rights: the rows are the core query’s',
    async (name) => {
      for (const role of roles) {
        const view = await h.view(role, name);
        const expected = await h.expected(role, view);
        const { body, response } = await answer(U[role], `ver ${name}`);
        expect(response.response_type).toBe('ephemeral');
        expect(tableProjects(body), `${role} / ${name}`).toEqual(expected.projects);
        const count = `${expected.count} ${expected.count === 1 ? 'projeto' : 'projetos'}`;
        expect(allText(body)).toContain(count);
        if (expected.count > 0) {
          const actions = (
            body.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]
          ).find((b) => b.type === 'actions');
          expect(actions!.elements!.map((e) => e.action_id)).toEqual([
            'report_pdf',
            'report_csv',
            'report_xlsx',
            'report_chart', // every starter view has a chart (migration 0005)
            'view_edit',
            'view_subscribe',
          ]);
          expect(new Set(actions!.elements!.map((e) => e.value))).toEqual(
            new Set([String(view.id)]),
          );
        }
      }
    },
  );

  it('knows the fixture: a vendedor sees only their own (and subordinates’) projects', async () => {
    const { body } = await answer(U.vend2, 'ver sem contratos no mes');
    expect(tableProjects(body)).toEqual(['P-03']);
    const { body: boss } = await answer(U.vend1, 'ver Sem Contratos No Mês');
    expect(tableProjects(boss).sort()).toEqual(['P-01', 'P-03']);
    const { body: admin } = await answer(U.admin, 'VER sem contratos no mês');
    expect(tableProjects(admin).sort()).toEqual(['P-01', 'P-03', 'P-10']);
  });

  it('shows the resolved period in dd/mm/aaaa and who the rows are for', async () => {
    const { body } = await answer(U.vend2, 'ver Sem contratos no mês');
    const all = allText(body);
    expect(all).toContain('01/11/2026 a 30/11/2026');
    expect(all).toContain('apenas a própria carteira');
    expect(AS_OF).toBe('2026-11-27');
  });

  it('accepts the view number', async () => {
    const view = await h.view('vend1', 'Com contratos no mês');
    const { body } = await answer(U.vend1, `ver #${view.id}`);
    expect(allText(body)).toContain('Com contratos no mês');
  });

  it('posts for the whole channel with `canal`', async () => {
    const { response } = await answer(U.gerenteSp, 'ver Situação dos contratos canal');
    expect(response.response_type).toBe('in_channel');
    expect(tableProjects(response.body).length).toBeGreaterThan(0);
  });

  it('suggests the closest views for an unknown name', async () => {
    const { body } = await answer(U.vend1, 'ver sem contrato mes');
    expect(body.text).toContain('Não encontrei a visão');
    expect(body.text).toContain('Sem contratos no mês');
  });

  it('asks for a name when there is none', async () => {
    const { body } = await answer(U.vend1, 'ver');
    expect(body.text).toContain('Diga o nome da visão');
  });
});

describe('table styles Slack refuses on the response_url', () => {
  it('falls back data_table → table → monospace text, remembers it, and the rows stay the same', async () => {
    const { processTableSupport } = await import('../../src/core/render/table-fallback.js');
    processTableSupport.reset();
    try {
      const first = await answer(U.gerenteSp, 'ver Situação dos contratos');
      const projects = tableProjects(first.body);
      expect(JSON.stringify(first.body.blocks)).toContain('"data_table"');

      h.fake.refuse('response_url', 'data_table');
      const second = await answer(U.gerenteSp, 'ver Situação dos contratos');
      expect(second.body.attachments).toBeDefined();
      expect(JSON.stringify(second.body)).not.toContain('"data_table"');
      expect(tableProjects(second.body)).toEqual(projects);

      h.fake.refuse('response_url', 'table');
      const third = await answer(U.gerenteSp, 'ver Situação dos contratos');
      expect(JSON.stringify(third.body)).not.toMatch(/"(data_)?table"/);
      expect(tableProjects(third.body)).toEqual(projects);

      // Remembered: the next reply goes straight to text (one post, no refused attempt).
      const before = h.fake.calls.filter((c) => c.method === 'response_url').length;
      await answer(U.gerenteSp, 'ver Situação dos contratos');
      const posts = h.fake.calls.filter((c) => c.method === 'response_url').slice(before);
      expect(posts.map((c) => c.status)).toEqual([200]);
    } finally {
      processTableSupport.reset();
      h.fake.clearRefusals();
    }
  });
});

describe('a refusal that is not of the table', () => {
  it('is not answered by a silently different table: the user is told it failed, nothing is remembered', async () => {
    const { processTableSupport } = await import('../../src/core/render/table-fallback.js');
    processTableSupport.reset();
    h.fake.refuse('response_url', 'actions'); // the report's buttons, not its table
    try {
      const before = h.fake.calls.filter((c) => c.method === 'response_url').length;
      const { body } = await answer(U.gerenteSp, 'ver Situação dos contratos');
      const posts = h.fake.calls.filter((c) => c.method === 'response_url').slice(before);
      // One refused report (data_table), then the Portuguese apology — no table, no text table.
      expect(posts.map((c) => c.status)).toEqual([400, 200]);
      expect(JSON.stringify(posts[0]!.args)).toContain('"data_table"');
      expect(body.text).toBe(texts.generic.unexpected);
      expect(JSON.stringify(body)).not.toMatch(/"(data_)?table"|```/);
      expect(processTableSupport.styleFor('response_url')).toBe('data_table');
    } finally {
      processTableSupport.reset();
      h.fake.clearRefusals();
    }
  });
});

describe('garbage in the command text', () => {
  const garbage = [
    'ver ' + 'x'.repeat(3900),
    'ver 🙂🙃🤡 visão',
    "ver '; DROP TABLE saved_views; --",
    'ver Robert"); DELETE FROM projects; --',
    'editar 31/02/2026',
    'excluir #999999999',
    'excluir 0',
    'ver <script>alert(1)</script>',
    'vincular <@U0000|x> não-é-email',
    '\u0000\u0001 ver',
  ];

  it('answers in Portuguese and changes nothing', async () => {
    const count = async () => {
      const r = await sql<{ v: number; p: number; s: number }>`
        SELECT (SELECT count(*) FROM saved_views)::int AS v, (SELECT count(*) FROM projects)::int AS p,
               (SELECT count(*) FROM salespeople WHERE slack_user_id IS NOT NULL)::int AS s`.execute(
        h.db,
      );
      return r.rows[0];
    };
    const before = await count();
    const files = h.fake.files().length;
    for (const text of garbage) {
      const { body } = await answer(U.gerenteSp, text);
      if (process.env.SHOW) console.log(text.slice(0, 40), '→', body.text);
      expect(typeof body.text).toBe('string');
      expect(String(body.text)).toMatch(/[ãçéêíóúõ]|Não|Diga|Use|Pronto|visão|Ajuda/i);
      expect(String(body.text)).not.toMatch(/error|undefined|exception|stack/i);
      expect(String(body.text).length).toBeLessThan(1500);
    }
    expect(await count()).toEqual(before);
    expect(h.fake.views()).toEqual([]);
    expect(h.fake.files()).toHaveLength(files);
  });
});

describe('who is who', () => {
  it('tells an unlinked user how to get linked and shows no data, whatever they ask', async () => {
    const files = h.fake.files().length;
    for (const text of [
      'visoes',
      'ver Sem contratos no mês',
      'ver Sem contratos no mês pdf',
      'eu',
      'nova',
      'excluir x',
    ]) {
      const { body } = await answer(U.stranger, text, { trigger: true });
      expect(body.text).toBe(NOT_LINKED_TEXT);
      expect(body.blocks).toBeUndefined();
    }
    expect(h.fake.files()).toHaveLength(files);
    expect(h.fake.views()).toEqual([]);
    // users.info is Tier 4 (100 a minute): the profile is asked once, then remembered.
    const asked = h.fake.calls.filter(
      (c) => c.method === 'users.info' && c.args.user === U.stranger,
    );
    expect(asked).toHaveLength(1);
  });

  it('links a user on first use when their Slack e-mail matches a salesperson', async () => {
    const before = await h.db
      .selectFrom('salespeople')
      .select('slack_user_id')
      .where('email', '=', 'vend3@carteira.test')
      .executeTakeFirstOrThrow();
    expect(before.slack_user_id).toBeNull();
    const { body } = await answer(U.vend3, 'eu');
    expect(body.text).toContain('Vânia Três');
    expect(body.text).toContain('vendedor');
    expect(body.text).toContain('apenas a própria carteira');
    const after = await h.db
      .selectFrom('salespeople')
      .select('slack_user_id')
      .where('email', '=', 'vend3@carteira.test')
      .executeTakeFirstOrThrow();
    expect(after.slack_user_id).toBe(U.vend3);
    expect(h.fake.calls.some((c) => c.method === 'users.info' && c.args.user === U.vend3)).toBe(
      true,
    );
  });

  it('`eu` shows a gerente their store scope', async () => {
    const { body } = await answer(U.gerenteMao, 'eu');
    expect(body.text).toContain('Márcia Gerente');
    expect(body.text).toContain('apenas a loja Loja Manaus');
    expect(body.text).toContain('America/Manaus');
  });
});

describe('commands typed in other places', () => {
  it('works in a DM with the bot and in a channel the bot is not in (response_url needs no membership)', async () => {
    for (const channel of ['D0VEND10001', CH.geral, CH.diretoria]) {
      const { body } = await answer(U.vend1, 'ver Sem contratos no mês', { channel });
      expect(tableProjects(body).sort()).toEqual(['P-01', 'P-03']);
    }
  });
});
