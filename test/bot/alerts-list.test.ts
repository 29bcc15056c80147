/**
 * A follow-up alert (a subscription without a view) in Slack's subscription list: it reads
 * as an alert, the list stays valid Block Kit, and its buttons (history) work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlert } from '../../src/core/alerts/create-alert.js';
import { allText, expectValidMessage, NOW, startHarness, U, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('an alert in /carteira assinaturas', () => {
  it('is listed readably, with working buttons', async () => {
    const alert = await createAlert(h.db, {
      owner: await h.viewer('gerenteSp'),
      input: {
        condition: 'stalled_contract',
        days: 30,
        escalateAfterDays: 5,
        schedule: { kind: 'cron', expression: '0 8 * * 1-5', timezone: 'America/Sao_Paulo' },
      },
      now: NOW,
    });
    const { responseUrl } = await h.command(U.gerenteSp, 'assinaturas');
    const [list] = await h.responses(responseUrl);
    expectValidMessage(list!.body);
    const text = allText(list!.body);
    expect(text).toContain('Alerta “contratos parados na mesma situação há mais de 30 dias”');
    expect(text).toContain('também ao supervisor ou gerente');

    const history = await h.click(U.gerenteSp, 'sub_history', String(alert.id));
    const [hist] = await h.responses(history.responseUrl!);
    expect(allText(hist!.body)).toContain(`Histórico da assinatura #${alert.id}`);
  });
});
