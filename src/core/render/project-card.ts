/**
 * A project card (src/core/projects/card.ts) for people: plain text for the terminal
 * (`carteira project`), Block Kit for the Slack modal, and the JSON `carteira project
 * --format json` prints. Pure functions of the card.
 */
import type { CardContact, ProjectCard } from '../projects/card.js';
import { formatDateBr } from '../portfolio/periods.js';
import { situationLabel } from '../portfolio/situations.js';
import { escapeMrkdwn, type SlackBlock } from './slack-report.js';
import { formatBoolean, formatCount, formatMoney, truncate, EMPTY_CELL } from './format.js';
import { SLACK_LIMITS } from './slack-limits.js';

export const CONTACT_CHANNEL_LABELS: Record<string, string> = {
  telefone: 'telefone',
  whatsapp: 'WhatsApp',
  visita: 'visita',
  email: 'e-mail',
};
const SOURCE_LABELS: Record<CardContact['source'], string> = {
  erp: 'ERP',
  slack: 'Slack',
  cli: 'CLI',
};

const date = (d: string | null) => (d ? formatDateBr(d) : EMPTY_CELL);
const or = (s: string | null | undefined) => (s && s.trim() ? s : EMPTY_CELL);

function daysText(card: ProjectCard): string {
  if (card.lastContactOn === null) return 'nunca houve contato registrado';
  const d = card.daysWithoutContact ?? 0;
  if (d === 0) return 'hoje';
  if (d < 0)
    return `${formatCount(-d)} ${d === -1 ? 'dia' : 'dias'} depois de ${formatDateBr(card.asOf)}`;
  return `${formatCount(d)} ${d === 1 ? 'dia' : 'dias'} sem contato`;
}

function contactLine(c: CardContact): string {
  const channel = c.channel ? (CONTACT_CHANNEL_LABELS[c.channel] ?? c.channel) : null;
  const head = [
    formatDateBr(c.on),
    channel,
    c.by ? `por ${c.by}` : null,
    `(${SOURCE_LABELS[c.source]})`,
  ]
    .filter(Boolean)
    .join(' · ');
  return c.note ? `${head}: ${c.note}` : head;
}

/** The lines of the card's summary, shared by the text and the Slack renderings. */
function facts(card: ProjectCard): [string, string][] {
  return [
    ['Cliente', `${card.client.name} (${card.client.code})`],
    [
      'Contato do cliente',
      [card.client.phone, card.client.email, card.client.city].filter(Boolean).join(' · ') ||
        EMPTY_CELL,
    ],
    ['Responsável', `${card.responsible.name} <${card.responsible.email}>`],
    ['Loja', card.store.name],
    ['Especificador', card.specifier?.name ?? EMPTY_CELL],
    ['Situação', situationLabel(card.situation)],
    ['Criação do projeto', date(card.createdOn)],
    ['Situação de fechamento', or(card.closingStatus)],
    ['Previsão de fechamento', date(card.closingForecast)],
    ['Provável venda', formatBoolean(card.probableSale)],
    ['Valor do projeto', formatMoney(card.estimatedValue)],
    ['Valor contratado', formatMoney(card.contractValue)],
    ['Último contato', `${date(card.lastContactOn)} (${daysText(card)})`],
  ];
}

function roomLines(card: ProjectCard): string[] {
  return card.rooms.map(
    (r) =>
      `${r.name} — ${formatMoney(r.value)} — ${r.contract ? `contrato ${r.contract}` : 'sem contrato'}`,
  );
}
function contractLines(card: ProjectCard): string[] {
  return card.contracts.map(
    (k) =>
      `${k.number} — ${situationLabel(k.situation)} — ${formatMoney(k.value)} — ${formatDateBr(k.createdOn)}`,
  );
}
function orderLines(card: ProjectCard): string[] {
  return card.purchaseOrders.map((o) =>
    [
      o.number,
      `contrato ${o.contract}`,
      o.supplier ?? 'fornecedor não informado',
      `emitido em ${formatDateBr(o.issuedOn)}`,
      o.status ?? 'situação não informada',
    ].join(' — '),
  );
}

/** The card for the terminal. */
export function renderCardText(card: ProjectCard): string {
  const out = [`Projeto ${card.code} — ${card.client.name}`, ''];
  const width = Math.max(...facts(card).map(([k]) => k.length));
  for (const [k, v] of facts(card)) out.push(`${`${k}:`.padEnd(width + 2)}${v}`);
  const section = (title: string, lines: string[], empty: string) => {
    out.push('', `${title} (${lines.length})`);
    if (lines.length === 0) out.push(`  ${empty}`);
    for (const l of lines) out.push(`  ${l}`);
  };
  section('Ambientes', roomLines(card), 'nenhum ambiente');
  section('Contratos', contractLines(card), 'nenhum contrato');
  section('Pedidos de compra', orderLines(card), 'nenhum pedido de compra');
  section('Contatos recentes', card.contacts.map(contactLine), 'nenhum contato registrado');
  return out.join('\n');
}

/** `carteira project --format json`: dates `AAAA-MM-DD`, money as numbers, situations as ids. */
export function toCardJson(card: ProjectCard): unknown {
  return {
    code: card.code,
    asOf: card.asOf,
    client: card.client,
    responsible: { name: card.responsible.name, email: card.responsible.email },
    store: { code: card.store.code, name: card.store.name },
    specifier: card.specifier,
    createdOn: card.createdOn,
    situation: card.situation,
    closingStatus: card.closingStatus,
    closingForecast: card.closingForecast,
    probableSale: card.probableSale,
    estimatedValue: card.estimatedValue,
    contractValue: card.contractValue,
    lastContactOn: card.lastContactOn,
    daysWithoutContact: card.daysWithoutContact,
    rooms: card.rooms,
    contracts: card.contracts,
    purchaseOrders: card.purchaseOrders,
    contacts: card.contacts,
  };
}

/**
 * Action ids: "Registrar contato" in the card (value: the project code), and the "Detalhes"
 * menu on a report (the selected option's value: the project code).
 */
export const CARD_ACTION_IDS = {
  logContact: 'project_log_contact',
  details: 'project_details',
} as const;

/** Characters typed before Slack asks for the external menu's options. */
export const DETAILS_MIN_QUERY = 2;

/** One option of the external "Detalhes" menu: "P-01 — Cliente" within Slack's 75 characters. */
export function detailsOption(p: { code: string; clientName: string }) {
  return {
    text: {
      type: 'plain_text' as const,
      text: truncate(`${p.code} — ${p.clientName}`, SLACK_LIMITS.optionText),
    },
    value: p.code.slice(0, SLACK_LIMITS.optionValue),
  };
}

/**
 * "Detalhes": a menu of the projects a report message shows, opening each one's card.
 * A separate actions block, so the report renderer stays as it is; null with no rows.
 */
export function detailsMenuBlock(
  projects: readonly string[],
  opts: { total?: number } = {},
): SlackBlock | null {
  const codes = [...new Set(projects)].slice(0, SLACK_LIMITS.selectOptions);
  if (codes.length === 0) return null;
  // More rows than a static menu holds: the menu searches (Slack asks the bot's options
  // handler, see bot/projects/index.ts) among every project the viewer may see.
  if ((opts.total ?? codes.length) > SLACK_LIMITS.selectOptions) {
    return {
      type: 'actions',
      block_id: 'project_details_menu',
      elements: [
        {
          type: 'external_select',
          action_id: CARD_ACTION_IDS.details,
          placeholder: { type: 'plain_text', text: 'Detalhes: digite o código ou o cliente' },
          min_query_length: DETAILS_MIN_QUERY,
        },
      ],
    } as unknown as SlackBlock;
  }
  return {
    type: 'actions',
    block_id: 'project_details_menu',
    elements: [
      {
        type: 'static_select',
        action_id: CARD_ACTION_IDS.details,
        placeholder: { type: 'plain_text', text: 'Detalhes de um projeto' },
        options: codes.map((c) => ({
          text: { type: 'plain_text' as const, text: truncate(c, SLACK_LIMITS.optionText) },
          value: c.slice(0, SLACK_LIMITS.optionValue),
        })),
      },
    ],
  } as unknown as SlackBlock;
}

/** At most this many lines per list in the modal; the rest is counted. */
const MAX_LIST_LINES = 15;

function listSection(title: string, lines: string[], empty: string): SlackBlock {
  const shown = lines.slice(0, MAX_LIST_LINES).map((l) => `• ${escapeMrkdwn(l)}`);
  if (lines.length > shown.length) shown.push(`_e mais ${lines.length - shown.length}_`);
  const body = shown.length ? shown.join('\n') : `_${empty}_`;
  return {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: truncate(`*${title} (${lines.length})*\n${body}`, SLACK_LIMITS.sectionText),
    },
  };
}

/** The blocks of the card's modal (or a message): facts, lists, "Registrar contato". */
export function renderCardBlocks(
  card: ProjectCard,
  opts: { canLogContact: boolean },
): SlackBlock[] {
  const factText = facts(card)
    .map(([k, v]) => `*${k}:* ${escapeMrkdwn(v)}`)
    .join('\n');
  const blocks: SlackBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(`*${escapeMrkdwn(card.code)}* — ${escapeMrkdwn(card.client.name)}`, 3000),
      },
    },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(factText, SLACK_LIMITS.sectionText) },
    },
    listSection('Ambientes', roomLines(card), 'nenhum ambiente'),
    listSection('Contratos', contractLines(card), 'nenhum contrato'),
    listSection('Pedidos de compra', orderLines(card), 'nenhum pedido de compra'),
    listSection('Contatos recentes', card.contacts.map(contactLine), 'nenhum contato registrado'),
  ];
  if (opts.canLogContact) {
    blocks.push({
      type: 'actions',
      block_id: 'card_actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Registrar contato' },
          action_id: CARD_ACTION_IDS.logContact,
          value: card.code,
        },
      ],
    });
  }
  return blocks;
}
