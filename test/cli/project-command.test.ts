/**
 * `carteira project <código> --format json|text` as a real process: the card with the
 * `--as` person's rights, the refusal for another vendedor's project (no data on stdout).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, formatDateBr, todayIn } from '../../src/core/portfolio/periods.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { buildFixture } from '../support/fixtures.js';
import { CARD_FIXTURE } from '../core/projects/card-fixture.js';
import { runCarteira } from '../support/cli.js';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await buildFixture(t.database, CARD_FIXTURE);
});
afterAll(() => t.drop());

const carteira = (...args: string[]) => runCarteira(t.url, ...args);

describe('carteira project', () => {
  it('prints the card as JSON for the responsible', async () => {
    const r = await carteira(
      'project',
      'P-01',
      '--as',
      'vend1@carteira.test',
      '--at',
      '2026-11-30',
      '--format',
      'json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const card = JSON.parse(r.stdout);
    expect(card).toMatchObject({
      code: 'P-01',
      asOf: '2026-11-30',
      situation: 'pedido',
      lastContactOn: '2026-11-20',
      daysWithoutContact: 10,
      responsible: { name: 'Vera Um' },
    });
    expect(card.contracts.map((k: { number: string }) => k.number)).toEqual(['1001', '1002']);
    expect(card.rooms).toHaveLength(3);
  });

  it('prints text for the operator', async () => {
    const r = await carteira('project', 'P-02', '--at', '2026-11-30');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Projeto P-02 — Maria Gonçalves');
    expect(r.stdout).toContain('Contratos (0)');
  });

  it('refuses another vendedor’s project with one Portuguese line and no data', async () => {
    const r = await carteira('project', 'P-01', '--as', 'vend3@carteira.test', '--format', 'json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'carteira: O projeto P-01 não está na sua carteira: como vendedor, você vê só os seus projetos e os dos seus subordinados. Peça ao responsável ou a um gerente.\n',
    );
  });

  it('logs a contact from the CLI, with the --as person’s rights', async () => {
    // The CLI reads the real clock (faketime in CI): dates derive from it.
    const today = todayIn('America/Sao_Paulo', new Date());
    const day = addDays(today, -2);
    const refused = await carteira(
      'contact',
      'P-01',
      '--channel',
      'telefone',
      '--as',
      'vend3@carteira.test',
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('não está na sua carteira');
    const r = await carteira(
      'contact',
      'P-03',
      '--channel',
      'visita',
      '--date',
      day,
      '--note',
      'Mostruário',
      '--as',
      'vend3@carteira.test',
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`Contato de ${formatDateBr(day)} registrado no projeto P-03.\n`);
    const card = JSON.parse(
      (await carteira('project', 'P-03', '--at', today, '--format', 'json')).stdout,
    );
    expect(card).toMatchObject({ lastContactOn: day, daysWithoutContact: 2 });
    expect(card.contacts[0]).toMatchObject({
      channel: 'visita',
      note: 'Mostruário',
      by: 'Vânia Três',
      source: 'cli',
    });
  });

  it('answers a bad invocation in Portuguese', async () => {
    const r = await carteira('project');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Diga um código de projeto');
  });
});
