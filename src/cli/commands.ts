/** The subcommands of `carteira` (docs/architecture.md, "CLI"). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import type { Database } from '../core/db/database.js';
import { openConfigured } from '../core/db/open.js';
import { migrateToLatest } from '../core/db/migrate.js';
import { CarteiraError } from '../core/errors.js';
import { isIsoDate, todayIn } from '../core/portfolio/periods.js';
import { runReport } from '../core/portfolio/query.js';
import { toReportJson } from '../core/portfolio/result.js';
import { loadViewer, type Viewer } from '../core/portfolio/viewer.js';
import { renderTextTable } from '../core/render/text-table.js';
import { DEFAULT_SLACK_ROWS, renderSlackReport } from '../core/render/slack-report.js';
import { formatProjects } from '../core/render/format.js';
import {
  FILE_FORMATS,
  reportFileName,
  writeReportFile,
  type FileFormat,
} from '../core/reports/report-file.js';
import { findView, listViews } from '../core/views/views.js';
import { runChart, toChartJson } from '../core/portfolio/chart-query.js';
import {
  CHART_FORMATS,
  chartFile,
  chartFileName,
  renderChartFile,
  type ChartFormat,
} from '../core/reports/chart-file.js';
import { seedDemo } from '../core/demo/index.js';
import { freshnessOptions } from '../core/import/runs.js';
import { parse } from './args.js';
import { SUBSCRIPTION_COMMANDS } from './subscription-commands.js';
import { GOAL_COMMANDS } from './goal-commands.js';
import { PROJECT_COMMANDS } from './project-commands.js';
import { IMPORT_COMMANDS } from './import-commands.js';

export interface Command {
  usage: string;
  /** `now` is the process's clock (src/core/clock.ts); tests pass a fixed one. */
  run(args: string[], config: Config, now: Clock): Promise<number | void>;
}

const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);

export async function withDatabase<T>(
  config: Config,
  fn: (database: Database) => Promise<T>,
  opts: { persist?: boolean; migrate?: boolean } = {},
): Promise<T> {
  const database = await openConfigured(config, { persist: opts.persist ?? true });
  try {
    // The embedded database has no separate migration step: bring it up to date here
    // (unless the caller migrates itself, as `carteira migrate` does to report what ran).
    if (opts.migrate ?? database.kind === 'pglite') await migrateToLatest(database.db);
    return await fn(database);
  } finally {
    await database.close();
  }
}

/** The CLI's viewer: `--as EMAIL`, or the operator with full rights. */
export async function cliViewer(
  database: Database,
  config: Config,
  as: string | undefined,
): Promise<Viewer> {
  if (as) return loadViewer(database.db, { email: as });
  return {
    id: 0,
    name: 'Operador (CLI)',
    email: '',
    role: 'admin',
    storeId: 0,
    storeName: '',
    timezone: config.CARTEIRA_TIMEZONE,
  };
}

export function reportDate(at: string | undefined, viewer: Viewer, now: Date): string {
  if (at === undefined) return todayIn(viewer.timezone, now);
  if (!isIsoDate(at)) {
    throw new CarteiraError(
      'invalid_input',
      `Data inválida em --at: “${at}”. Use AAAA-MM-DD, ex.: --at 2026-11-30.`,
    );
  }
  return at;
}

const migrate: Command = {
  usage: 'carteira migrate — cria ou atualiza as tabelas do banco',
  async run(_args, config) {
    await withDatabase(
      config,
      async (database) => {
        const applied = await migrateToLatest(database.db);
        out(
          applied.length
            ? `Migrações aplicadas: ${applied.join(', ')}`
            : 'Banco já está atualizado.',
        );
      },
      { migrate: false },
    );
  },
};

const seed: Command = {
  usage: 'carteira seed --demo [--projects N] [--seed S] [--today AAAA-MM-DD] [--replace]',
  async run(args, config, now) {
    const { values } = parse(args, {
      demo: { type: 'boolean' },
      projects: { type: 'string' },
      seed: { type: 'string' },
      today: { type: 'string' },
      replace: { type: 'boolean' },
    });
    if (!values.demo)
      throw new CarteiraError(
        'invalid_input',
        'Use `carteira seed --demo` para gerar dados de demonstração.',
      );
    // seedDemo validates these and answers in Portuguese (one rule, in core).
    const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
    await withDatabase(
      config,
      async (database) => {
        const r = await seedDemo(database, {
          projects: num(values.projects),
          seed: num(values.seed),
          today: values.today ?? todayIn(config.CARTEIRA_TIMEZONE, now()),
          now: now(),
          replace: values.replace,
        });
        out(
          `Dados de demonstração: ${r.stores} lojas, ${r.salespeople} vendedores, ${r.clients} clientes, ` +
            `${r.projects} projetos, ${r.environments} ambientes, ${r.contracts} contratos, ` +
            `${r.purchaseOrders} pedidos de compra, ${r.goals} metas do mês (${(r.durationMs / 1000).toFixed(1)} s).`,
        );
      },
      { migrate: true },
    );
  },
};

const views: Command = {
  usage: 'carteira views list [--as EMAIL] [--format table|json]',
  async run(args, config) {
    const { values, positionals } = parse(args, {
      as: { type: 'string' },
      format: { type: 'string' },
    });
    if (positionals[0] !== 'list')
      throw new CarteiraError('invalid_input', 'Use `carteira views list [--as EMAIL]`.');
    await withDatabase(config, async (database) => {
      const viewer = await cliViewer(database, config, values.as);
      const list = (await listViews(database.db, viewer)).map((v) => ({
        id: v.id,
        name: v.name,
        visibility: v.visibility,
        description: v.description,
      }));
      if (values.format === 'json') {
        out(
          JSON.stringify(
            list.map((v) => ({ ...v, id: String(v.id) })),
            null,
            2,
          ),
        );
        return;
      }
      for (const v of list) {
        out(
          `#${String(v.id).padEnd(5)} ${v.name}${v.visibility === 'private' ? ' (privada)' : ''}${v.description ? ` — ${v.description}` : ''}`,
        );
      }
    });
  },
};

const REPORT_FORMATS = ['table', 'json', ...FILE_FORMATS, ...CHART_FORMATS] as const;

function isChartFormat(f: string): f is ChartFormat {
  return (CHART_FORMATS as readonly string[]).includes(f);
}

const report: Command = {
  usage:
    'carteira report <visão ou id> [--as EMAIL] [--at AAAA-MM-DD] [--format table|json|csv|xlsx|pdf|png|svg] [--out ARQUIVO] [--limit N]',
  async run(args, config, now) {
    const { values, positionals } = parse(args, {
      as: { type: 'string' },
      at: { type: 'string' },
      format: { type: 'string', default: 'table' },
      out: { type: 'string' },
      limit: { type: 'string' },
    });
    const format = values.format as (typeof REPORT_FORMATS)[number];
    if (!REPORT_FORMATS.includes(format)) {
      throw new CarteiraError(
        'invalid_input',
        `Formato desconhecido “${values.format}”. Use table, json, csv, xlsx, pdf, png ou svg.`,
      );
    }
    const name = positionals.join(' ');
    if (!name)
      throw new CarteiraError(
        'invalid_input',
        'Diga a visão: `carteira report "Sem contratos no mês" --as voce@loja.com.br`.',
      );
    const limit = values.limit === undefined ? undefined : Number(values.limit);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
      throw new CarteiraError('invalid_input', '--limit deve ser um número inteiro ≥ 0.');
    }
    await withDatabase(config, async (database) => {
      const viewer = await cliViewer(database, config, values.as);
      const view = await findView(database.db, viewer, name);
      const at = now();
      const asOf = reportDate(values.at, viewer, at);
      const req = {
        definition: view.definition,
        viewer,
        asOf,
        view: { id: String(view.id), name: view.name, description: view.description },
        limit,
        now: at,
        freshness: freshnessOptions(config),
      };
      if (isChartFormat(format)) {
        const chart = await renderChartFile(database.db, req, format);
        if (!chart) {
          throw new CarteiraError(
            'invalid_input',
            `A visão “${view.name}” não tem gráfico. Edite a visão no Slack (seção “Gráfico”) para escolher um.`,
          );
        }
        const file = values.out ?? chart.filename;
        await writeFile(file, chart.bytes);
        out(`Gráfico de ${chart.chart.totals.count} projetos → ${file}`);
        return;
      }
      if (format === 'table' || format === 'json') {
        const [result, chart] = await Promise.all([
          runReport(database.db, req),
          format === 'json' ? runChart(database.db, req) : null,
        ]);
        const text =
          format === 'json'
            ? JSON.stringify(
                { ...(toReportJson(result) as object), chart: toChartJson(chart) },
                null,
                2,
              )
            : renderTextTable(result);
        if (values.out) await writeFile(values.out, `${text}\n`);
        else out(text);
        return;
      }
      const file = values.out ?? reportFileName(view.name, asOf, format as FileFormat);
      const info = await writeReportFile(database.db, req, format as FileFormat, file);
      out(
        `${formatProjects(info.count, info.noun)} → ${file}${info.rowsWritten < info.count ? ` (${info.rowsWritten} linhas impressas)` : ''}`,
      );
    });
  },
};

const demo: Command = {
  usage:
    'carteira demo [--out PASTA] [--projects N] [--today AAAA-MM-DD] — o relatório de segunda-feira, sem serviços',
  async run(args, config, now) {
    const { values } = parse(args, {
      out: { type: 'string', default: 'out' },
      projects: { type: 'string' },
      today: { type: 'string' },
    });
    const dir = resolve(values.out);
    await mkdir(dir, { recursive: true });
    const embedded = { ...config, DATABASE_URL: undefined, PGLITE_DIR: undefined };
    const database = await openConfigured(embedded, { persist: false });
    try {
      out('Criando o banco embutido (PGlite) e gerando uma rede de lojas de demonstração…');
      await migrateToLatest(database.db);
      const at = now();
      const today = values.today ?? todayIn(config.CARTEIRA_TIMEZONE, at);
      const seeded = await seedDemo(database, {
        projects: values.projects ? Number(values.projects) : undefined,
        today,
        now: at,
      });
      out(
        `${seeded.stores} lojas, ${seeded.salespeople} vendedores, ${seeded.projects} projetos, ${seeded.contracts} contratos.\n`,
      );
      const admin = await database.db
        .selectFrom('salespeople')
        .select('email')
        .where('role', '=', 'admin')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const viewer = await loadViewer(database.db, { email: admin.email });
      const starters = (await listViews(database.db, viewer)).filter((v) => v.isStarter);
      const written: string[] = [];
      for (const view of starters) {
        const req = {
          definition: view.definition,
          viewer,
          asOf: today,
          view: { id: String(view.id), name: view.name, description: view.description },
          now: at,
        };
        // 100 rows: what the Slack message may show (its data_table fits up to 100 rows in
        // Slack's 10,000-character cell budget); the terminal shows the first 25.
        const result = await runReport(database.db, { ...req, limit: DEFAULT_SLACK_ROWS });
        out(renderTextTable(result, { maxRows: 25 }));
        out('');
        const slack = renderSlackReport(result, { actions: { viewId: String(view.id) } });
        const base = reportFileName(view.name, today, 'pdf').replace(/\.pdf$/, '');
        const slackFile = join(dir, `${base}.slack.json`);
        await writeFile(slackFile, `${JSON.stringify(slack, null, 2)}\n`);
        written.push(slackFile);
        for (const f of FILE_FORMATS) {
          const file = join(dir, `${base}.${f}`);
          await writeReportFile(database.db, req, f, file);
          written.push(file);
        }
        const chart = await runChart(database.db, req);
        if (chart) {
          const file = join(dir, chartFileName(view.name, today, 'png'));
          await writeFile(file, (await chartFile(chart, 'png')).bytes);
          written.push(file);
        }
      }
      out(`Relatórios de ${viewer.name} (administrador) em ${today}, gravados em ${dir}:`);
      for (const f of written) out(`  ${f}`);
    } finally {
      await database.close();
    }
  },
};

const bot: Command = {
  usage: 'carteira bot — inicia o bot do Slack (= npm run start:bot)',
  async run(_args, config) {
    const { runBot } = await import('../bot/main.js');
    await runBot(config);
  },
};

const worker: Command = {
  usage: 'carteira worker — inicia o worker dos relatórios agendados (= npm run start:worker)',
  async run(_args, config) {
    const { runWorker } = await import('../worker/index.js');
    await runWorker(config);
  },
};

export const COMMANDS: Record<string, Command> = {
  migrate,
  seed,
  ...IMPORT_COMMANDS,
  views,
  report,
  ...PROJECT_COMMANDS,
  demo,
  ...SUBSCRIPTION_COMMANDS,
  ...GOAL_COMMANDS,
  bot,
  worker,
};

export function usage(): string {
  return [
    'carteira — visões da carteira de clientes, do ERP para o Slack',
    '',
    'Comandos:',
    ...Object.values(COMMANDS).map((c) => `  ${c.usage}`),
    '',
    'Sem DATABASE_URL, usa o banco embutido (PGlite) em .carteira-data/.',
    '',
  ].join('\n');
}
