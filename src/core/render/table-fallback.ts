/**
 * Posting a report table where Slack may refuse it. Slack documents `data_table` and `table`
 * for messages, but a surface may refuse them (ephemeral messages, `response_url` replies, a
 * workspace or client setting); the answer is `invalid_blocks`. The report is then sent in
 * the next style — data_table → table → monospace text, which every surface accepts — and
 * the refusal is remembered per surface for the life of the process (logged once), so later
 * reports go straight to the style that works.
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

/**
 * Slack refused the blocks themselves (our own checks passed, so: the table). A
 * `response_url` answers `invalid_blocks` with HTTP 400, and Bolt's `respond` keeps only the
 * status (`statusCode: 400`), so a 400 from a response_url counts as a refusal too.
 */
export function isBlocksRefusal(e: unknown): boolean {
  const code = slackErrorCode(e);
  if (code === 'invalid_blocks' || code === 'invalid_blocks_format') return true;
  return typeof e === 'object' && e !== null && (e as { statusCode?: unknown }).statusCode === 400;
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
 * Sends `render(style)` with the surface's best style; on `invalid_blocks` steps down the
 * chain and sends again. Other errors are thrown unchanged. Returns the style that went out.
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
    try {
      await opts.send(opts.render(style));
      return style;
    } catch (e) {
      if (!isBlocksRefusal(e)) throw e;
      style = support.refuse(opts.surface, style, opts.logger, e);
      if (style === null) throw e;
    }
  }
}
