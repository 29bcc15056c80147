/**
 * The demo company as an ERP export folder (docs/import-format.md): `;`-separated
 * UTF-8 files with pt-BR dates in the store's local time (`DD/MM/AAAA HH:MM`) and money
 * (`1.234,56`) — the input of the import tests and benchmark. Same seed and date → the
 * same bytes. Streamed: one walk over the projects writes the four big files together.
 *
 *   await exportDemoCsv('/tmp/erp', { projects: 100_000, seed: 7, today: '2026-11-18' });
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { situationFromCode, situationLabel } from '../portfolio/situations.js';
import { brDateOf } from './calendar.js';
import { generateDemo } from './generate-demo.js';
import type { DemoOptions } from './options.js';
import { clientCode, codeWidth, contractCode, orderCode, roomCode } from './portfolio.js';

/** File names and headers, in the order an import should read them. */
export const DEMO_CSV_FILES = {
  'lojas.csv': ['codigo', 'nome', 'fuso'],
  'vendedores.csv': ['email', 'nome', 'loja', 'cargo', 'supervisor_email', 'slack_id'],
  'especificadores.csv': ['codigo', 'nome', 'tipo', 'email'],
  'clientes.csv': ['codigo', 'nome', 'loja', 'email', 'telefone', 'cidade'],
  'projetos.csv': [
    'codigo',
    'cliente',
    'loja',
    'responsavel',
    'criado_em',
    'especificador',
    'situacao_fechamento',
    'provavel_venda',
    'previsao_fechamento',
    'valor_estimado',
    'ultimo_contato',
  ],
  'ambientes.csv': ['codigo', 'projeto', 'nome', 'valor', 'contrato'],
  'contratos.csv': ['codigo', 'numero', 'projeto', 'criado_em', 'situacao', 'valor'],
  'pedidos.csv': ['codigo', 'contrato', 'numero', 'emitido_em', 'fornecedor', 'situacao'],
} as const;

export type DemoCsvFile = keyof typeof DEMO_CSV_FILES;

export async function exportDemoCsv(folder: string, opts: DemoOptions): Promise<void> {
  const data = generateDemo(opts);
  const { company } = data;
  const width = codeWidth(data.options.projects);
  await mkdir(folder, { recursive: true });
  const open = (name: DemoCsvFile) => new CsvWriter(join(folder, name), DEMO_CSV_FILES[name]);

  const storeCode = new Map(company.stores.map((s) => [s.id, s.code]));
  const email = new Map(company.salespeople.map((p) => [p.id, p.email]));

  const lojas = open('lojas.csv');
  for (const s of company.stores) lojas.row([s.code, s.name, s.timezone]);
  await lojas.close();

  const vendedores = open('vendedores.csv');
  for (const p of company.salespeople) {
    const supervisor = p.supervisorId === null ? '' : email.get(p.supervisorId)!;
    vendedores.row([p.email, p.name, storeCode.get(p.storeId)!, p.role, supervisor, '']);
  }
  await vendedores.close();

  const especificadores = open('especificadores.csv');
  for (const s of company.specifiers) especificadores.row([s.code, s.name, s.kind, s.email ?? '']);
  await especificadores.close();

  const clientes = open('clientes.csv');
  for (const c of data.clients()) {
    clientes.row([c.code, c.name, c.store.code, c.email ?? '', c.phone ?? '', c.city]);
    await clientes.drained();
  }
  await clientes.close();

  const projetos = open('projetos.csv');
  const ambientes = open('ambientes.csv');
  const contratos = open('contratos.csv');
  const pedidos = open('pedidos.csv');
  const specifierCode = (id: number | null) =>
    id === null ? '' : company.specifiers[id - 1]!.code;
  for (const p of data.projects()) {
    const clock = p.store.clock;
    projetos.row([
      p.code,
      clientCode(p.clientId, width),
      p.store.code,
      email.get(p.salespersonId)!,
      clock.formatBr(p.createdMs),
      specifierCode(p.specifierId),
      p.closingStatus,
      p.probableSale ? 'sim' : 'não',
      p.closingForecastDay === null ? '' : brDateOf(p.closingForecastDay),
      moneyBr(p.estimatedCents),
      clock.formatBr(p.lastContactMs),
    ]);
    for (const r of p.rooms) {
      ambientes.row([
        roomCode(r.id, width),
        p.code,
        r.name,
        moneyBr(r.cents),
        r.contractId === null ? '' : contractCode(r.contractId, width),
      ]);
    }
    for (const c of p.contracts) {
      const code = contractCode(c.id, width);
      contratos.row([
        code,
        c.number,
        p.code,
        clock.formatBr(c.createdMs),
        situationLabel(situationFromCode(c.stage)),
        moneyBr(c.cents),
      ]);
      for (const o of c.orders) {
        pedidos.row([
          orderCode(o.id, width),
          code,
          o.number,
          clock.formatBr(o.issuedMs),
          o.supplier,
          o.status,
        ]);
      }
    }
    await Promise.all([
      projetos.drained(),
      ambientes.drained(),
      contratos.drained(),
      pedidos.drained(),
    ]);
  }
  await Promise.all([projetos.close(), ambientes.close(), contratos.close(), pedidos.close()]);
}

/** Cents → `1.234,56`. */
export function moneyBr(cents: number): string {
  const c = cents % 100;
  const whole = String((cents - c) / 100).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${whole},${c < 10 ? '0' : ''}${c}`;
}

/** Quotes a field only when it needs it (a `;`, a quote or a line break). */
function field(v: string): string {
  return /[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One CSV file written through a buffer, with the stream's backpressure respected. */
class CsvWriter {
  private readonly out: WriteStream;
  private buffer: string;
  private pressure: Promise<unknown> | null = null;

  constructor(path: string, header: readonly string[]) {
    this.out = createWriteStream(path, { encoding: 'utf8' });
    this.buffer = header.join(';') + '\n';
  }

  row(fields: readonly string[]): void {
    this.buffer += fields.map(field).join(';') + '\n';
    if (this.buffer.length >= 1 << 16) this.flush();
  }

  /** Resolves once the stream can take more (immediately when it can). */
  drained(): Promise<unknown> | undefined {
    const p = this.pressure;
    this.pressure = null;
    return p ?? undefined;
  }

  async close(): Promise<void> {
    this.flush();
    await this.drained();
    this.out.end();
    await once(this.out, 'finish');
  }

  private flush(): void {
    if (!this.buffer) return;
    if (!this.out.write(this.buffer) && !this.pressure) this.pressure = once(this.out, 'drain');
    this.buffer = '';
  }
}
