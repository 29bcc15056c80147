/**
 * The builder's `private_metadata`: only ids — new or edit, the view id, and the channel
 * the builder was opened from (where the confirmation goes). Never the definition: the
 * form's state travels in `view.state`, and the saved view is reloaded from the database.
 */
export interface BuilderMetadata {
  mode: 'new' | 'edit';
  viewId: number | null;
  /** Channel of the command or button; null when opened from the App Home. */
  channelId: string | null;
}

export const BUILDER_CALLBACK_ID = 'view_builder';

export function encodeMetadata(m: BuilderMetadata): string {
  return JSON.stringify({ m: m.mode, v: m.viewId, c: m.channelId });
}

/** The metadata, or null when it is not ours (forged or garbled). */
export function decodeMetadata(raw: unknown): BuilderMetadata | null {
  if (typeof raw !== 'string' || raw.length > 200) return null;
  try {
    const o = JSON.parse(raw) as { m?: unknown; v?: unknown; c?: unknown };
    const mode = o.m === 'new' || o.m === 'edit' ? o.m : null;
    const viewId = typeof o.v === 'number' && Number.isInteger(o.v) && o.v > 0 ? o.v : null;
    const channelId = typeof o.c === 'string' && /^[A-Z0-9]{1,20}$/.test(o.c) ? o.c : null;
    if (!mode || (mode === 'edit' && viewId === null)) return null;
    return { mode, viewId, channelId };
  } catch {
    return null;
  }
}
