/**
 * Posting a report table where Slack may refuse it. Slack documents `data_table` and `table`
 * for messages, but a surface may refuse them (ephemeral messages, `response_url` replies, a
 * workspace or client setting); the answer is `invalid_blocks`. The report is then sent in
 * the next style — data_table → table → monospace text, which every surface accepts — and
 * the refusal is remembered per surface for the life of the process (logged once), so later
 * reports go straight to the style that works. Only a refusal of the table block itself
 * does that (`isTableRefusal`, read from Slack's json-pointers); every other error surfaces.
 *
 * Pure of Slack clients: the caller passes how to render a style and how to send it.
 */
import type { Logger } from '../logger.js';
import { TABLE_STYLES, type TableStyle } from './slack-report.js';

/** Where a report message goes. */
export type TableSurface = 'message' | 'ephemeral' | 'response_url';

/** The Slack error code in a WebClient error (`data.error`) or an HTTP reply (`response.data`). */
export function slackErrorCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const o = e as { data?: { error?: unknown }; response?: { data?: { error?: unknown } } };
  const code = o.data?.error ?? o.response?.data?.error;
  return typeof code === 'string' ? code : undefined;
}

/** Slack's problem messages in an error: `[ERROR] … [json-pointer:/blocks/3/rows]`. */
export function slackErrorMessages(e: unknown): string[] {
  if (typeof e !== 'object' || e === null) return [];
  const o = e as {
    data?: { response_metadata?: { messages?: unknown } };
    response?: { data?: { response_metadata?: { messages?: unknown } } };
  };
  const list = o.data?.response_metadata?.messages ?? o.response?.data?.response_metadata?.messages;
  return Array.isArray(list) ? list.filter((m): m is string => typeof m === 'string') : [];
}

/** The block a json-pointer is in (`/blocks/2/…`, `/attachments/0/blocks/1/…`), if any. */
function blockAt(message: unknown, pointer: string): unknown {
  const m = /^\/(?:attachments\/(\d+)\/)?blocks\/(\d+)(?:\/|$)/.exec(pointer);
  if (!m || typeof message !== 'object' || message === null) return undefined;
  const msg = message as { blocks?: unknown[]; attachments?: { blocks?: unknown[] }[] };
  const blocks = m[1] === undefined ? msg.blocks : msg.attachments?.[Number(m[1])]?.blocks;
  return Array.isArray(blocks) ? blocks[Number(m[2])] : undefined;
}

const TABLE_TYPES = new Set(['data_table', 'table']);

function isTableBlock(block: unknown): boolean {
  return (
    typeof block === 'object' &&
    block !== null &&
    TABLE_TYPES.has(String((block as { type?: unknown }).type))
  );
}

/**
 * Slack refused `message` because of its table block, and only for it: an `invalid_blocks`
 * whose every problem points at the table block (its json-pointer, e.g. the cell budget or
 * "unsupported block type: data_table" at `/blocks/3/type`) or, with no pointer, names the
 * table's block type. Anything else — a refusal of another block, a refusal without any
 * problem messages, rate limits, channel errors, an expired response_url — is not, and must
 * surface as an error instead of a silently different message.
 */
export function isTableRefusal(e: unknown, message: unknown): boolean {
  const code = slackErrorCode(e);
  if (code !== 'invalid_blocks' && code !== 'invalid_blocks_format') return false;
  const problems = slackErrorMessages(e);
  if (problems.length === 0) return false;
  const tableTypes = new Set<string>();
  const msg = message as { blocks?: unknown[]; attachments?: { blocks?: unknown[] }[] } | null;
  for (const b of [
    ...(msg?.blocks ?? []),
    ...(msg?.attachments ?? []).flatMap((a) => a.blocks ?? []),
  ])
    if (isTableBlock(b)) tableTypes.add(String((b as { type: string }).type));
  if (tableTypes.size === 0) return false;
  return problems.every((p) => {
    const pointer = /\[json-pointer:([^\]]*)\]/.exec(p)?.[1];
    if (pointer !== undefined) return isTableBlock(blockAt(message, pointer));
    return [...tableTypes].some((t) => new RegExp(`(^|[^a-z_])${t}([^a-z_]|$)`).test(p));
  });
}

/** Which table style each surface takes, learned from Slack's refusals. */
export class TableSupport {
  private readonly refused = new Map<TableSurface, Set<TableStyle>>();
  private logger: Logger | undefined;

  /** Where refusals are logged when the caller gives no logger (set once at start-up). */
  useLogger(logger: Logger): void {
    this.logger = logger;
  }

  /** The first style not yet refused on `surface`. */
  styleFor(surface: TableSurface): TableStyle {
    const no = this.refused.get(surface);
    return TABLE_STYLES.find((s) => !no?.has(s)) ?? 'text';
  }

  /**
   * Remembers that `surface` refused `style` (logging it the first time) and returns the
   * style to try next, or null when `style` was the last one.
   */
  refuse(
    surface: TableSurface,
    style: TableStyle,
    logger?: Logger,
    err?: unknown,
  ): TableStyle | null {
    const set = this.refused.get(surface) ?? new Set<TableStyle>();
    if (!set.has(style)) {
      set.add(style);
      this.refused.set(surface, set);
      (logger ?? this.logger)?.warn(
        { surface, style, error: slackErrorCode(err) },
        'Slack refused this table style here; using the next one for the rest of this process',
      );
    }
    const next = TABLE_STYLES.indexOf(style) + 1;
    return next < TABLE_STYLES.length ? TABLE_STYLES[next]! : null;
  }

  reset(): void {
    this.refused.clear();
  }
}

/** The process's memory of refusals (the bot and the worker each have their own process). */
export const processTableSupport = new TableSupport();

/**
 * Sends `render(style)` with the surface's best style; when Slack refuses the table block
 * (`isTableRefusal`) steps down the chain and sends again. Any other error is thrown
 * unchanged and nothing is remembered. Returns the style that went out.
 */
export async function sendWithTableFallback<M>(opts: {
  surface: TableSurface;
  render: (style: TableStyle) => M;
  send: (message: M) => Promise<void>;
  support?: TableSupport;
  logger?: Logger;
}): Promise<TableStyle> {
  const support = opts.support ?? processTableSupport;
  let style: TableStyle | null = support.styleFor(opts.surface);
  for (;;) {
    const message = opts.render(style);
    try {
      await opts.send(message);
      return style;
    } catch (e) {
      if (!isTableRefusal(e, message)) throw e;
      style = support.refuse(opts.surface, style, opts.logger, e);
      if (style === null) throw e;
    }
  }
}
