/**
 * The worker's HTTP side on WORKER_PORT: `/healthz` (the process is up), `/readyz` (Redis
 * and Postgres answer), `/metrics` (Prometheus text) and, with DASHBOARD_PASSWORD set,
 * the read-only dashboard behind HTTP basic auth (any user name, that password).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { WorkerContext } from './context.js';
import { dashboardData, dashboardHtml, type DashboardHandler } from './dashboard.js';
import { pingDatabase } from './reconciler.js';

function send(
  res: ServerResponse,
  status: number,
  body: string,
  type = 'application/json; charset=utf-8',
) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function passwordMatches(header: string | undefined, password: string): boolean {
  const m = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!m) return false;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const given = decoded.slice(decoded.indexOf(':') + 1);
  // Compare digests: equal length, constant time.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(password).digest();
  return timingSafeEqual(a, b);
}

async function withTimeout<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([p.catch(() => fallback), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function startHttpServer(
  ctx: WorkerContext,
  opts: { port: number; redisPing: () => Promise<boolean>; dashboard?: DashboardHandler },
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://worker').pathname;
    if (path === '/healthz') {
      return send(
        res,
        200,
        JSON.stringify({ status: ctx.stopping ? 'stopping' : 'ok', worker: ctx.workerId }),
      );
    }
    if (path === '/readyz') {
      const [redis, postgres] = await Promise.all([
        withTimeout(opts.redisPing(), 2000, false),
        withTimeout(pingDatabase(ctx), 2000, false),
      ]);
      const ok = redis && postgres && !ctx.stopping;
      return send(
        res,
        ok ? 200 : 503,
        JSON.stringify({ status: ok ? 'ready' : 'unavailable', redis, postgres }),
      );
    }
    if (path === '/metrics') {
      const body = await ctx.metrics.registry.metrics();
      return send(res, 200, body, ctx.metrics.registry.contentType);
    }
    if (path === '/dashboard' || path.startsWith('/dashboard/')) {
      const password = ctx.config.DASHBOARD_PASSWORD;
      if (!password) {
        return send(
          res,
          404,
          'Painel desativado: defina DASHBOARD_PASSWORD para ativá-lo.\n',
          'text/plain; charset=utf-8',
        );
      }
      if (!passwordMatches(req.headers.authorization, password)) {
        res.writeHead(401, {
          'www-authenticate': 'Basic realm="Carteira worker", charset="UTF-8"',
          'content-type': 'text/plain; charset=utf-8',
        });
        res.end('Senha necessária.\n');
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD' && !opts.dashboard) {
        return send(res, 405, 'Somente leitura.\n', 'text/plain; charset=utf-8');
      }
      if (opts.dashboard) return opts.dashboard(req, res);
      const data = await dashboardData(ctx);
      if (path === '/dashboard/api') return send(res, 200, JSON.stringify(data));
      return send(res, 200, dashboardHtml(data), 'text/html; charset=utf-8');
    }
    send(res, 404, JSON.stringify({ error: 'not_found' }));
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      ctx.logger.error({ err }, 'worker HTTP handler failed');
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: 'internal' }));
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
