import { randomBytes } from 'node:crypto';

/**
 * Slack-looking identifiers: an upper-case prefix letter and ten upper-case alphanumerics
 * (`F07ABC…`), message timestamps `"1700000000.000100"` that always increase, trigger ids
 * `"1234567890123.1234567890.0123456789abcdef…"`.
 */
export class IdFactory {
  private counter = 0;
  private lastTsMicros = 0;

  constructor(private readonly now: () => number) {}

  /** `prefix` + 10 chars; a counter keeps them unique, a random tail keeps them Slack-like. */
  id(prefix: string): string {
    this.counter += 1;
    const seq = this.counter.toString(36).toUpperCase().padStart(4, '0');
    const tail = randomBytes(6)
      .toString('hex')
      .toUpperCase()
      .replace(/[^0-9A-Z]/g, '');
    return `${prefix}${seq}${tail}`.slice(0, 11);
  }

  /** A message ts: epoch seconds, a dot, six digits; strictly increasing across calls. */
  ts(): string {
    const micros = Math.max(Math.floor(this.now()) * 1000, this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    const seconds = Math.floor(micros / 1_000_000);
    const fraction = String(micros % 1_000_000).padStart(6, '0');
    return `${seconds}.${fraction}`;
  }

  triggerId(): string {
    const a = String(Math.floor(this.now())).padStart(13, '0');
    const b = String(1_000_000_000 + (this.counter++ % 9_000_000_000));
    return `${a}.${b}.${randomBytes(16).toString('hex')}`;
  }

  hash(): string {
    return `${Math.floor(this.now() / 1000)}.${randomBytes(4).toString('hex')}`;
  }

  /** Slack fills in missing block_id / action_id with short random strings like `"Xb9sK"`. */
  shortRandom(): string {
    return randomBytes(4).toString('base64url').slice(0, 5);
  }
}
