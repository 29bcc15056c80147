/**
 * Bolt and the Web API client log through @slack/logger's interface; this adapter sends
 * those lines to our pino logger (structured, with secrets redacted) instead of the console.
 */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../core/logger.js';

type PinoLevel = 'debug' | 'info' | 'warn' | 'error';

/** Bolt passes several loose arguments; an Error among them becomes pino's `err`. */
function write(logger: Logger, level: PinoLevel, args: unknown[]): void {
  const err = args.find((a): a is Error => a instanceof Error);
  const text = args
    .filter((a) => a !== err)
    .map((a) => (typeof a === 'string' ? a : JSON.stringify(a)))
    .join(' ');
  if (err) logger[level]({ err }, text || err.message);
  else logger[level](text);
}

export function boltLogger(base: Logger): BoltLogger {
  let logger = base.child({ component: 'slack' });
  return {
    debug: (...args: unknown[]) => write(logger, 'debug', args),
    info: (...args: unknown[]) => write(logger, 'info', args),
    warn: (...args: unknown[]) => write(logger, 'warn', args),
    error: (...args: unknown[]) => write(logger, 'error', args),
    // Our level comes from LOG_LEVEL; Bolt asking for another level is ignored on purpose.
    setLevel: () => {},
    getLevel: () => {
      const level = logger.level;
      if (level === 'debug' || level === 'trace') return LogLevel.DEBUG;
      if (level === 'info') return LogLevel.INFO;
      if (level === 'warn') return LogLevel.WARN;
      return LogLevel.ERROR;
    },
    setName: (name: string) => {
      logger = base.child({ component: name });
    },
  };
}
