/**
 * Configuration as an operator meets it: a wrong variable in `.env` stops the process
 * with one line naming the variable (and never echoing a secret), empty values from
 * compose count as unset, and an empty environment gives the documented defaults.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig, requireKeys, SECRET_KEYS } from '../../src/core/config.js';
import { CarteiraError } from '../../src/core/errors.js';

/** The error line loadConfig stops with for `env`. */
function rejection(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(CarteiraError);
    expect((e as CarteiraError).code).toBe('config_invalid');
    return (e as Error).message;
  }
  throw new Error(`configuration was accepted: ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      REDIS_URL: 'redis://127.0.0.1:6379',
      PORT: 3000,
      WORKER_PORT: 3001,
      WORKER_CONCURRENCY: 8,
      QUEUE_PREFIX: 'carteira',
      CARTEIRA_TIMEZONE: 'America/Sao_Paulo',
      LOG_LEVEL: 'info',
      STALE_AFTER_HOURS: 26,
      IMPORT_WAIT_HOURS: 3,
    });
    // No DATABASE_URL means the embedded database; nothing Slack-related is invented.
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.SLACK_BOT_TOKEN).toBeUndefined();
    expect(config.SLACK_APP_TOKEN).toBeUndefined();
  });

  it('reads a complete production environment', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://carteira:s3nha@postgres:5432/carteira',
      REDIS_URL: 'redis://redis:6379',
      SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
      SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5',
      SLACK_APP_TOKEN: 'xapp-1-A1-2-abc',
      SLACK_API_URL: 'https://slack.com/api/',
      PORT: '8080',
      WORKER_PORT: '9090',
      WORKER_CONCURRENCY: '12',
      QUEUE_PREFIX: 'loja1',
      DASHBOARD_PASSWORD: 'uma-senha-longa',
      CARTEIRA_TIMEZONE: 'America/Manaus',
      LOG_LEVEL: 'debug',
      UNRELATED: 'ignored',
    });
    expect(config.PORT).toBe(8080);
    expect(config.WORKER_PORT).toBe(9090);
    expect(config.WORKER_CONCURRENCY).toBe(12);
    expect(config.CARTEIRA_TIMEZONE).toBe('America/Manaus');
    expect(config.LOG_LEVEL).toBe('debug');
    expect(config).not.toHaveProperty('UNRELATED');
  });

  it('treats empty and blank values as unset (compose passes `VAR=` from .env)', () => {
    const config = loadConfig({
      DATABASE_URL: '',
      PORT: '',
      WORKER_PORT: '   ',
      SLACK_BOT_TOKEN: '',
      SLACK_APP_TOKEN: '',
      DASHBOARD_PASSWORD: '',
      CARTEIRA_TIMEZONE: '',
      LOG_LEVEL: '',
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.SLACK_BOT_TOKEN).toBeUndefined();
    expect(config.SLACK_APP_TOKEN).toBeUndefined();
    expect(config.DASHBOARD_PASSWORD).toBeUndefined();
    expect(config.PORT).toBe(3000);
    expect(config.WORKER_PORT).toBe(3001);
    expect(config.CARTEIRA_TIMEZONE).toBe('America/Sao_Paulo');
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('trims stray spaces around values (a common .env mistake)', () => {
    const config = loadConfig({ PORT: ' 8080 ', SLACK_BOT_TOKEN: 'xoxb-abc \n' });
    expect(config.PORT).toBe(8080);
    expect(config.SLACK_BOT_TOKEN).toBe('xoxb-abc');
  });

  const malformed: [string, string, RegExp][] = [
    ['DATABASE_URL', 'not a url', /postgres:\/\//],
    ['REDIS_URL', 'redis host', /redis:\/\//],
    ['SLACK_API_URL', 'slack', /URL/],
    ['PORT', '70000', /porta/],
    ['PORT', 'abc', /PORT/],
    ['WORKER_PORT', '-1', /WORKER_PORT/],
    ['WORKER_CONCURRENCY', '0', /WORKER_CONCURRENCY/],
    ['SLACK_BOT_TOKEN', 'abc-123', /xoxb-/],
    ['SLACK_APP_TOKEN', 'xoxb-123', /xapp-/],
    ['SLACK_SIGNING_SECRET', 'short', /assinatura/],
    ['DASHBOARD_PASSWORD', '1234', /8\+ caracteres/],
    ['CARTEIRA_TIMEZONE', 'Mars/Base', /IANA/],
    ['LOG_LEVEL', 'loud', /info/],
  ];

  it.each(malformed)('rejects %s=%j with one line naming the variable', (name, value, expected) => {
    const line = rejection({ [name]: value });
    expect(line).not.toContain('\n');
    expect(line).toMatch(/^Configuração inválida: /);
    expect(line).toContain(name);
    expect(line).toContain(`variable ${name} is invalid`);
    expect(line).toMatch(expected);
  });

  it('names the bad variable even when others are fine', () => {
    const line = rejection({
      DATABASE_URL: 'postgres://carteira:x@db:5432/carteira',
      SLACK_BOT_TOKEN: 'xoxb-ok',
      LOG_LEVEL: 'loud',
    });
    expect(line).toContain('LOG_LEVEL');
    expect(line).not.toContain('DATABASE_URL');
    expect(line).not.toContain('SLACK_BOT_TOKEN');
  });

  it('never echoes the value of a rejected secret', () => {
    const values: Record<string, string> = {
      DATABASE_URL: 'SEGREDO-db-a1b2c3',
      REDIS_URL: 'SEGREDO-redis-d4e5f6',
      SLACK_BOT_TOKEN: 'SEGREDO-bot-g7h8i9',
      SLACK_SIGNING_SECRET: 'SEG',
      SLACK_APP_TOKEN: 'SEGREDO-app-j1k2l3',
      DASHBOARD_PASSWORD: 'SEG',
    };
    for (const key of SECRET_KEYS) {
      const line = rejection({ [key]: values[key]! });
      expect(line).toContain(key);
      expect(line).not.toContain(values[key]!);
    }
  });
});

describe('requireKeys', () => {
  it('passes when the role has what it needs', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefgh12' });
    const ready = requireKeys(config, ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET']);
    expect(ready.SLACK_BOT_TOKEN).toBe('xoxb-1');
  });

  it('stops with one line naming the first missing variable', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: '' });
    let line = '';
    try {
      requireKeys(config, ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET']);
    } catch (e) {
      expect(e).toBeInstanceOf(CarteiraError);
      line = (e as Error).message;
    }
    expect(line).toMatch(/SLACK_SIGNING_SECRET/);
    expect(line).toMatch(/missing environment variable SLACK_SIGNING_SECRET/);
    expect(line).not.toContain('\n');
  });
});

describe('connection strings', () => {
  // `new URL()` alone accepts `localhost:5432/carteira` (scheme "localhost:"): the schema
  // checks the scheme so the mistake is caught at start, not by a confusing driver error.
  it('rejects a DATABASE_URL or REDIS_URL without the right scheme', () => {
    expect(rejection({ DATABASE_URL: 'localhost:5432/carteira' })).toContain('DATABASE_URL');
    expect(rejection({ DATABASE_URL: 'mysql://carteira@db/carteira' })).toContain('DATABASE_URL');
    expect(rejection({ REDIS_URL: 'localhost:6379' })).toContain('REDIS_URL');
  });

  it('accepts both postgres:// and postgresql://, redis:// and rediss://', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://u:p@db/carteira' }).DATABASE_URL).toBeDefined();
    expect(
      loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/carteira' }).DATABASE_URL,
    ).toBeDefined();
    expect(loadConfig({ REDIS_URL: 'rediss://:p@cache:6380/0' }).REDIS_URL).toBe(
      'rediss://:p@cache:6380/0',
    );
  });
});
