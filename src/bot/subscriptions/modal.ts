/**
 * The "Assinar visão" modal, pure: the form's state, the modal built from it, and the
 * state read back from Slack's `view.state.values`. Inputs that change what the modal
 * shows (destination, frequency, days, time, zone, cron) dispatch block actions; the
 * redraw keeps every value and refreshes the preview — the schedule in words and the next
 * three send times — so the user sees what they get before saving.
 */
import { isChannelId } from '../../core/subscriptions/create-subscription.js';
import type { types } from '@slack/bolt';
import { z } from 'zod';
import type { Viewer } from '../../core/portfolio/viewer.js';
import {
  describeSchedule,
  formatOccurrence,
  nextOccurrences,
  scheduleSpecSchema,
  type ScheduleSpec,
} from '../../core/subscriptions/schedule.js';
import { canCreateSubscription } from '../../core/access.js';
import {
  SUBSCRIPTION_FORMATS,
  type Destination,
  type SubscriptionFormat,
} from '../../core/subscriptions/subscription.js';
import type { SavedView } from '../../core/views/views.js';
import { contextLine, esc, option, plain, section, type Block } from '../blocks/elements.js';
import { FORMAT_OPTIONS, t, TIMEZONE_OPTIONS, WEEKDAY_OPTIONS } from './texts.js';

export const MODAL_CALLBACK_ID = 'subscription_modal';

/** Block ids (errors are keyed by these) and the action id of each block's element. */
export const B = {
  dest: 'sub_dest',
  channel: 'sub_channel',
  freq: 'sub_freq',
  weekdays: 'sub_weekdays',
  monthDay: 'sub_monthday',
  cron: 'sub_cron',
  time: 'sub_time',
  tz: 'sub_tz',
  format: 'sub_format',
  options: 'sub_options',
  preview: 'sub_preview',
} as const;

const A = {
  dest: 'sub_m_dest',
  channel: 'sub_m_channel',
  freq: 'sub_m_freq',
  weekdays: 'sub_m_weekdays',
  monthDay: 'sub_m_monthday',
  cron: 'sub_m_cron',
  time: 'sub_m_time',
  tz: 'sub_m_tz',
  format: 'sub_m_format',
  options: 'sub_m_options',
} as const;

/** Inputs whose change redraws the modal. */
export const DISPATCHING_ACTIONS = [
  A.dest,
  A.freq,
  A.weekdays,
  A.monthDay,
  A.cron,
  A.time,
  A.tz,
] as const;

export type Frequency = 'daily' | 'weekly' | 'monthly' | 'cron';

export interface SubscriptionForm {
  destination: Destination;
  channelId: string | null;
  frequency: Frequency;
  weekdays: number[];
  monthDay: number | 'last';
  time: string;
  cron: string;
  timezone: string;
  format: SubscriptionFormat;
  skipEmpty: boolean;
  /** "Só enviar se algo mudou". */
  onlyIfChanged: boolean;
  /** "Após a importação do dia". */
  waitForImport: boolean;
}

const metadataSchema = z.object({
  viewId: z.number().int().positive(),
  channelId: z.string().nullable(),
});
export type ModalMetadata = z.infer<typeof metadataSchema>;

export function encodeMetadata(m: ModalMetadata): string {
  return JSON.stringify(m);
}

export function decodeMetadata(raw: string | undefined): ModalMetadata | null {
  try {
    const r = metadataSchema.safeParse(JSON.parse(raw ?? ''));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

const isChannel = isChannelId;

/** The form as it opens: the current channel for a gerente, the DM for a vendedor. */
export function initialForm(viewer: Viewer, currentChannel: string | null): SubscriptionForm {
  const channelOk = canCreateSubscription(viewer, 'channel');
  return {
    destination: channelOk && isChannel(currentChannel) ? 'channel' : 'dm',
    channelId: isChannel(currentChannel) ? currentChannel : null,
    frequency: 'weekly',
    weekdays: [1],
    monthDay: 1,
    time: '08:00',
    cron: '0 8 * * 1',
    timezone: viewer.timezone,
    format: 'table',
    skipEmpty: false,
    onlyIfChanged: false,
    waitForImport: false,
  };
}

/** The schedule the form describes (not yet validated). */
export function scheduleOf(form: SubscriptionForm): z.input<typeof scheduleSpecSchema> {
  switch (form.frequency) {
    case 'daily':
      return { kind: 'daily', time: form.time, timezone: form.timezone };
    case 'weekly':
      return { kind: 'weekly', weekdays: form.weekdays, time: form.time, timezone: form.timezone };
    case 'monthly':
      return { kind: 'monthly', day: form.monthDay, time: form.time, timezone: form.timezone };
    case 'cron':
      return { kind: 'cron', expression: form.cron, timezone: form.timezone };
  }
}

/** The schedule, valid, or the Portuguese reason it is not. */
export function parseFormSchedule(
  form: SubscriptionForm,
): { spec: ScheduleSpec } | { error: string } {
  if (form.frequency === 'weekly' && form.weekdays.length === 0)
    return { error: t.modal.chooseWeekday };
  if (form.frequency === 'cron' && form.cron.trim() === '') return { error: t.modal.typeCron };
  const r = scheduleSpecSchema.safeParse(scheduleOf(form));
  if (!r.success) return { error: r.error.issues[0]?.message ?? 'Agenda inválida.' };
  return { spec: r.data };
}

/** The block an error about the schedule belongs beside. */
export function scheduleBlock(form: SubscriptionForm): string {
  if (form.frequency === 'cron') return B.cron;
  if (form.frequency === 'weekly' && form.weekdays.length === 0) return B.weekdays;
  return B.time;
}

export function previewText(form: SubscriptionForm, now: Date, homeTimezone: string): string {
  const parsed = parseFormSchedule(form);
  if ('error' in parsed) return t.modal.previewInvalid(parsed.error);
  const next = nextOccurrences(parsed.spec, now, 3).map((d) =>
    formatOccurrence(d, parsed.spec.timezone),
  );
  return t.modal.preview(describeSchedule(parsed.spec, homeTimezone), next);
}

// ---------------------------------------------------------------------------------------
// Building the modal

function inputBlock(
  blockId: string,
  label: string,
  element: types.InputBlock['element'],
  opts: { dispatch?: boolean; optional?: boolean; hint?: string } = {},
): types.InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, 2000),
    element,
    ...(opts.dispatch ? { dispatch_action: true } : {}),
    ...(opts.optional ? { optional: true } : {}),
    ...(opts.hint ? { hint: plain(opts.hint, 2000) } : {}),
  };
}

export function subscriptionModal(opts: {
  viewer: Viewer;
  view: Pick<SavedView, 'id' | 'name' | 'description'>;
  form: SubscriptionForm;
  meta: ModalMetadata;
  now: Date;
}): types.ModalView {
  const { viewer, view, form } = opts;
  const blocks: Block[] = [
    section(
      t.modal.view(esc(view.name)) + (view.description ? `\n_${esc(view.description)}_` : ''),
    ),
  ];

  const destOptions = [
    option(t.modal.destDm, 'dm'),
    ...(canCreateSubscription(viewer, 'channel') ? [option(t.modal.destChannel, 'channel')] : []),
    ...(canCreateSubscription(viewer, 'each_salesperson')
      ? [option(t.modal.destEach, 'each_salesperson')]
      : []),
  ];
  const destInitial = destOptions.find((o) => o.value === form.destination) ?? destOptions[0]!;
  blocks.push(
    inputBlock(
      B.dest,
      t.modal.destination,
      {
        type: 'radio_buttons',
        action_id: A.dest,
        options: destOptions,
        initial_option: destInitial,
      },
      {
        dispatch: true,
        hint: form.destination === 'each_salesperson' ? t.modal.destEachHint : undefined,
      },
    ),
  );
  if (!canCreateSubscription(viewer, 'channel')) blocks.push(contextLine(t.modal.vendedorOnlyDm));

  if (form.destination === 'channel') {
    blocks.push(
      inputBlock(B.channel, t.modal.channel, {
        type: 'conversations_select',
        action_id: A.channel,
        placeholder: plain(t.modal.channelPlaceholder, 150),
        filter: {
          include: ['public', 'private'],
          exclude_bot_users: true,
          exclude_external_shared_channels: true,
        },
        ...(form.channelId
          ? { initial_conversation: form.channelId }
          : { default_to_current_conversation: true }),
      }),
    );
  }

  const freqOptions = [
    option(t.modal.daily, 'daily'),
    option(t.modal.weekly, 'weekly'),
    option(t.modal.monthly, 'monthly'),
    option(t.modal.cron, 'cron'),
  ];
  blocks.push(
    inputBlock(
      B.freq,
      t.modal.frequency,
      {
        type: 'static_select',
        action_id: A.freq,
        options: freqOptions,
        initial_option: freqOptions.find((o) => o.value === form.frequency)!,
      },
      { dispatch: true },
    ),
  );

  if (form.frequency === 'weekly') {
    const dayOptions = WEEKDAY_OPTIONS.map((d) => option(d.label, String(d.value)));
    const selected = dayOptions.filter((o) => form.weekdays.includes(Number(o.value)));
    blocks.push(
      inputBlock(
        B.weekdays,
        t.modal.weekdays,
        {
          type: 'checkboxes',
          action_id: A.weekdays,
          options: dayOptions,
          ...(selected.length ? { initial_options: selected } : {}),
        },
        { dispatch: true },
      ),
    );
  }
  if (form.frequency === 'monthly') {
    const dayOptions = [
      ...Array.from({ length: 31 }, (_, i) => option(`Dia ${i + 1}`, String(i + 1))),
      option(t.modal.lastDay, 'last'),
    ];
    blocks.push(
      inputBlock(
        B.monthDay,
        t.modal.monthDay,
        {
          type: 'static_select',
          action_id: A.monthDay,
          options: dayOptions,
          initial_option:
            dayOptions.find((o) => o.value === String(form.monthDay)) ?? dayOptions[0]!,
        },
        { dispatch: true },
      ),
    );
  }
  if (form.frequency === 'cron') {
    blocks.push(
      inputBlock(
        B.cron,
        t.modal.cronLabel,
        {
          type: 'plain_text_input',
          action_id: A.cron,
          initial_value: form.cron,
          dispatch_action_config: { trigger_actions_on: ['on_enter_pressed'] },
        },
        { dispatch: true, hint: t.modal.cronHint },
      ),
    );
  } else {
    blocks.push(
      inputBlock(
        B.time,
        t.modal.time,
        { type: 'timepicker', action_id: A.time, initial_time: form.time },
        { dispatch: true },
      ),
    );
  }

  const zones = TIMEZONE_OPTIONS.some((z) => z.value === form.timezone)
    ? TIMEZONE_OPTIONS
    : [{ value: form.timezone, label: form.timezone }, ...TIMEZONE_OPTIONS];
  const tzOptions = zones.map((z) => option(z.label, z.value));
  blocks.push(
    inputBlock(
      B.tz,
      t.modal.timezone,
      {
        type: 'static_select',
        action_id: A.tz,
        options: tzOptions,
        initial_option: tzOptions.find((o) => o.value === form.timezone)!,
      },
      { dispatch: true },
    ),
  );

  const formatOptions = FORMAT_OPTIONS.map((f) => option(f.label, f.value));
  blocks.push(
    inputBlock(B.format, t.modal.format, {
      type: 'static_select',
      action_id: A.format,
      options: formatOptions,
      initial_option: formatOptions.find((o) => o.value === form.format)!,
    }),
  );
  const skip = option(t.modal.skipEmpty, 'skip_empty');
  const changed = option(t.modal.onlyIfChanged, 'only_if_changed');
  const afterImport = option(t.modal.waitForImport, 'wait_for_import');
  const checked = [
    ...(form.skipEmpty ? [skip] : []),
    ...(form.onlyIfChanged ? [changed] : []),
    ...(form.waitForImport ? [afterImport] : []),
  ];
  blocks.push(
    inputBlock(
      B.options,
      t.modal.options,
      {
        type: 'checkboxes',
        action_id: A.options,
        options: [skip, changed, afterImport],
        ...(checked.length ? { initial_options: checked } : {}),
      },
      { optional: true },
    ),
  );
  blocks.push(
    { type: 'divider' },
    section(previewText(form, opts.now, viewer.timezone), B.preview),
  );

  return {
    type: 'modal',
    callback_id: MODAL_CALLBACK_ID,
    title: plain(t.modal.title, 24),
    submit: plain(t.modal.submit, 24),
    close: plain(t.modal.close, 24),
    private_metadata: encodeMetadata(opts.meta),
    blocks,
  };
}

// ---------------------------------------------------------------------------------------
// Reading the state back

/** Slack's `view.state.values`: block id → action id → element state. */
export type StateValues = Record<
  string,
  Record<string, Record<string, unknown> | undefined> | undefined
>;

function selected(values: StateValues, block: string, action: string): string | undefined {
  const s = values[block]?.[action] as { selected_option?: { value?: string } | null } | undefined;
  return s?.selected_option?.value ?? undefined;
}

/** The form from the modal's state; inputs not on screen keep `base`'s values. */
export function formFromState(values: StateValues, base: SubscriptionForm): SubscriptionForm {
  const form = { ...base };
  const dest = selected(values, B.dest, A.dest);
  if (dest === 'channel' || dest === 'dm' || dest === 'each_salesperson') form.destination = dest;
  const channel = values[B.channel]?.[A.channel] as
    { selected_conversation?: string | null } | undefined;
  if (channel && channel.selected_conversation !== undefined)
    form.channelId = channel.selected_conversation;
  const freq = selected(values, B.freq, A.freq);
  if (freq === 'daily' || freq === 'weekly' || freq === 'monthly' || freq === 'cron')
    form.frequency = freq;
  const days = values[B.weekdays]?.[A.weekdays] as
    { selected_options?: { value: string }[] } | undefined;
  if (days?.selected_options)
    form.weekdays = days.selected_options
      .map((o) => Number(o.value))
      .filter((n) => n >= 1 && n <= 7);
  const monthDay = selected(values, B.monthDay, A.monthDay);
  if (monthDay) form.monthDay = monthDay === 'last' ? 'last' : Number(monthDay);
  const cron = values[B.cron]?.[A.cron] as { value?: string | null } | undefined;
  if (cron && cron.value !== undefined) form.cron = cron.value ?? '';
  const time = values[B.time]?.[A.time] as { selected_time?: string | null } | undefined;
  if (time?.selected_time) form.time = time.selected_time;
  const tz = selected(values, B.tz, A.tz);
  if (tz) form.timezone = tz;
  const format = selected(values, B.format, A.format);
  if (format && (SUBSCRIPTION_FORMATS as readonly string[]).includes(format))
    form.format = format as SubscriptionFormat;
  const opts = values[B.options]?.[A.options] as
    { selected_options?: { value: string }[] } | undefined;
  if (opts?.selected_options) {
    form.skipEmpty = opts.selected_options.some((o) => o.value === 'skip_empty');
    form.onlyIfChanged = opts.selected_options.some((o) => o.value === 'only_if_changed');
    form.waitForImport = opts.selected_options.some((o) => o.value === 'wait_for_import');
  }
  return form;
}
