import { describe, expect, it } from 'vitest';
import { DEFINITION_VERSION, parseDefinition } from '../../../src/core/portfolio/definition.js';
import { CarteiraError } from '../../../src/core/errors.js';

function reason(input: unknown): string {
  try {
    parseDefinition(input);
  } catch (e) {
    expect(e).toBeInstanceOf(CarteiraError);
    return (e as Error).message;
  }
  throw new Error('definition was accepted');
}

describe('view definitions', () => {
  it('fills defaults for a minimal definition', () => {
    const d = parseDefinition({ columns: ['project'] });
    expect(d.filters.situations).toEqual({ mode: 'preset', preset: 'all' });
    expect(d.filters.responsible).toEqual({ mode: 'all' });
    expect(d.filters.period).toBeNull();
    expect(d.version).toBe(DEFINITION_VERSION);
  });

  it('rejects unknown columns, SQL in column names and unknown keys in Portuguese', () => {
    expect(reason({ columns: ['project; DROP TABLE projects'] })).toMatch(/colunas/);
    expect(reason({ columns: ['senha'] })).toMatch(/Visão inválida/);
    expect(reason({ columns: ['project'], sort: [{ column: 'id desc; --' }] })).toMatch(
      /ordenação/,
    );
    expect(reason({ columns: ['project'], evil: 1 })).toMatch(/campo desconhecido: evil/);
    expect(reason({ columns: ['project'], groupBy: 'estimated_value' })).toMatch(/agrupamento/);
  });

  it('rejects empty or repeated columns and more than 20', () => {
    expect(reason({ columns: [] })).toMatch(/ao menos uma coluna/);
    expect(reason({ columns: ['project', 'project'] })).toMatch(/coluna repetida/);
  });

  it('rejects impossible or inverted fixed periods', () => {
    expect(
      reason({
        columns: ['project'],
        filters: {
          period: {
            mode: 'fixed',
            field: 'project_created_at',
            from: '2026-02-31',
            to: '2026-03-01',
          },
        },
      }),
    ).toMatch(/data inválida/);
    expect(
      reason({
        columns: ['project'],
        filters: {
          period: {
            mode: 'fixed',
            field: 'project_created_at',
            from: '2026-03-02',
            to: '2026-03-01',
          },
        },
      }),
    ).toMatch(/final é anterior à inicial/);
    expect(
      reason({
        columns: ['project'],
        filters: { period: { mode: 'relative', field: 'senha', preset: 'this_month' } },
      }),
    ).toMatch(/período/);
  });

  it('caps search text', () => {
    expect(reason({ columns: ['project'], filters: { search: 'x'.repeat(101) } })).toMatch(
      /100 caracteres/,
    );
  });
});
