import { describe, expect, it } from 'vitest';
import {
  formatCell,
  formatCount,
  formatDateTimeBr,
  formatMoney,
  formatPeriod,
  formatProjects,
  totalsSummary,
} from '../../../src/core/render/format.js';
import { MIXED_COLUMNS } from './fixtures.js';

describe('pt-BR formatting', () => {
  it('formats money as R$ with dot thousands and comma cents, plain space after R$', () => {
    expect(formatMoney(1234.56)).toBe('R$ 1.234,56');
    expect(formatMoney(0)).toBe('R$ 0,00');
    expect(formatMoney(1234567.891)).toBe('R$ 1.234.567,89');
    expect(formatMoney(-1234.5)).toBe('-R$ 1.234,50');
    expect(formatMoney(-0.001)).toBe('R$ 0,00');
    expect(formatMoney(1234.56)).not.toMatch(/[\u00A0\u202F]/);
  });

  it('formats counts with dot thousands', () => {
    expect(formatCount(1234)).toBe('1.234');
    expect(formatCount(12)).toBe('12');
    expect(formatProjects(1)).toBe('1 projeto');
    expect(formatProjects(8327)).toBe('8.327 projetos');
  });

  it('formats each cell type as a user reads it', () => {
    expect(formatCell(1234.56, 'money')).toBe('R$ 1.234,56');
    expect(formatCell(1234, 'integer')).toBe('1.234');
    expect(formatCell('2026-11-30', 'date')).toBe('30/11/2026');
    expect(formatCell(true, 'boolean')).toBe('Sim');
    expect(formatCell(false, 'boolean')).toBe('Não');
    expect(formatCell('em_revisao', 'situation')).toBe('Em revisão');
    expect(formatCell('assistencia', 'situation')).toBe('Assistência técnica');
    expect(formatCell('Dormitório casal', 'text')).toBe('Dormitório casal');
  });

  it('shows absent values as an em dash', () => {
    expect(formatCell(null, 'money')).toBe('—');
    expect(formatCell(undefined, 'date')).toBe('—');
    expect(formatCell('', 'text')).toBe('—');
    expect(formatCell(null, 'boolean')).toBe('—');
  });

  it('formats "gerado em" in the store timezone', () => {
    expect(formatDateTimeBr('2026-11-27T11:00:00Z', 'America/Sao_Paulo')).toBe('27/11/2026 08:00');
    expect(formatDateTimeBr('2026-11-27T02:30:00Z', 'America/Sao_Paulo')).toBe('26/11/2026 23:30');
    expect(formatDateTimeBr('2026-11-27T11:00:00Z', 'America/Manaus')).toBe('27/11/2026 07:00');
  });

  it('formats the period and the totals line', () => {
    expect(formatPeriod({ from: '2026-11-01', to: '2026-11-30' })).toBe('01/11/2026 a 30/11/2026');
    expect(formatPeriod(null)).toBe('sem período');
    expect(
      totalsSummary(
        MIXED_COLUMNS,
        { count: 134, estimated_value: 120000, contract_value: 5.5 },
        { boldCount: true },
      ),
    ).toBe('*134 projetos* · Valor do projeto R$ 120.000,00 · Valor contratado R$ 5,50');
  });
});
