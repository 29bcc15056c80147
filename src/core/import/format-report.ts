/**
 * The import report as the CLI prints it (pt-BR): outcome, per-file counts, then each
 * problem as `projetos.csv, linha 12: <motivo>`, capped so a broken export stays readable.
 */
import { formatCount, formatProjects } from '../render/format.js';
import type { ImportIssue, ImportReport } from './types.js';

/** Problems printed before "e mais N problemas". */
export const MAX_PRINTED_ISSUES = 200;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1).replace('.', ',')} s`;
}

function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** One problem as the report lists it: `projetos.csv, linha 12: <motivo>`. */
export function formatIssue(issue: ImportIssue): string {
  if (issue.line > 0) return `${issue.file}, linha ${issue.line}: ${issue.reason}`;
  return issue.file ? `${issue.file}: ${issue.reason}` : issue.reason;
}

export function formatImportReport(r: ImportReport): string {
  const lines: string[] = [];
  const problems = r.issues.length;
  if (r.dryRun) {
    lines.push(`Simulação (--dry-run) em ${seconds(r.durationMs)}: nada foi gravado.`);
  } else if (r.applied) {
    lines.push(`Importação concluída em ${seconds(r.durationMs)}.`);
  } else {
    lines.push(
      `Nada foi gravado: ${plural(problems, 'problema encontrado', 'problemas encontrados')}. ` +
        'Corrija os arquivos, ou use --skip-invalid para importar as linhas válidas e ignorar as demais.',
    );
  }
  if (!r.applied && !r.dryRun)
    lines.push('Contagens abaixo: o que seria gravado sem os problemas.');
  if (r.dryRun) lines.push('Contagens abaixo: o que seria gravado.');
  lines.push('');

  const header = ['Arquivo', 'Linhas', 'Novas', 'Atualizadas', 'Sem mudança', 'Ignoradas'];
  const table = r.files.map((f) => [
    f.file,
    formatCount(f.rows),
    formatCount(f.inserted),
    formatCount(f.updated),
    formatCount(Math.max(0, f.rows - f.inserted - f.updated - f.skipped)),
    formatCount(f.skipped),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const fmt = (row: string[]) =>
    row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  lines.push(fmt(header));
  for (const row of table) lines.push(fmt(row));
  lines.push('');

  if (r.applied)
    lines.push(`Resumo da carteira recalculado: ${formatProjects(r.projectsRefreshed)}.`);
  else if (r.projectsRefreshed > 0)
    lines.push(`Resumo da carteira a recalcular: ${formatProjects(r.projectsRefreshed)}.`);

  if (problems > 0) {
    lines.push('');
    lines.push(
      `Problemas (${formatCount(problems)})${r.applied ? ' — estas linhas não foram importadas' : ''}:`,
    );
    for (const issue of r.issues.slice(0, MAX_PRINTED_ISSUES)) lines.push(formatIssue(issue));
    if (problems > MAX_PRINTED_ISSUES) {
      lines.push(`… e mais ${plural(problems - MAX_PRINTED_ISSUES, 'problema', 'problemas')}.`);
    }
  }
  return lines.join('\n') + '\n';
}
