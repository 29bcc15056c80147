/**
 * Operator commands for subscriptions and deliveries (docs/architecture.md, "CLI"): script what
 * Slack offers one at a time, and queue an occurrence by hand. The operator acts with full
 * rights; a subscription still runs with its owner's.
 *
 *   carteira subscriptions list [--format json]
 *   carteira subscriptions create --view NAME --owner EMAIL (--channel ID | --dm | --each-salesperson)
 *            --schedule "CRON" [--tz ZONE] [--format table|pdf|csv|xlsx|table+pdf…] [--skip-empty]
 *   carteira subscriptions create --alert no-contact|stalled --days N [--escalate-after M]
 *            --owner EMAIL --schedule "CRON" [--tz ZONE]
 *   carteira subscriptions trigger <id> [--occurrence AAAA-MM-DDTHH:MM]
 *   carteira subscriptions pause|resume|delete <id>
 *   carteira deliveries list [--subscription ID] [--limit N] [--format json]
 */
import type { Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import { CarteiraError } from '../core/errors.js';
import { loadViewer } from '../core/portfolio/viewer.js';
import { formatDateTimeBr } from '../core/render/format.js';
import { createSubscription } from '../core/subscriptions/create-subscription.js';
import { deleteSubscription } from '../core/subscriptions/delete-subscription.js';
import { listAllSubscriptions } from '../core/subscriptions/list-subscriptions.js';
import { pauseSubscription } from '../core/subscriptions/pause-subscription.js';
import { resumeSubscription } from '../core/subscriptions/resume-subscription.js';
import {
  describeSchedule,
  formatOccurrence,
  nextOccurrences,
} from '../core/subscriptions/schedule.js';
import { listDeliveries } from '../core/subscriptions/subscription-history.js';
import { alertLabel, type Subscription } from '../core/subscriptions/subscription.js';
import { createAlert, MAX_ALERT_DAYS } from '../core/alerts/create-alert.js';
import type { AlertCondition } from '../core/db/schema.js';
import {
  DELIVERY_STATUS_LABELS,
  destinationLabel,
  nextSendTimes,
  subscriptionState,
  subscriptionSummary,
} from '../core/subscriptions/texts.js';
import { triggerOccurrence } from '../core/subscriptions/trigger-occurrence.js';
import { findView } from '../core/views/views.js';
import { parse } from './args.js';
import { cliViewer, withDatabase, type Command } from './commands.js';

const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);

function subscriptionId(raw: string | undefined, usage: string): number {
  const id = Number(raw);
  if (!raw || !Number.isSafeInteger(id) || id <= 0) {
    throw new CarteiraError('invalid_input', `Diga o número da assinatura: \`${usage}\`.`);
  }
  return id;
}

function subscriptionJson(sub: Subscription, now: Date) {
  return {
    id: String(sub.id),
    kind: sub.kind,
    view: sub.viewId === null ? null : { id: String(sub.viewId), name: sub.viewName },
    alert: sub.alert
      ? {
          condition: sub.alert.condition,
          days: sub.alert.days,
          escalateAfterDays: sub.alert.escalateAfterDays,
          description: alertLabel(sub.alert),
        }
      : null,
    owner: { id: String(sub.ownerId), name: sub.ownerName, email: sub.ownerEmail },
    destination: sub.destination,
    channelId: sub.channelId,
    schedule: sub.schedule,
    description: describeSchedule(sub.schedule, sub.ownerTimezone),
    cron: sub.cron,
    timezone: sub.timezone,
    format: sub.format,
    skipEmpty: sub.skipEmpty,
    onlyIfChanged: sub.onlyIfChanged,
    waitForImport: sub.waitForImport,
    active: sub.active,
    pausedReason: sub.pausedReason,
    consecutiveFailures: sub.consecutiveFailures,
    next: sub.active ? nextOccurrences(sub.schedule, now, 3).map((d) => d.toISOString()) : [],
  };
}

const USAGE = {
  list: 'carteira subscriptions list [--format json]',
  create:
    'carteira subscriptions create --view NOME --owner EMAIL (--channel ID | --dm | --each-salesperson) --schedule "CRON" [--tz FUSO] [--format table|pdf|csv|xlsx|chart|table+pdf|table+csv|table+xlsx|table+chart] [--skip-empty] [--only-if-changed] [--after-import]',
  alert:
    'carteira subscriptions create --alert no-contact|stalled --days N [--escalate-after M] --owner EMAIL --schedule "CRON" [--tz FUSO]',
  trigger: 'carteira subscriptions trigger <id> [--occurrence AAAA-MM-DDTHH:MM]',
  change: 'carteira subscriptions pause|resume|delete <id>',
};

async function list(args: string[], config: Config, clock: Clock) {
  const { values } = parse(args, { format: { type: 'string', default: 'table' } });
  await withDatabase(config, async (database) => {
    const subs = await listAllSubscriptions(database.db);
    const now = clock();
    if (values.format === 'json') {
      out(
        JSON.stringify(
          subs.map((s) => subscriptionJson(s, now)),
          null,
          2,
        ),
      );
      return;
    }
    if (subs.length === 0) {
      out('Nenhuma assinatura. Crie uma com `carteira subscriptions create` ou pelo Slack.');
      return;
    }
    for (const s of subs) {
      const next = s.active ? ` · próximo: ${nextSendTimes(s, now, 1)[0] ?? '—'}` : '';
      out(
        `#${String(s.id).padEnd(5)} ${subscriptionSummary(s)} · dono ${s.ownerEmail} · ${subscriptionState(s)}${next}`,
      );
    }
  });
}

async function create(args: string[], config: Config, clock: Clock) {
  const { values } = parse(args, {
    view: { type: 'string' },
    owner: { type: 'string' },
    channel: { type: 'string' },
    dm: { type: 'boolean' },
    'each-salesperson': { type: 'boolean' },
    schedule: { type: 'string' },
    tz: { type: 'string' },
    format: { type: 'string', default: 'table' },
    'skip-empty': { type: 'boolean' },
    'only-if-changed': { type: 'boolean' },
    'after-import': { type: 'boolean' },
    alert: { type: 'string' },
    days: { type: 'string' },
    'escalate-after': { type: 'string' },
  });
  if (values.alert !== undefined) return createAlertCommand(values, config, clock);
  if (!values.view || !values.owner || !values.schedule) {
    throw new CarteiraError(
      'invalid_input',
      `Faltam opções: --view, --owner e --schedule são obrigatórias. Use: ${USAGE.create}`,
    );
  }
  const destinations = [
    values.channel !== undefined,
    values.dm === true,
    values['each-salesperson'] === true,
  ].filter(Boolean).length;
  if (destinations !== 1) {
    throw new CarteiraError(
      'invalid_input',
      'Escolha um destino: --channel ID, --dm ou --each-salesperson.',
    );
  }
  const destination =
    values.channel !== undefined ? 'channel' : values.dm ? 'dm' : 'each_salesperson';
  await withDatabase(config, async (database) => {
    const owner = await loadViewer(database.db, { email: values.owner! });
    const view = await findView(database.db, owner, values.view!);
    const sub = await createSubscription(database.db, {
      owner,
      input: {
        viewId: view.id,
        destination,
        channelId: values.channel ?? null,
        schedule: {
          kind: 'cron',
          expression: values.schedule!,
          timezone: values.tz ?? owner.timezone,
        },
        format: values.format,
        skipEmpty: values['skip-empty'] ?? false,
        onlyIfChanged: values['only-if-changed'] ?? false,
        waitForImport: values['after-import'] ?? false,
      },
      now: clock(),
    });
    out(`Assinatura #${sub.id} criada: ${subscriptionSummary(sub)}.`);
    out(`Próximos envios: ${nextSendTimes(sub, clock(), 3).join('; ')}`);
  });
}

const ALERT_FLAGS: Record<string, AlertCondition> = {
  'no-contact': 'no_contact',
  stalled: 'stalled_contract',
};

/** A whole number of days from a flag, or a Portuguese refusal naming the flag. */
function daysFlag(raw: string | undefined, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < 1 || n > MAX_ALERT_DAYS) {
    throw new CarteiraError(
      'invalid_input',
      `${flag} deve ser um número inteiro de dias entre 1 e ${MAX_ALERT_DAYS} (recebido: “${raw}”).`,
    );
  }
  return n;
}

async function createAlertCommand(
  values: Record<string, string | boolean | undefined>,
  config: Config,
  clock: Clock,
) {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const condition = ALERT_FLAGS[str('alert') ?? ''];
  if (!condition) {
    throw new CarteiraError(
      'invalid_input',
      `--alert deve ser no-contact (projetos sem contato) ou stalled (contratos parados na mesma situação). Use: ${USAGE.alert}`,
    );
  }
  const mixed = [
    'view',
    'channel',
    'dm',
    'each-salesperson',
    'skip-empty',
    'only-if-changed',
  ].filter((k) => values[k] !== undefined && values[k] !== false);
  if (mixed.length > 0 || str('format') !== 'table') {
    throw new CarteiraError(
      'invalid_input',
      `Um alerta não tem visão, destino nem formato: vai a cada responsável em privado. Tire ${[...mixed, ...(str('format') !== 'table' ? ['format'] : [])].map((k) => `--${k}`).join(', ')}. Use: ${USAGE.alert}`,
    );
  }
  const days = daysFlag(str('days'), '--days');
  if (days === undefined || !str('owner') || !str('schedule')) {
    throw new CarteiraError(
      'invalid_input',
      `Faltam opções: --days, --owner e --schedule são obrigatórias. Use: ${USAGE.alert}`,
    );
  }
  const escalateAfterDays = daysFlag(str('escalate-after'), '--escalate-after') ?? null;
  await withDatabase(config, async (database) => {
    const owner = await loadViewer(database.db, { email: str('owner')! });
    const sub = await createAlert(database.db, {
      owner,
      input: {
        condition,
        days,
        escalateAfterDays,
        schedule: {
          kind: 'cron',
          expression: str('schedule')!,
          timezone: str('tz') ?? owner.timezone,
        },
      },
      now: clock(),
    });
    out(`Alerta #${sub.id} criado: ${subscriptionSummary(sub)}.`);
    out(`Próximos envios: ${nextSendTimes(sub, clock(), 3).join('; ')}`);
  });
}

async function trigger(args: string[], config: Config, clock: Clock) {
  const { values, positionals } = parse(args, { occurrence: { type: 'string' } });
  const id = subscriptionId(positionals[0], USAGE.trigger);
  await withDatabase(config, async (database) => {
    const operator = await cliViewer(database, config, undefined);
    const { subscription: sub, occurrence } = await triggerOccurrence(database.db, operator, id, {
      occurrence: values.occurrence,
      now: clock(),
    });
    const when = formatOccurrence(occurrence.scheduledFor, sub.timezone);
    if (occurrence.created) {
      out(
        `Ocorrência de ${when} da assinatura #${sub.id} enfileirada: o worker envia ${destinationLabel(sub)} em instantes.`,
      );
    } else {
      out(
        `A ocorrência de ${when} da assinatura #${sub.id} já está registrada (${occurrence.status}): nada a enviar de novo.`,
      );
    }
  });
}

function change(verb: 'pause' | 'resume' | 'delete') {
  return async (args: string[], config: Config, clock: Clock) => {
    const { positionals } = parse(args, {});
    const id = subscriptionId(positionals[0], USAGE.change);
    await withDatabase(config, async (database) => {
      const operator = await cliViewer(database, config, undefined);
      if (verb === 'pause') {
        const s = await pauseSubscription(database.db, operator, id, {
          reason: 'pausada pelo operador',
        });
        out(`Assinatura #${s.id} pausada.`);
      } else if (verb === 'resume') {
        const s = await resumeSubscription(database.db, operator, id, { now: clock() });
        out(
          `Assinatura #${s.id} retomada. Próximos envios: ${nextSendTimes(s, clock(), 3).join('; ')}`,
        );
      } else {
        const s = await deleteSubscription(database.db, operator, id);
        out(`Assinatura #${s.id} (“${s.viewName}”) excluída.`);
      }
    });
  };
}

const SUBCOMMANDS: Record<string, (args: string[], config: Config, clock: Clock) => Promise<void>> =
  {
    list,
    create,
    trigger,
    pause: change('pause'),
    resume: change('resume'),
    delete: change('delete'),
  };

const subscriptions: Command = {
  usage: [USAGE.list, USAGE.create, USAGE.alert, USAGE.trigger, USAGE.change].join('\n  '),
  async run(args, config, now) {
    const [name, ...rest] = args;
    const fn = name ? SUBCOMMANDS[name] : undefined;
    if (!fn) {
      throw new CarteiraError(
        'invalid_input',
        `Use: ${[USAGE.list, USAGE.create, USAGE.alert, USAGE.trigger, USAGE.change].join(' | ')}`,
      );
    }
    await fn(rest, config, now);
  },
};

const deliveries: Command = {
  usage: 'carteira deliveries list [--subscription ID] [--limit N] [--format json]',
  async run(args, config) {
    const [name, ...rest] = args;
    if (name !== 'list') throw new CarteiraError('invalid_input', `Use: ${deliveries.usage}`);
    const { values } = parse(rest, {
      subscription: { type: 'string' },
      limit: { type: 'string', default: '50' },
      format: { type: 'string', default: 'table' },
    });
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      throw new CarteiraError(
        'invalid_input',
        '--limit deve ser um número inteiro entre 1 e 10000.',
      );
    }
    const subscriptionFilter =
      values.subscription === undefined
        ? undefined
        : subscriptionId(values.subscription, deliveries.usage);
    await withDatabase(config, async (database) => {
      const rows = await listDeliveries(database.db, { subscriptionId: subscriptionFilter, limit });
      if (values.format === 'json') {
        out(
          JSON.stringify(
            rows.map((d) => ({
              id: String(d.id),
              subscriptionId: String(d.subscriptionId),
              scheduledFor: d.scheduledFor.toISOString(),
              recipient: d.recipient || null,
              recipientName: d.recipientName,
              status: d.status,
              origin: d.origin,
              late: d.late,
              attempts: d.attempts,
              sentAt: d.sentAt?.toISOString() ?? null,
              slackChannel: d.slackChannel,
              slackTs: d.slackTs,
              slackFileId: d.slackFileId,
              rowCount: d.rowCount,
              error: d.error,
              note: d.note,
              changes: d.changes,
            })),
            null,
            2,
          ),
        );
        return;
      }
      if (rows.length === 0) {
        out('Nenhuma entrega registrada.');
        return;
      }
      for (const d of rows) {
        const parts = [
          `#${d.id}`,
          `assinatura #${d.subscriptionId}`,
          `previsto ${formatDateTimeBr(d.scheduledFor, config.CARTEIRA_TIMEZONE)}`,
          DELIVERY_STATUS_LABELS[d.status],
        ];
        if (d.late) parts.push('com atraso');
        if (d.recipientName) parts.push(`para ${d.recipientName}`);
        if (d.sentAt) parts.push(`enviado ${formatDateTimeBr(d.sentAt, config.CARTEIRA_TIMEZONE)}`);
        if (d.rowCount !== null) parts.push(`${d.rowCount} projetos`);
        if (d.changes)
          parts.push(
            `desde ${d.changes.since}: ${d.changes.new} novos, ${d.changes.left} saíram, ${d.changes.changed} mudaram de situação`,
          );
        if (d.error ?? d.note) parts.push(String(d.error ?? d.note));
        out(parts.join(' · '));
      }
    });
  },
};

export const SUBSCRIPTION_COMMANDS: Record<string, Command> = { subscriptions, deliveries };
