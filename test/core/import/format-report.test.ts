import { describe, expect, it } from 'vitest';
import { formatImportReport, type ImportReport } from '../../../src/core/import/index.js';

const base: ImportReport = {
  status: 'ok',
  importId: 1,
  checksum: 'x',
  finishedAt: null,
  files: [
    { file: 'lojas.csv', rows: 2, inserted: 1, updated: 1, skipped: 0 },
    { file: 'projetos.csv', rows: 1234, inserted: 1000, updated: 30, skipped: 4 },
  ],
  issues: [],
  applied: true,
  dryRun: false,
  projectsRefreshed: 1030,
  durationMs: 3250,
};

describe('formatImportReport', () => {
  it('prints the outcome and a per-file table in Portuguese', () => {
    expect(formatImportReport(base)).toBe(
      [
        'Importação concluída em 3,3 s.',
        '',
        'Arquivo       Linhas  Novas  Atualizadas  Sem mudança  Ignoradas',
        'lojas.csv          2      1            1            0          0',
        'projetos.csv   1.234  1.000           30          200          4',
        '',
        'Resumo da carteira recalculado: 1.030 projetos.',
        '',
      ].join('\n'),
    );
  });

  it('lists each problem as "arquivo, linha N: motivo", capped at 200', () => {
    const issues = Array.from({ length: 205 }, (_, i) => ({
      file: 'projetos.csv',
      line: i + 2,
      reason: 'data inválida em criado_em: "31/02/2026" (use DD/MM/AAAA ou AAAA-MM-DD)',
    }));
    const text = formatImportReport({ ...base, issues, applied: false });
    expect(text.startsWith('Nada foi gravado: 205 problemas encontrados.')).toBe(true);
    expect(text).toContain(
      'Problemas (205):\nprojetos.csv, linha 2: data inválida em criado_em: "31/02/2026" (use DD/MM/AAAA ou AAAA-MM-DD)\n',
    );
    expect(text).toContain('projetos.csv, linha 201: ');
    expect(text).not.toContain('projetos.csv, linha 202: ');
    expect(text.trimEnd().endsWith('… e mais 5 problemas.')).toBe(true);
  });

  it('says a dry run wrote nothing', () => {
    const text = formatImportReport({ ...base, applied: false, dryRun: true });
    expect(text).toMatch(
      /^Simulação \(--dry-run\) em 3,3 s: nada foi gravado\.\nContagens abaixo: o que seria gravado\./,
    );
    expect(text).toContain('Resumo da carteira a recalcular: 1.030 projetos.');
  });
});
