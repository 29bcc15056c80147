/**
 * Small pure builders for the Block Kit pieces the bot repeats: text objects, buttons,
 * sections, the row of view buttons (Ver · PDF · Editar · Assinar). Every text is cut to
 * Slack's limit here, so data (a long view name, emoji) can never break a payload.
 */
import type { types } from '@slack/bolt';
import { ACTION_IDS } from '../../core/render/slack-report.js';
import { SLACK_LIMITS, truncate } from '../../core/render/slack-limits.js';
import { texts } from '../texts.js';

export type Block = types.KnownBlock;
export type Button = types.Button;
export type Option = types.PlainTextOption;

/** Action ids the bot handles besides the report buttons of `ACTION_IDS`. */
export const BOT_ACTIONS = {
  run: 'view_run',
  newView: 'view_new',
  deleteConfirm: 'view_delete_confirm',
  deleteCancel: 'view_delete_cancel',
} as const;

/** Slack mrkdwn needs `&`, `<` and `>` escaped in text that comes from users or data. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function plain(text: string, max: number): types.PlainTextElement {
  return { type: 'plain_text', text: truncate(text, max) || ' ', emoji: true };
}

export function mrkdwn(text: string, max: number = SLACK_LIMITS.sectionText): types.MrkdwnElement {
  return { type: 'mrkdwn', text: truncate(text, max) };
}

export function section(text: string, blockId?: string): types.SectionBlock {
  return { type: 'section', text: mrkdwn(text), ...(blockId ? { block_id: blockId } : {}) };
}

export function contextLine(text: string): types.ContextBlock {
  return { type: 'context', elements: [mrkdwn(text, 2000)] };
}

export function header(text: string): types.HeaderBlock {
  return { type: 'header', text: plain(text, SLACK_LIMITS.headerText) };
}

export function button(
  text: string,
  actionId: string,
  value: string,
  style?: 'primary' | 'danger',
): Button {
  return {
    type: 'button',
    text: plain(text, SLACK_LIMITS.buttonText),
    action_id: actionId,
    value: value.slice(0, SLACK_LIMITS.buttonValue),
    ...(style ? { style } : {}),
  };
}

/** An option whose text and value fit Slack's limits (values we build are short ids). */
export function option(text: string, value: string): Option {
  return {
    text: plain(text, SLACK_LIMITS.optionText),
    value: value.slice(0, SLACK_LIMITS.optionValue),
  };
}

/**
 * The buttons under a view in lists and the App Home; each value is only the view id. A
 * fixed view (the goals view "Metas do mês") has no "Editar".
 */
export function viewButtons(
  viewId: number,
  blockId: string,
  opts: { editable?: boolean } = {},
): types.ActionsBlock {
  const id = String(viewId);
  return {
    type: 'actions',
    block_id: blockId,
    elements: [
      button(texts.buttons.run, BOT_ACTIONS.run, id, 'primary'),
      button(texts.buttons.pdf, ACTION_IDS.pdf, id),
      ...(opts.editable === false ? [] : [button(texts.buttons.edit, ACTION_IDS.edit, id)]),
      button(texts.buttons.subscribe, ACTION_IDS.subscribe, id),
    ],
  };
}

/** A button value that should be an id (view, subscription): a positive integer, else null. */
export function viewIdFrom(value: unknown): number | null {
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) return null;
  const n = Number(value);
  return n > 0 ? n : null;
}
