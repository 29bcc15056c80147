/**
 * The operator commands: `carteira subscriptions list|create|trigger|pause|resume|delete`
 * and `carteira deliveries list`, run as the CLI runs them (a Config, stdout), against a
 * real database and a running worker. A second trigger of the same occurrence posts nothing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SUBSCRIPTION_COMMANDS } from '../../src/cli/subscription-commands.js';
import { CarteiraError } from '../../src/core/errors.js';
import {
  CHANNELS,
  createWorld,
  newPrefix,
  reportPosts,
  waitUntil,
  type World,
} from '../worker/support.js';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world?.stopWorkers();
});
afterAll(async () => {
  await world?.close();
});

async function run(...args: string[]): Promise<string> {
  const [command, ...rest] = args;
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    chunks.push(String(c));
    return true;
  });
  try {
    await SUBSCRIPTION_COMMANDS[command!]!.run(rest, world.config(newPrefix()), world.clock);
  } finally {
    spy.mockRestore();
  }
  return chunks.join('');
}

async function fails(...args: string[]): Promise<string> {
  try {
    await run(...args);
  } catch (e) {
    if (e instanceof CarteiraError) return e.message;
    throw e;
  }
  throw new Error('expected a CarteiraError');
}

describe('carteira subscriptions', () => {
  it('creates, lists, triggers once, and lists deliveries', async () => {
    const created = await run(
      'subscriptions',
      'create',
      '--view',
      'Sem contratos no mês',
      '--owner',
      'gerente@carteira.test',
      '--channel',
      CHANNELS.vendas,
      '--schedule',
      '0 8 * * 1',
      '--format',
      'table+csv',
    );
    expect(created).toMatch(
      /Assinatura #(\d+) criada: “Sem contratos no mês” — Toda segunda-feira às 08:00, no canal C0VENDAS001, em Tabela \+ CSV/,
    );
    const id = /#(\d+)/.exec(created)![1]!;
    expect(created).toContain('Próximos envios: seg., 30/11/2026 08:00');

    const list = JSON.parse(await run('subscriptions', 'list', '--format', 'json')) as {
      id: string;
      cron: string;
      owner: { email: string };
    }[];
    expect(list.find((s) => s.id === id)).toMatchObject({
      cron: '0 8 * * 1',
      owner: { email: 'gerente@carteira.test' },
    });
    expect(await run('subscriptions', 'list')).toContain(`#${id}`);

    const worker = await world.worker();
    const first = await run('subscriptions', 'trigger', id, '--occurrence', '2026-11-30T08:00');
    expect(first).toContain('enfileirada');
    const second = await run('subscriptions', 'trigger', id, '--occurrence', '2026-11-30T08:00');
    expect(second).toContain('já está registrada');
    const rows = await waitUntil(async () => {
      const d = JSON.parse(
        await run('deliveries', 'list', '--subscription', id, '--format', 'json'),
      ) as { status: string; slackTs: string | null; slackFileId: string | null }[];
      return d.length === 1 && d[0]!.status === 'sent' && d;
    });
    expect(rows[0]!.slackTs).toBeTruthy();
    expect(rows[0]!.slackFileId).toBeTruthy();
    await worker.reconcile();
    await new Promise((r) => setTimeout(r, 300));
    expect(
      reportPosts(world.fake, CHANNELS.vendas).filter((m) => m.ts === rows[0]!.slackTs),
    ).toHaveLength(1);
    expect(reportPosts(world.fake, CHANNELS.vendas)).toHaveLength(1);
    expect(await run('deliveries', 'list')).toContain(`assinatura #${id}`);

    expect(await run('subscriptions', 'pause', id)).toContain('pausada');
    expect(await run('subscriptions', 'resume', id)).toContain('retomada');
    expect(await run('subscriptions', 'delete', id)).toContain('excluída');
  });

  it('creates fan-out and DM subscriptions; refuses what the owner may not do, in Portuguese', async () => {
    const fan = await run(
      'subscriptions',
      'create',
      '--view',
      'Sem contratos no mês',
      '--owner',
      'gerente@carteira.test',
      '--each-salesperson',
      '--schedule',
      '30 7 * * 1-5',
      '--skip-empty',
    );
    expect(fan).toContain('para cada responsável, em privado');
    expect(fan).toContain('não envia se vazio');
    const dm = await run(
      'subscriptions',
      'create',
      '--view',
      'Sem contratos no mês',
      '--owner',
      'vend1@carteira.test',
      '--dm',
      '--schedule',
      '0 9 1 * *',
      '--tz',
      'America/Manaus',
    );
    expect(dm).toContain('(fuso America/Manaus)');
    expect(
      await fails(
        'subscriptions',
        'create',
        '--view',
        'Sem contratos no mês',
        '--owner',
        'vend1@carteira.test',
        '--channel',
        CHANNELS.vendas,
        '--schedule',
        '0 8 * * 1',
      ),
    ).toContain('só na sua DM');
    expect(
      await fails(
        'subscriptions',
        'create',
        '--view',
        'Sem contratos no mês',
        '--owner',
        'gerente@carteira.test',
        '--dm',
        '--channel',
        CHANNELS.vendas,
        '--schedule',
        '0 8 * * 1',
      ),
    ).toContain('Escolha um destino');
    expect(
      await fails(
        'subscriptions',
        'create',
        '--view',
        'Sem contratos no mês',
        '--owner',
        'gerente@carteira.test',
        '--dm',
        '--schedule',
        '*/5 * * * *',
      ),
    ).toContain('muito frequente');
    expect(
      await fails(
        'subscriptions',
        'create',
        '--view',
        'Não existe',
        '--owner',
        'gerente@carteira.test',
        '--dm',
        '--schedule',
        '0 8 * * 1',
      ),
    ).toContain('Não encontrei a visão');
    expect(await fails('subscriptions', 'trigger', 'abc')).toContain('número da assinatura');
    expect(await fails('subscriptions', 'trigger', '999999')).toContain('não encontrada');
    const fanId = /#(\d+)/.exec(fan)![1]!;
    // Shaped like a date and time but not one: refused in Portuguese, no RangeError.
    for (const bad of ['2026-13-01T08:00', '2026-11-30T25:00']) {
      expect(await fails('subscriptions', 'trigger', fanId, '--occurrence', bad)).toContain(
        `Ocorrência inválida: “${bad}”`,
      );
    }
    expect(await fails('subscriptions', 'voar')).toContain('Use:');
  });
});

describe('carteira subscriptions create --alert', () => {
  it('creates a follow-up alert and lists it readably; bad input says what to fix', async () => {
    const created = await run(
      'subscriptions',
      'create',
      '--alert',
      'no-contact',
      '--days',
      '15',
      '--escalate-after',
      '7',
      '--owner',
      'gerente@carteira.test',
      '--schedule',
      '0 8 * * 1-5',
    );
    expect(created).toMatch(
      /Alerta #(\d+) criado: Alerta “projetos sem contato há mais de 15 dias” — .*a cada responsável, em privado; ainda no alerta após 7 dias, também ao supervisor ou gerente/,
    );
    const id = /#(\d+)/.exec(created)![1]!;
    const text = await run('subscriptions', 'list');
    expect(text).toContain(`#${id}`);
    expect(text).toContain('Alerta “projetos sem contato há mais de 15 dias”');
    const json = JSON.parse(await run('subscriptions', 'list', '--format', 'json')) as {
      id: string;
      kind: string;
      view: unknown;
      alert: unknown;
    }[];
    expect(json.find((s) => s.id === id)).toMatchObject({
      kind: 'alert',
      view: null,
      alert: { condition: 'no_contact', days: 15, escalateAfterDays: 7 },
    });

    const before = (await run('subscriptions', 'list', '--format', 'json')).length;
    expect(
      await fails(
        'subscriptions',
        'create',
        '--alert',
        'late',
        '--days',
        '5',
        '--owner',
        'gerente@carteira.test',
        '--schedule',
        '0 8 * * *',
      ),
    ).toContain('--alert deve ser no-contact');
    expect(
      await fails(
        'subscriptions',
        'create',
        '--alert',
        'stalled',
        '--days',
        'dez',
        '--owner',
        'gerente@carteira.test',
        '--schedule',
        '0 8 * * *',
      ),
    ).toContain('--days deve ser um número inteiro de dias');
    expect(
      await fails(
        'subscriptions',
        'create',
        '--alert',
        'stalled',
        '--days',
        '30',
        '--view',
        'X',
        '--owner',
        'gerente@carteira.test',
        '--schedule',
        '0 8 * * *',
      ),
    ).toContain('Um alerta não tem visão');
    expect(
      await fails(
        'subscriptions',
        'create',
        '--alert',
        'stalled',
        '--days',
        '30',
        '--owner',
        'vend1@carteira.test',
        '--schedule',
        '0 8 * * *',
      ),
    ).toContain('gerente ou administrador');
    expect((await run('subscriptions', 'list', '--format', 'json')).length).toBe(before);
  });
});
