import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { renderPdf } from '../../../src/core/render/pdf.js';
import { ALL_COLUMNS, groupedBySituation, makeResult, makeRows } from './fixtures.js';

/** Text of each page, items joined by spaces. */
async function pdfPages(pdf: Buffer): Promise<string[]> {
  const doc = await getDocument({
    data: new Uint8Array(pdf),
    useSystemFonts: false,
    isEvalSupported: false,
  }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' '));
  }
  await doc.destroy();
  return pages;
}

async function pageSize(pdf: Buffer): Promise<[number, number]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false }).promise;
  const [, , w, h] = (await doc.getPage(1)).view;
  await doc.destroy();
  return [w, h];
}

describe('PDF', () => {
  it('prints the title, filters, generation time, accented values, money and page numbers', async () => {
    const pdf = await renderPdf(makeResult({ rows: makeRows(12) }));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const [first] = await pdfPages(pdf);
    expect(first).toContain('Situação dos contratos');
    expect(first).toContain('Contratos do ano por situação');
    expect(first).toContain('Período: 01/11/2026 a 30/11/2026');
    expect(first).toContain('Gerado em 27/11/2026 08:00 (America/Sao_Paulo)');
    expect(first).toContain('Maria Conceição');
    expect(first).toContain('Antônio Araújo');
    expect(first).toContain('Assistência técnica');
    expect(first).toContain('R$ 1.234,56');
    expect(first).toContain('Total: 12 projetos');
    expect(first).toContain('R$ 120.000,50');
    expect(first).toMatch(/Página 1 de 1/);
  });

  it('is A4 landscape', async () => {
    const [w, h] = await pageSize(await renderPdf(makeResult()));
    expect(Math.round(w)).toBe(842);
    expect(Math.round(h)).toBe(595);
  });

  it('caps 6,000 rows at 5,000 with a line saying so and repeats the header on each page', async () => {
    const result = makeResult({
      rows: makeRows(6000),
      totals: { count: 8327, estimated_value: 10283812.55, contract_value: 5234567.1 },
    });
    const pdf = await renderPdf(result);
    const pages = await pdfPages(pdf);
    expect(pages[0]).toContain(
      'Relatório limitado às primeiras 5.000 linhas de 8.327 — use CSV ou XLSX para a lista completa.',
    );
    const all = pages.join('\n');
    expect(all).toContain('P-05000');
    expect(all).not.toContain('P-05001');
    expect(pages.at(-1)).toContain('Total (todos os 8.327 projetos)');
    expect(pages.at(-1)).toContain(`Página ${pages.length} de ${pages.length}`);
    expect(pages[1]).toContain('Valor contratado'); // header repeated
    expect(pages.length).toBeGreaterThan(50);
    // How fast it renders is measured by `npm run bench` (docs/benchmarks.md), not asserted
    // here; reading back 50+ pages takes ~10 s, so the test gets room on a busy machine.
  }, 120_000);

  it('inserts a subtotal row whenever the group changes', async () => {
    const [page] = await pdfPages(await renderPdf(groupedBySituation(12)));
    expect(page).toContain('Subtotal — Sem contrato: 2 projetos');
    expect(page).toContain('Subtotal — Em revisão: 2 projetos');
    expect(page).toContain('Subtotal — Cancelado: 1 projeto');
    expect(page.indexOf('Subtotal — Sem contrato')).toBeLessThan(
      page.indexOf('Subtotal — Contratado'),
    );
  });

  it('fits all 20 columns and says when nothing was found', async () => {
    const [wide] = await pdfPages(
      await renderPdf(makeResult({ columns: ALL_COLUMNS, rows: makeRows(5) })),
    );
    expect(wide).toContain('Dias sem');
    const [empty] = await pdfPages(
      await renderPdf(
        makeResult({
          rows: [],
          totals: { count: 0, estimated_value: 0, contract_value: 0 },
          period: null,
        }),
      ),
    );
    expect(empty).toContain('Nenhum projeto encontrado para esta visão.');
    expect(empty).toContain('sem período');
  });
});
