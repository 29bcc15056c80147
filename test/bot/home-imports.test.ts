/**
 * App Home: admins see when the ERP was last imported and how it went (issue 14); nobody
 * else does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFolder } from '../../src/core/import/index.js';
import { formatLocalDateTimeBr } from '../../src/core/time/zoned.js';
import { appHomeOpenedEvent, sendEvent } from '../fake-slack/index.js';
import { STANDARD, withFiles, writeExport } from '../core/import/fixtures.js';
import { SECRET, U, allText, expectValidModal, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function openHome(user: string) {
  const before = h.fake.views().length;
  const res = await sendEvent(h.bot.url, SECRET, appHomeOpenedEvent({ user }));
  expect(res.status).toBe(200);
  const published = await h.fake.waitFor((_c, f) => f.views().length > before && f.views()[before]);
  expectValidModal(published.view);
  return allText(published.view);
}

describe('App Home: the last import', () => {
  it('before any import, after a successful one, and after a refused one; admins only', async () => {
    expect(await openHome(U.admin)).toContain('Nenhuma importação do ERP registrada');

    const at = new Date('2026-11-30T09:02:00Z');
    await importFolder({
      database: h.test.database,
      folder: await writeExport(STANDARD),
      now: () => at,
    });
    const when = formatLocalDateTimeBr(at, 'America/Sao_Paulo');
    expect(await openHome(U.admin)).toContain(`Última importação do ERP: ${when}, concluída`);

    const bad = withFiles(STANDARD, {
      'lojas.csv': 'codigo;nome;fuso\nL1;Loja Centro;Marte/Olimpo\n',
    });
    const later = new Date(at.getTime() + 3_600_000);
    await importFolder({
      database: h.test.database,
      folder: await writeExport(bad),
      now: () => later,
    }).catch(() => undefined);
    const home = await openHome(U.admin);
    expect(home).toContain('recusada');
    expect(home).toContain('lojas.csv, linha 2');

    for (const user of [U.gerenteSp, U.vend1])
      expect(await openHome(user)).not.toContain('importação do ERP');
  });
});
