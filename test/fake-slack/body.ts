import type { IncomingMessage } from 'node:http';
import type { Json } from './types.js';

/**
 * Arguments Slack documents as "a JSON-encoded string" when sent form-encoded. `@slack/web-api`
 * JSON.stringifies every non-scalar argument, so these arrive as strings inside the form.
 */
const JSON_FIELDS = new Set([
  'blocks',
  'attachments',
  'view',
  'files',
  'metadata',
  'unfurls',
  'user_auth_blocks',
]);

export async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Media type without parameters, lower-cased: `application/json; charset=utf-8` → `application/json`. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

export class BadJsonField extends Error {
  override name = 'BadJsonField';
  constructor(readonly field: string) {
    super(`field ${field} is not valid JSON`);
  }
}

/** Parses JSON-encoded fields in place; a field that is not valid JSON throws BadJsonField. */
function decodeJsonFields(args: Json): Json {
  for (const key of Object.keys(args)) {
    const value = args[key];
    if (JSON_FIELDS.has(key) && typeof value === 'string') {
      if (value === '') continue;
      try {
        args[key] = JSON.parse(value);
      } catch {
        throw new BadJsonField(key);
      }
    }
  }
  return args;
}

/**
 * Web API arguments from a request: query string, then a form or JSON body. Scalars stay as the
 * strings that were sent (form encoding has no numbers or booleans); JSON fields are decoded.
 */
export function parseApiArgs(url: URL, contentType: string | undefined, raw: Buffer): Json {
  const args: Json = Object.fromEntries(url.searchParams);
  const type = mediaType(contentType);
  const text = raw.toString('utf8');
  if (type === 'application/json') {
    if (text.trim() !== '') {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        Object.assign(args, parsed);
      }
    }
  } else if (text !== '') {
    Object.assign(args, Object.fromEntries(new URLSearchParams(text)));
  }
  return decodeJsonFields(args);
}

/**
 * The bytes of an upload POST: the first file part of a multipart/form-data body (what
 * `@slack/web-api` sends: a `body` part named `Untitled`), otherwise the raw body.
 */
export async function uploadedBytes(
  contentType: string | undefined,
  raw: Buffer,
): Promise<{ bytes: Buffer; multipartField?: string; multipartFilename?: string }> {
  if (mediaType(contentType) !== 'multipart/form-data' || !contentType) return { bytes: raw };
  // undici's Response parses multipart bodies, so the fake needs no parser of its own.
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  for (const [field, value] of form) {
    if (typeof value !== 'string') {
      return {
        bytes: Buffer.from(await value.arrayBuffer()),
        multipartField: field,
        multipartFilename: (value as File).name,
      };
    }
  }
  // No file part: take the first field's text (curl -F filename=… sends a file part anyway).
  const first = [...form.values()][0];
  return { bytes: Buffer.from(typeof first === 'string' ? first : '') };
}
