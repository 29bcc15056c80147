import { describe, expect, it } from 'vitest';
import { CarteiraError } from '../../../src/core/errors.js';
import { parseQuickForm, type QuickForm } from '../../../src/bot/subscriptions/quick-form.js';

const monday8: QuickForm['schedule'] = { kind: 'weekly', weekdays: [1], time: '08:00' };

function errorOf(text: string): CarteiraError {
  try {
    parseQuickForm(text);
  } catch (e) {
    if (e instanceof CarteiraError) return e;
    throw e;
  }
  throw new Error(`expected "${text}" to be rejected`);
}

describe('parseQuickForm — the full example', () => {
  it('reads a multi-word accented view name, schedule, channel and format', () => {
    expect(parseQuickForm('Sem contratos no mês toda segunda 8h #vendas pdf')).toEqual<QuickForm>({
      viewName: 'Sem contratos no mês',
      schedule: monday8,
      destination: { kind: 'channel', channelName: 'vendas' },
      format: 'pdf',
      skipEmpty: false,
    });
  });

  it('reads a quoted view name, Slack’s escaped channel, two formats and skip-if-empty', () => {
    expect(
      parseQuickForm(
        '"Sem contratos no mês" toda segunda às 8h <#C123ABC|vendas> tabela e pdf não enviar se vazio',
      ),
    ).toEqual<QuickForm>({
      viewName: 'Sem contratos no mês',
      schedule: monday8,
      destination: { kind: 'channel', channelId: 'C123ABC', channelName: 'vendas' },
      format: 'table+pdf',
      skipEmpty: true,
    });
  });

  it('leaves destination and format null when not given', () => {
    expect(parseQuickForm('Sem contratos no mês toda segunda 8h')).toEqual<QuickForm>({
      viewName: 'Sem contratos no mês',
      schedule: monday8,
      destination: null,
      format: null,
      skipEmpty: false,
    });
  });
});

describe('parseQuickForm — when', () => {
  const cases: [string, QuickForm['schedule']][] = [
    ['toda segunda 8h', monday8],
    ['todas as segundas 8h', monday8],
    ['Toda Segunda 8H', monday8],
    ['seg 8h', monday8],
    ['seg. 8h', monday8],
    ['segunda-feira 8h', monday8],
    ['segunda feira às 8', monday8],
    ['toda segunda às 08:00', monday8],
    ['segunda e quarta 8h', { kind: 'weekly', weekdays: [1, 3], time: '08:00' }],
    ['seg,qua,sex 8h', { kind: 'weekly', weekdays: [1, 3, 5], time: '08:00' }],
    ['seg, qua e sex 8h', { kind: 'weekly', weekdays: [1, 3, 5], time: '08:00' }],
    ['terça e sábado 8h', { kind: 'weekly', weekdays: [2, 6], time: '08:00' }],
    ['terca e sabado 8h', { kind: 'weekly', weekdays: [2, 6], time: '08:00' }],
    ['todo domingo 8h', { kind: 'weekly', weekdays: [7], time: '08:00' }],
    ['dias úteis 8h', { kind: 'weekly', weekdays: [1, 2, 3, 4, 5], time: '08:00' }],
    ['dias uteis às 8h', { kind: 'weekly', weekdays: [1, 2, 3, 4, 5], time: '08:00' }],
    ['de segunda a sexta 8h', { kind: 'weekly', weekdays: [1, 2, 3, 4, 5], time: '08:00' }],
    ['todo dia 7h30', { kind: 'daily', time: '07:30' }],
    ['todos os dias às 18h', { kind: 'daily', time: '18:00' }],
    ['diariamente 8h', { kind: 'daily', time: '08:00' }],
    ['todo dia 5 9h', { kind: 'monthly', day: 5, time: '09:00' }],
    ['dia 5 de cada mês às 9h', { kind: 'monthly', day: 5, time: '09:00' }],
    ['mensal dia 10 9h', { kind: 'monthly', day: 10, time: '09:00' }],
    ['todo dia 31 18h', { kind: 'monthly', day: 31, time: '18:00' }],
    ['último dia do mês 18h', { kind: 'monthly', day: 'last', time: '18:00' }],
    ['ultimo dia de cada mes às 18:00', { kind: 'monthly', day: 'last', time: '18:00' }],
    ['toda sexta 18h', { kind: 'weekly', weekdays: [5], time: '18:00' }],
    ['toda segunda 8h30', { kind: 'weekly', weekdays: [1], time: '08:30' }],
    ['toda segunda às 6 da tarde', { kind: 'weekly', weekdays: [1], time: '18:00' }],
    ['toda segunda meio-dia', { kind: 'weekly', weekdays: [1], time: '12:00' }],
  ];
  for (const [when, schedule] of cases) {
    it(`"${when}"`, () => {
      const form = parseQuickForm(`Sem contratos no mês ${when}`);
      expect(form.viewName).toBe('Sem contratos no mês');
      expect(form.schedule).toEqual(schedule);
    });
  }
});

describe('parseQuickForm — where, format and options', () => {
  const where: [string, QuickForm['destination']][] = [
    ['<#C123ABC|vendas>', { kind: 'channel', channelId: 'C123ABC', channelName: 'vendas' }],
    ['<#C123ABC>', { kind: 'channel', channelId: 'C123ABC' }],
    ['#vendas', { kind: 'channel', channelName: 'vendas' }],
    ['no canal #vendas', { kind: 'channel', channelName: 'vendas' }],
    ['dm', { kind: 'dm' }],
    ['no privado', { kind: 'dm' }],
    ['para mim', { kind: 'dm' }],
    ['para cada responsável', { kind: 'each_salesperson' }],
    ['cada vendedor', { kind: 'each_salesperson' }],
  ];
  for (const [words, destination] of where) {
    it(`destination "${words}"`, () => {
      expect(parseQuickForm(`Sem contratos toda segunda 8h ${words}`).destination).toEqual(
        destination,
      );
    });
  }

  const formats: [string, QuickForm['format']][] = [
    ['pdf', 'pdf'],
    ['csv', 'csv'],
    ['xlsx', 'xlsx'],
    ['excel', 'xlsx'],
    ['tabela', 'table'],
    ['em PDF', 'pdf'],
    ['tabela e pdf', 'table+pdf'],
    ['tabela+pdf', 'table+pdf'],
    ['tabela + csv', 'table+csv'],
    ['excel e tabela', 'table+xlsx'],
  ];
  for (const [words, format] of formats) {
    it(`format "${words}"`, () => {
      expect(parseQuickForm(`Sem contratos toda segunda 8h ${words}`).format).toBe(format);
    });
  }

  for (const words of [
    'não enviar se vazio',
    'nao enviar se vazio',
    'pular se vazio',
    'pular se estiver vazio',
  ]) {
    it(`skip-if-empty "${words}"`, () => {
      expect(parseQuickForm(`Sem contratos toda segunda 8h ${words}`).skipEmpty).toBe(true);
    });
  }

  it('takes the parts in any order, with commas', () => {
    expect(
      parseQuickForm('Com contratos no mês, pdf, cada vendedor, dias úteis às 8h, pular se vazio'),
    ).toEqual<QuickForm>({
      viewName: 'Com contratos no mês',
      schedule: { kind: 'weekly', weekdays: [1, 2, 3, 4, 5], time: '08:00' },
      destination: { kind: 'each_salesperson' },
      format: 'pdf',
      skipEmpty: true,
    });
  });

  it('keeps view names whose words look like the form when they are not at the end', () => {
    expect(parseQuickForm('Clientes sem contato 48h toda segunda 8h').viewName).toBe(
      'Clientes sem contato 48h',
    );
    expect(parseQuickForm('Tabela de preços toda segunda 8h').viewName).toBe('Tabela de preços');
    expect(parseQuickForm('Vendas &amp; contratos toda sexta 17h').viewName).toBe(
      'Vendas & contratos',
    );
    expect(parseQuickForm('“Relatório mensal” todo dia 5 9h').viewName).toBe('Relatório mensal');
  });
});

describe('parseQuickForm — mistakes, explained in Portuguese', () => {
  it('no schedule words: explains the form', () => {
    const e = errorOf('Sem contratos no mês #vendas pdf');
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(/^Diga quando enviar depois do nome da visão/);
    expect(e.message).toContain(
      '/carteira assinar Sem contratos no mês toda segunda 8h #vendas pdf',
    );
    expect(errorOf('Sem contratos no mês').message).toMatch(/^Diga quando enviar/);
    expect(errorOf('').message).toMatch(/^Diga qual visão assinar/);
  });

  it('two channels', () => {
    expect(errorOf('Sem contratos toda segunda 8h #vendas #gerencia').message).toBe(
      'Escolha um só destino: um #canal, dm (para você) ou cada vendedor (recebi #vendas e #gerencia). Ex.: /carteira assinar Sem contratos no mês toda segunda 8h #vendas pdf',
    );
    expect(errorOf('Sem contratos toda segunda 8h #vendas dm').message).toMatch(
      /^Escolha um só destino/,
    );
  });

  it('an unknown format word', () => {
    expect(errorOf('Sem contratos toda segunda 8h #vendas docx').message).toBe(
      'Formato "docx" não suportado: use tabela, pdf, csv, xlsx ou gráfico (ex.: tabela e pdf).',
    );
    expect(errorOf('Sem contratos toda segunda 8h pdf csv').message).toMatch(
      /^Escolha um só formato de arquivo/,
    );
  });

  it('25h is not a time', () => {
    expect(errorOf('Sem contratos toda segunda 25h').message).toBe(
      'Horário inválido: "25h". Use um horário de 00:00 a 23:59, ex.: 8h, 8h30, 18h, 08:00.',
    );
    expect(errorOf('Sem contratos 25h toda segunda').message).toMatch(/^Horário inválido: "25h"/);
    expect(errorOf('Sem contratos toda segunda 8h75').message).toMatch(/^Horário inválido/);
  });

  it('"segunda 8h" has no view name', () => {
    expect(errorOf('segunda 8h').message).toMatch(/^Falta o nome da visão/);
    expect(errorOf('"" segunda 8h').message).toMatch(/^Falta o nome da visão/);
  });

  it('a day without time, a time without day', () => {
    expect(errorOf('Sem contratos toda segunda').message).toMatch(/^Falta o horário/);
    expect(errorOf('Sem contratos 8h #vendas').message).toMatch(/^Falta o dia/);
  });

  it('other mistakes name the word', () => {
    expect(errorOf('Sem contratos toda segunda 8h xyz').message).toMatch(/^Não entendi "xyz"/);
    expect(errorOf('Sem contratos toda segunda 8h no canal vendas').message).toBe(
      'Canal "vendas": escreva o canal com # (ex.: #vendas) ou mencione-o.',
    );
    expect(errorOf('Sem contratos todo dia 32 9h').message).toMatch(/^Dia do mês inválido: "32"/);
    expect(errorOf('Sem contratos toda segunda 8h todo dia 5').message).toMatch(
      /^Escolha uma só frequência/,
    );
    expect(errorOf('Sem contratos toda segunda 8h 18h').message).toMatch(/^Use um só horário/);
    expect(errorOf('"Sem contratos toda segunda 8h').message).toMatch(/^Feche as aspas/);
    expect(errorOf('Sem contratos toda segunda 8h <@U123ABC>').message).toMatch(
      /^Não dá para assinar para outra pessoa/,
    );
  });
});

describe('parseQuickForm — the chart format', () => {
  it.each([
    ['Situação dos contratos toda segunda 8h gráfico', 'chart'],
    ['Situação dos contratos toda segunda 8h tabela e grafico', 'table+chart'],
    ['Situação dos contratos toda segunda 8h png', 'chart'],
  ])('"%s" → %s', (text, format) => {
    const q = parseQuickForm(text);
    expect(q.viewName).toBe('Situação dos contratos');
    expect(q.format).toBe(format);
  });
});
