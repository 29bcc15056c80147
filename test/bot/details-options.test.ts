/**
 * "Detalhes" on a report of more than 100 rows: an `external_select` whose options Slack
 * asks the bot for (a signed `block_suggestion` payload) as the user types. The options are
 * the viewer's projects matching the text, at most 100, within Slack's option limits — and
 * never a project outside the viewer's rights (a vendedor typing another's code gets none).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  blockSuggestionPayload,
  checkOptionsResponse,
  sendInteraction,
  type Json,
} from '../fake-slack/index.js';
import { seedBigPortfolio, type BigPortfolio } from './big-portfolio.js';
import { allText, CH, SECRET, startHarness, U, type Harness } from './harness.js';

let h: Harness;
let big: BigPortfolio;
beforeAll(async () => {
  h = await startHarness();
  big = await seedBigPortfolio(h.test.database, { projects: 250, stores: 1, people: 4 });
});
afterAll(() => h.close());

interface Option {
  text: { type: string; text: string };
  value: string;
}

async function suggest(user: string, typed: string): Promise<Option[]> {
  const res = await sendInteraction(
    h.bot.url,
    SECRET,
    blockSuggestionPayload({
      user,
      actionId: 'project_details',
      blockId: 'project_details_menu',
      value: typed,
      channel: CH.vendas,
    }),
  );
  expect(res.status).toBe(200);
  const body = res.json<{ options: Option[] }>();
  expect(checkOptionsResponse(body)).toEqual([]);
  return body.options;
}

type El = { type: string; action_id?: string; options?: unknown[]; min_query_length?: number };
function detailsMenu(body: unknown): El | undefined {
  const blocks = (body as { blocks?: { block_id?: string; elements?: El[] }[] }).blocks ?? [];
  return blocks.find((b) => b.block_id === 'project_details_menu')?.elements?.[0];
}

describe('“Detalhes” as an external_select', () => {
  it('a report of more than 100 rows offers a search menu instead of a static one', async () => {
    const { responseUrl } = await h.command(big.admin, 'ver Sem contratos no mês');
    const answers = await h.fake.waitFor((_c, f) => {
      const all = [
        ...f.responses(responseUrl).map((r) => r.body),
        ...f.messages().map((m) => m.args),
      ];
      return all.find((b) => detailsMenu(b)) ?? null;
    }, 15_000);
    const menu = detailsMenu(answers)!;
    expect(menu.type).toBe('external_select');
    expect(menu.action_id).toBe('project_details');
    expect(menu.options).toBeUndefined();
    expect(menu.min_query_length).toBeGreaterThanOrEqual(1);
  });

  it('answers at most 100 options, within Slack’s limits', async () => {
    const options = await suggest(big.admin, 'BIG');
    expect(options.length).toBe(100);
    for (const o of options) expect(o.text.text.length).toBeLessThanOrEqual(75);
  });

  it('offers only projects within the viewer’s rights', async () => {
    // vend2 types vend1's project code: nothing.
    expect(await suggest(U.vend2, 'P-01')).toEqual([]);
    // vend2's own: offered, with the client's name.
    const own = await suggest(U.vend2, 'P-0');
    const codes = own.map((o) => o.value);
    expect(codes).toContain('P-03');
    expect(codes).not.toContain('P-01');
    expect(codes).not.toContain('P-02');
    expect(codes).not.toContain('P-07');
    // The gerente of SP sees vend1's project; Manaus's gerente does not.
    expect((await suggest(U.gerenteSp, 'P-01')).map((o) => o.value)).toEqual(['P-01']);
    expect(await suggest(U.gerenteMao, 'P-01')).toEqual([]);
    // Someone not linked gets no option at all.
    expect(await suggest(U.stranger, 'P-0')).toEqual([]);
    expect(allText(own as unknown as Json)).toContain('P-03 — ');
  });
});
