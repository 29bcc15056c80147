/**
 * "Dados do ERP de …": the freshness of a report, computed once and printed the same way by
 * every renderer; the stale warning past STALE_AFTER_HOURS; nothing before any import.
 */
import { describe, expect, it } from 'vitest';
import { freshnessOf } from '../../../src/core/import/runs.js';
import { toReportJson } from '../../../src/core/portfolio/result.js';
import { csvChunks } from '../../../src/core/render/csv.js';
import { renderSlackReport } from '../../../src/core/render/slack-report.js';
import { renderTextTable } from '../../../src/core/render/text-table.js';
import { makeResult } from '../render/fixtures.js';

const SP = { timezone: 'America/Sao_Paulo', staleAfterHours: 26 };
const imported = new Date('2026-12-03T09:02:11Z'); // 06:02:11 in São Paulo
const HOUR = 3_600_000;

describe('data freshness', () => {
  it('says when the data was imported, in the company timezone, with its offset in JSON', () => {
    const f = freshnessOf(imported, new Date(imported.getTime() + 2 * HOUR), SP);
    expect(f).toEqual({
      dataAsOf: '2026-12-03T06:02:11-03:00',
      line: 'Dados do ERP de 03/12/2026 06:02',
      stale: false,
      warning: null,
    });
    expect(
      freshnessOf(imported, new Date(imported.getTime() + HOUR), {
        ...SP,
        timezone: 'America/Manaus',
      }).dataAsOf,
    ).toBe('2026-12-03T05:02:11-04:00');
  });

  it('warns past STALE_AFTER_HOURS, and is silent before any import', () => {
    expect(freshnessOf(imported, new Date(imported.getTime() + 26 * HOUR), SP).stale).toBe(false);
    const old = freshnessOf(imported, new Date(imported.getTime() + 26 * HOUR + 1000), SP);
    expect(old.warning).toBe('⚠️ Dados do ERP de 03/12/2026 06:02 — mais de 26 h sem importação');
    expect(freshnessOf(null, imported, SP)).toEqual({
      dataAsOf: null,
      line: null,
      stale: false,
      warning: null,
    });
  });

  it('every renderer prints the same line', async () => {
    const freshness = freshnessOf(imported, new Date(imported.getTime() + 30 * HOUR), SP);
    const result = makeResult({ freshness });
    const warning = freshness.warning!;
    expect(renderTextTable(result)).toContain(warning);
    expect(JSON.stringify(renderSlackReport(result).blocks)).toContain(warning);
    expect((toReportJson(result) as { dataAsOf: string }).dataAsOf).toBe(
      '2026-12-03T06:02:11-03:00',
    );
    let csv = '';
    for await (const c of csvChunks(result.columns, result.rows, { preamble: [warning] })) csv += c;
    expect(csv.split('\r\n')[0]).toBe(`\ufeff${warning}`);
    expect(csv.split('\r\n')[1]).toBe(result.columns.map((c) => c.label).join(';'));

    // No import: no line anywhere, and the CSV starts with its header as before.
    const none = makeResult();
    expect(renderTextTable(none)).not.toContain('Dados do ERP');
    expect(JSON.stringify(renderSlackReport(none).blocks)).not.toContain('Dados do ERP');
    expect((toReportJson(none) as { dataAsOf: unknown }).dataAsOf).toBeNull();
  });
});
