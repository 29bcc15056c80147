/**
 * Secrets never reach the logs: what the bot and the worker log (the configuration at
 * start, Slack payloads with their `token`, request headers, connection strings) is
 * written to a memory stream here and searched for every secret value.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig, SECRET_KEYS, type Config } from '../../src/core/config.js';
import { createLogger, safeUrl, type Logger } from '../../src/core/logger.js';

const SECRETS = {
  DATABASE_URL: 'postgres://carteira:pg-Segredo-7f3a@postgres:5432/carteira',
  REDIS_URL: 'redis://:redis-Segredo-9c1d@redis:6379',
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-botSegredo4e5f',
  SLACK_SIGNING_SECRET: 'signingSegredo0a1b2c3d',
  SLACK_APP_TOKEN: 'xapp-1-A111-333-appSegredo6a7b',
  DASHBOARD_PASSWORD: 'painelSegredo8c9d',
} satisfies Record<(typeof SECRET_KEYS)[number], string>;

/** The passwords inside the URLs, which must not appear on their own either. */
const FRAGMENTS = ['pg-Segredo-7f3a', 'redis-Segredo-9c1d'];

function capture(level = 'trace'): { logger: Logger; lines: () => string } {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { logger: createLogger(level, 'test', sink), lines: () => text };
}

function productionConfig(): Config {
  return loadConfig({ ...SECRETS, PORT: '3000', QUEUE_PREFIX: 'carteira' });
}

function expectNoSecret(output: string): void {
  expect(output.length).toBeGreaterThan(0);
  for (const [key, value] of Object.entries(SECRETS)) {
    expect(output, `${key} leaked into the logs`).not.toContain(value);
  }
  for (const fragment of FRAGMENTS) expect(output).not.toContain(fragment);
}

describe('logger redaction', () => {
  it('covers every secret the configuration declares', () => {
    expect(Object.keys(SECRETS).sort()).toEqual([...SECRET_KEYS].sort());
  });

  it('logs the configuration under `config` without any secret, keeping the rest', () => {
    const { logger, lines } = capture();
    logger.info({ config: productionConfig() }, 'carteira iniciando');
    const output = lines();
    expectNoSecret(output);
    const entry = JSON.parse(output.trim()) as { config: Record<string, unknown>; msg: string };
    expect(entry.msg).toBe('carteira iniciando');
    for (const key of SECRET_KEYS) expect(entry.config[key]).toBe('[redacted]');
    expect(entry.config.PORT).toBe(3000);
    expect(entry.config.QUEUE_PREFIX).toBe('carteira');
  });

  it('redacts Slack tokens in payloads and authorization headers', () => {
    const { logger, lines } = capture();
    const token = SECRETS.SLACK_BOT_TOKEN;
    logger.info({ token }, 'top-level token');
    logger.debug({ body: { token, command: '/carteira' } }, 'slash command payload');
    logger.debug({ request: { token } }, 'web api call');
    logger.warn({ headers: { authorization: `Bearer ${token}` } }, 'request headers');
    logger.warn({ req: { headers: { authorization: `Bearer ${token}` } } }, 'request');
    logger.info({ password: SECRETS.DASHBOARD_PASSWORD }, 'dashboard');
    const output = lines();
    expectNoSecret(output);
    expect(output).toContain('/carteira');
    expect(output.match(/\[redacted\]/g)).toHaveLength(6);
  });

  it('redacts secrets bound to a child logger', () => {
    const { logger, lines } = capture();
    logger.child({ config: productionConfig() }).info('worker pronto');
    logger.child({ token: SECRETS.SLACK_BOT_TOKEN }).info('cliente Slack');
    expectNoSecret(lines());
  });

  it('shows connection strings through safeUrl without their password', () => {
    const { logger, lines } = capture();
    logger.info(
      { database: safeUrl(SECRETS.DATABASE_URL), redis: safeUrl(SECRETS.REDIS_URL) },
      'conectando',
    );
    const output = lines();
    expectNoSecret(output);
    expect(output).toContain('postgres://carteira:***@postgres:5432/carteira');
    expect(output).toContain('redis://:***@redis:6379');
    expect(safeUrl('nem uma url')).toBe('[url inválida]');
  });

  // Shapes pino's path redaction alone would miss: the scrubber catches them.
  it('redacts the configuration logged as the top-level object', () => {
    const { logger, lines } = capture();
    logger.info(productionConfig(), 'config');
    expectNoSecret(lines());
  });

  it('redacts secrets nested deeper than one level', () => {
    const { logger, lines } = capture();
    logger.info({ ctx: { config: productionConfig() } }, 'nested config');
    logger.info({ slack: { request: { token: SECRETS.SLACK_BOT_TOKEN } } }, 'nested token');
    expectNoSecret(lines());
  });

  it('scrubs a connection string quoted inside an error message', () => {
    const { logger, lines } = capture();
    logger.error({ err: new Error(`connect failed: ${SECRETS.DATABASE_URL}`) }, 'database');
    expectNoSecret(lines());
  });
});
