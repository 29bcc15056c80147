import { describe, expect, it } from 'vitest';
import {
  isInvalid,
  parseBoolean,
  parseDate,
  parseDateTime,
  parseEmail,
  parseMoney,
  parseRole,
  parseSlackId,
  parseStage,
  parseTimezone,
  type Invalid,
} from '../../../src/core/import/values.js';
import { headerKey, mapHeader } from '../../../src/core/import/headers.js';

function reason(v: unknown): string {
  expect(isInvalid(v)).toBe(true);
  return (v as Invalid).reason;
}

describe('money', () => {
  it.each([
    ['1234.56', '1234.56'],
    ['1234,56', '1234.56'],
    ['1.234,56', '1234.56'],
    ['1,234.56', '1234.56'],
    ['R$ 1.234,56', '1234.56'],
    ['R$1.234.567,8', '1234567.8'],
    ['1.234', '1234'],
    ['12.345.678', '12345678'],
    ['1234.5', '1234.5'],
    ['0,50', '0.50'],
    ['007', '7'],
    ['1 234,56', '1234.56'],
    ['0', '0'],
    ['-0', '0'],
  ])('%s → %s', (raw, expected) => {
    expect(parseMoney(raw, 'valor')).toBe(expected);
  });

  it('refuses what cannot be an amount in reais, saying what to write', () => {
    expect(reason(parseMoney('abc', 'valor'))).toBe(
      'valor inválido em valor: "abc" (use 1234,56 ou 1.234,56)',
    );
    expect(reason(parseMoney('1,234', 'valor'))).toMatch(/^valor ambíguo em valor: "1,234"/);
    expect(reason(parseMoney('10,123', 'valor'))).toMatch(/^valor ambíguo/);
    expect(reason(parseMoney('1234,567', 'valor'))).toMatch(/mais de duas casas decimais/);
    expect(reason(parseMoney('1234.567', 'valor'))).toMatch(/mais de duas casas decimais/);
    expect(reason(parseMoney('1.234.56', 'valor'))).toMatch(/^valor inválido/);
    expect(reason(parseMoney('-10,00', 'valor'))).toBe(
      'valor negativo em valor: "-10,00" (valores não podem ser negativos)',
    );
    expect(reason(parseMoney('R$ -5', 'valor'))).toMatch(/^valor negativo/);
    expect(reason(parseMoney('1234567890123', 'valor'))).toMatch(/^valor grande demais/);
  });
});

describe('dates', () => {
  it('reads ISO and pt-BR dates, with optional time, as local wall-clock time', () => {
    expect(parseDateTime('2026-11-01', 'criado_em')).toEqual({
      date: '2026-11-01',
      local: '2026-11-01 00:00:00',
      utc: null,
    });
    expect(parseDateTime('01/11/2026 01:30', 'criado_em')).toMatchObject({
      local: '2026-11-01 01:30:00',
    });
    expect(parseDateTime('1/2/2026 7:05:09', 'criado_em')).toMatchObject({
      local: '2026-02-01 07:05:09',
    });
    expect(parseDateTime('2026-11-01T23:59:59', 'criado_em')).toMatchObject({
      local: '2026-11-01 23:59:59',
    });
    expect(parseDateTime('2026-11-01 23:59', 'criado_em')).toMatchObject({
      local: '2026-11-01 23:59:00',
    });
  });

  it('honours an explicit offset as an absolute instant', () => {
    expect(parseDateTime('2026-11-01T01:30:00Z', 'criado_em')).toEqual({
      date: '2026-11-01',
      local: null,
      utc: '2026-11-01 01:30:00+00:00',
    });
    expect(parseDateTime('2026-11-01 01:30-03:00', 'criado_em')).toMatchObject({
      utc: '2026-11-01 01:30:00-03:00',
    });
    expect(parseDateTime('01/11/2026 01:30 -0300', 'criado_em')).toMatchObject({
      utc: '2026-11-01 01:30:00-03:00',
    });
    expect(parseDateTime('2026-11-01T01:30:00.250+05:30', 'criado_em')).toMatchObject({
      utc: '2026-11-01 01:30:00.250+05:30',
    });
  });

  it('rejects impossible dates and times with the expected format', () => {
    expect(reason(parseDateTime('31/02/2026', 'criado_em'))).toBe(
      'data inválida em criado_em: "31/02/2026" (use DD/MM/AAAA ou AAAA-MM-DD)',
    );
    expect(reason(parseDateTime('2026-02-29', 'criado_em'))).toMatch(/^data inválida/);
    expect(parseDateTime('2028-02-29', 'criado_em')).toMatchObject({ date: '2028-02-29' });
    expect(reason(parseDateTime('01/11/2026 25:00', 'criado_em'))).toBe(
      'hora inválida em criado_em: "01/11/2026 25:00" (use HH:MM ou HH:MM:SS, de 00:00 a 23:59:59)',
    );
    expect(reason(parseDateTime('01/11/2026 10:60', 'criado_em'))).toMatch(/^hora inválida/);
    expect(reason(parseDateTime('11/01/26', 'criado_em'))).toMatch(/^data inválida/);
    expect(reason(parseDateTime('ontem', 'criado_em'))).toMatch(/^data inválida/);
    expect(reason(parseDateTime('01/01/0026', 'criado_em'))).toMatch(/^data fora do intervalo/);
    expect(reason(parseDateTime('2026-11-01T10:00+15:00', 'criado_em'))).toMatch(/^fuso inválido/);
  });

  it('keeps only the calendar day for date columns', () => {
    expect(parseDate('30/11/2026', 'previsao_fechamento')).toBe('2026-11-30');
    expect(parseDate('2026-11-30 10:00', 'previsao_fechamento')).toBe('2026-11-30');
  });
});

describe('enumerations', () => {
  it('booleans: sim/não/s/n/true/false/1/0/x, blank = no', () => {
    for (const v of ['sim', 'SIM', 's', 'true', '1', 'x', 'X', 'Verdadeiro'])
      expect(parseBoolean(v, 'b')).toBe(true);
    for (const v of ['não', 'NÃO', 'nao', 'n', 'false', '0', '', 'Falso'])
      expect(parseBoolean(v, 'b')).toBe(false);
    expect(reason(parseBoolean('talvez', 'provavel_venda'))).toBe(
      'valor inválido em provavel_venda: "talvez" (use sim ou não)',
    );
  });

  it('contract stage by id or label, ignoring case and accents, never sem_contrato', () => {
    expect(parseStage('em_revisao', 'situacao')).toBe(2);
    expect(parseStage('Em revisão', 'situacao')).toBe(2);
    expect(parseStage('EM REVISAO', 'situacao')).toBe(2);
    expect(parseStage('Assistência técnica', 'situacao')).toBe(6);
    expect(parseStage('assistencia', 'situacao')).toBe(6);
    expect(parseStage('Concluído', 'situacao')).toBe(7);
    expect(parseStage('cancelado', 'situacao')).toBe(8);
    expect(reason(parseStage('sem_contrato', 'situacao'))).toMatch(/não vale para um contrato/);
    expect(reason(parseStage('Sem contrato', 'situacao'))).toMatch(/não vale para um contrato/);
    expect(reason(parseStage('assinado', 'situacao'))).toMatch(/^situacao inválida: "assinado"/);
  });

  it('roles, e-mails, Slack IDs and timezones', () => {
    expect(parseRole('Gerente', 'cargo')).toBe('gerente');
    expect(parseRole('ADMINISTRADOR', 'cargo')).toBe('admin');
    expect(reason(parseRole('chefe', 'cargo'))).toBe(
      'cargo inválido: "chefe" (use vendedor, gerente ou admin)',
    );
    expect(parseEmail(' Ana.Souza@Loja.COM.br ', 'email')).toBe('ana.souza@loja.com.br');
    expect(reason(parseEmail('ana@', 'email'))).toMatch(/^e-mail inválido em email/);
    expect(parseSlackId('u012ab3cd', 'slack_id')).toBe('U012AB3CD');
    expect(isInvalid(parseSlackId('@ana', 'slack_id'))).toBe(true);
    expect(parseTimezone('america/sao_paulo', 'fuso')).toBe('America/Sao_Paulo');
    expect(parseTimezone('America/Manaus', 'fuso')).toBe('America/Manaus');
    expect(reason(parseTimezone('America/Sao Paulo', 'fuso'))).toMatch(/^fuso desconhecido/);
    expect(isInvalid(parseTimezone('-03:00', 'fuso'))).toBe(true);
  });
});

describe('headers', () => {
  it('match ignoring case, accents, spaces, underscores and hyphens', () => {
    expect(headerKey('Criado em')).toBe(headerKey('criado_em'));
    expect(headerKey('CRIADO-EM')).toBe(headerKey('criado_em'));
    expect(headerKey('Código')).toBe('codigo');
    expect(headerKey('E-mail')).toBe('email');
  });

  it('report missing required and repeated columns, ignore unknown ones', () => {
    const m = mapHeader(
      ['Código', 'Observação', 'NOME', 'nome '],
      [
        { name: 'codigo', required: true },
        { name: 'nome', required: true },
        { name: 'loja', required: true },
      ],
    );
    expect(m.index.get('codigo')).toBe(0);
    expect(m.index.get('nome')).toBe(2);
    expect(m.missing).toEqual(['loja']);
    expect(m.repeated).toEqual(['nome']);
  });
});
