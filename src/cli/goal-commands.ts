/**
 * `carteira goals`: monthly goals from the terminal.
 *
 *   carteira goals progress [--month AAAA-MM] [--as EMAIL] [--at AAAA-MM-DD] [--format table|json]
 *   carteira goals set --month AAAA-MM --measure valor_contratado|contratos|projetos --value N
 *                      [--store CÓDIGO | --salesperson EMAIL] [--as EMAIL]
 *   carteira goals history [--month AAAA-MM] [--as EMAIL] [--format table|json]
 *
 * Without `--as` the operator acts (all goals; changes recorded as the CLI's).
 */
import { DateTime } from 'luxon';
import type { Config } from '../core/config.js';
import { CarteiraError } from '../core/errors.js';
import {
  goalHistory,
  isGoalMeasure,
  MEASURE_LABELS,
  setGoal,
  type GoalOwner,
} from '../core/goals/goals.js';
import { goalFigures, goalProgress, type GoalProgress } from '../core/goals/progress.js';
import { isInvalid, parseMoney } from '../core/import/values.js';
import { formatGoalFigure, formatGoalRatio } from '../core/goals/format.js';
import { describeGoalChange, goalChangesOf, goalMonthLabel } from '../core/goals/history.js';
import { parse } from './args.js';
import { cliViewer, reportDate, withDatabase, type Command } from './commands.js';

/** `2026-02` → `2026-02-28`. */
function monthLastDay(month: string): string {
  return DateTime.fromISO(`${month}-01`, { zone: 'UTC' }).endOf('month').toISODate()!;
}

const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);

const USAGE =
  'carteira goals progress [--month AAAA-MM] [--as EMAIL] [--at AAAA-MM-DD] [--format table|json] | ' +
  'goals set --month AAAA-MM --measure valor_contratado|contratos|projetos --value N [--store CÓDIGO | --salesperson EMAIL] | ' +
  'goals history [--month AAAA-MM] [--as EMAIL] [--format table|json]';

const figure = (measure: GoalProgress['measure'], n: number | null) => formatGoalFigure(measure, n);

function whose(g: GoalProgress): string {
  if (g.scope === 'salesperson') return `${g.salespersonName ?? g.salesperson} (${g.storeName})`;
  if (g.scope === 'store') return `Loja ${g.storeName}`;
  return 'Empresa';
}

async function progress(args: string[], config: Config, now: Date): Promise<number> {
  const { values } = parse(args, {
    month: { type: 'string' },
    as: { type: 'string' },
    at: { type: 'string' },
    format: { type: 'string', default: 'table' },
  });
  if (values.format !== 'table' && values.format !== 'json') {
    throw new CarteiraError('invalid_input', 'Use --format table ou --format json.');
  }
  return withDatabase(config, async (database) => {
    const viewer = await cliViewer(database, config, values.as);
    const asOf = reportDate(values.at, viewer, now);
    const report = await goalProgress(database.db, { viewer, asOf, month: values.month });
    if (values.format === 'json') {
      out(
        JSON.stringify(
          {
            month: report.month,
            asOf: report.asOf,
            goals: report.goals.map((g) => ({
              scope: g.scope,
              salesperson: g.scope === 'salesperson' ? g.salesperson : null,
              store: g.scope === 'store' ? g.store : null,
              ...goalFigures(g),
            })),
          },
          null,
          2,
        ),
      );
      return 0;
    }
    if (report.goals.length === 0) {
      out(
        `Nenhuma meta para ${goalMonthLabel(report.month)}. Defina com \`carteira goals set\`, no Slack (\`/carteira metas\`) ou em metas.csv.`,
      );
      return 0;
    }
    // The last day counted: the report date, clamped to the month.
    const end = monthLastDay(report.month);
    const last = end < report.asOf ? end : report.asOf;
    out(
      report.asOf < `${report.month}-01`
        ? `Metas de ${goalMonthLabel(report.month)} (o mês ainda não começou):`
        : `Metas de ${goalMonthLabel(report.month)} até ${last.split('-').reverse().join('/')}:`,
    );
    for (const g of report.goals) {
      const pct = formatGoalRatio(g.ratio);
      out(
        `  ${whose(g)} · ${MEASURE_LABELS[g.measure]}: meta ${figure(g.measure, g.target)}, ` +
          `realizado ${figure(g.measure, g.achieved)} (${pct}), falta ${figure(g.measure, g.remaining)}, ` +
          `${g.businessDaysLeft} dias úteis, ritmo necessário ${formatGoalFigure(g.measure, g.dailyPaceNeeded, { pace: true })}/dia, ` +
          `projeção ${figure(g.measure, g.projection)}`,
      );
    }
    return 0;
  });
}

/** Who changed which goal of the month, when, from what to what — the goals `--as` may see. */
async function history(args: string[], config: Config, now: Date): Promise<number> {
  const { values } = parse(args, {
    month: { type: 'string' },
    as: { type: 'string' },
    format: { type: 'string', default: 'table' },
  });
  if (values.format !== 'table' && values.format !== 'json') {
    throw new CarteiraError('invalid_input', 'Use --format table ou --format json.');
  }
  return withDatabase(config, async (database) => {
    const viewer = await cliViewer(database, config, values.as);
    const month = values.month ?? reportDate(undefined, viewer, now).slice(0, 7);
    const h = await goalChangesOf(database.db, { viewer, month });
    if (values.format === 'json') {
      out(
        JSON.stringify(
          {
            month: h.month,
            timezone: viewer.timezone,
            changes: h.changes.map((c) => ({
              changedAt: c.changedAt.toISOString(),
              changedBy: c.changedBy,
              changedByName: c.changedByName,
              source: c.source,
              scope: c.scope,
              salesperson: c.scope === 'salesperson' ? c.salesperson : null,
              store: c.store,
              measure: c.measure,
              oldTarget: c.oldTarget,
              newTarget: c.newTarget,
            })),
          },
          null,
          2,
        ),
      );
      return 0;
    }
    const label = goalMonthLabel(h.month);
    if (h.changes.length === 0) {
      out(
        `Nenhuma alteração nas metas de ${label} que você possa ver. ` +
          'Defina metas com `carteira goals set`, no Slack (`/carteira metas`) ou em metas.csv.',
      );
      return 0;
    }
    out(
      `Histórico das metas de ${label} (horários em ${viewer.timezone}), mais recentes primeiro:`,
    );
    for (const c of h.changes) out(`  ${describeGoalChange(c, viewer.timezone)}`);
    return 0;
  });
}

async function set(args: string[], config: Config, now: Date): Promise<number> {
  const { values } = parse(args, {
    month: { type: 'string' },
    measure: { type: 'string' },
    value: { type: 'string' },
    store: { type: 'string' },
    salesperson: { type: 'string' },
    as: { type: 'string' },
  });
  if (!values.month || !values.measure || values.value === undefined) {
    throw new CarteiraError('invalid_input', `Faltam opções. Use: ${USAGE}`);
  }
  if (!isGoalMeasure(values.measure)) {
    throw new CarteiraError(
      'invalid_input',
      `Medida inválida: “${values.measure}”. Use valor_contratado, contratos ou projetos.`,
    );
  }
  if (values.store && values.salesperson) {
    throw new CarteiraError(
      'invalid_input',
      'Use --store (meta da loja) ou --salesperson (meta do vendedor), não os dois.',
    );
  }
  const parsed = parseMoney(values.value, '--value');
  if (isInvalid(parsed)) throw new CarteiraError('invalid_input', `${parsed.reason}.`);
  const target = Number(parsed);
  const measure = values.measure;
  return withDatabase(config, async (database) => {
    const db = database.db;
    const actor = values.as ? await cliViewer(database, config, values.as) : null;
    let owner: GoalOwner = { kind: 'company' };
    if (values.store) {
      const st = await db
        .selectFrom('stores')
        .select('id')
        .where('code', '=', values.store.trim())
        .executeTakeFirst();
      if (!st) throw new CarteiraError('invalid_input', `Loja “${values.store}” não encontrada.`);
      owner = { kind: 'store', storeId: st.id };
    } else if (values.salesperson) {
      const sp = await db
        .selectFrom('salespeople')
        .select('id')
        .where('email', '=', values.salesperson.trim().toLowerCase())
        .where('active', '=', true)
        .executeTakeFirst();
      if (!sp)
        throw new CarteiraError(
          'invalid_input',
          `Nenhum vendedor ativo com o e-mail ${values.salesperson}.`,
        );
      owner = { kind: 'salesperson', salespersonId: sp.id };
    }
    const r = await setGoal(db, {
      actor,
      input: { month: values.month!, measure, owner, target },
      source: 'cli',
      now,
    });
    const what = `${MEASURE_LABELS[measure]} de ${values.month}`;
    if (!r.changed) out(`A meta de ${what} já era ${figure(measure, target)}. Nada mudou.`);
    else if (r.previous === null) out(`Meta de ${what} definida: ${figure(measure, target)}.`);
    else
      out(`Meta de ${what} alterada: ${figure(measure, r.previous)} → ${figure(measure, target)}.`);
    const history = await goalHistory(db, r.goalId);
    if (history.length > 1) out(`Histórico: ${history.length} alterações.`);
    return 0;
  });
}

export const GOAL_COMMANDS: Record<string, Command> = {
  goals: {
    usage: `${USAGE} — metas do mês: progresso, definição e histórico`,
    async run(args, config, now) {
      const [sub, ...rest] = args;
      if (sub === 'progress') return progress(rest, config, now());
      if (sub === 'set') return set(rest, config, now());
      if (sub === 'history') return history(rest, config, now());
      throw new CarteiraError('invalid_input', `Use: ${USAGE}`);
    },
  },
};
