/**
 * Small ERP exports for the import tests, written to a fresh temporary folder.
 *
 * STANDARD mixes what real exports do: `;` and `,` delimiters, a BOM, accented and
 * spelled-out headers, pt-BR and ISO dates and money, quoted fields holding the
 * delimiter, doubled quotes and a line break, a forward supervisor reference, and two
 * stores in different timezones.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '../../../src/core/db/database.js';
import { tempDir } from '../../support/temp-dir.js';

export type Export = Record<string, string>;

export async function writeExport(files: Export): Promise<string> {
  const dir = await tempDir('carteira-import-');
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

export const STANDARD: Export = {
  'lojas.csv': [
    '\ufeffcodigo;nome;fuso',
    'L1;Loja Centro;America/Sao_Paulo',
    'L2;Loja Manaus;america/manaus',
    '',
  ].join('\r\n'),
  'vendedores.csv': [
    'E-mail;Nome;Loja;Cargo;Supervisor e-mail;Slack ID;Observação',
    'ana@loja.com;Ana Lima;L1;Vendedor;Gerente@Loja.com;U0ANA;foo',
    'Gerente@Loja.com;Gerson Gerente;L1;GERENTE;;U0GER;',
    'bia@loja.com;Bia Reis;L2;vendedora;;;',
    '',
  ].join('\n'),
  'especificadores.csv': [
    'codigo;nome;tipo;email',
    'E1;Arq. Joana;arquiteta;JOANA@Estudio.com',
    '',
  ].join('\n'),
  'clientes.csv': [
    '\ufeffCódigo;Nome;LOJA;E-mail;Telefone;Cidade',
    'C1;"Silva; Maria";L1;maria@x.com;(11) 9999-0000;São Paulo',
    'C2;"João ""Jota"" Souza";L2;;;Manaus',
    '',
  ].join('\n'),
  'projetos.csv': [
    'Código;Cliente;Loja;Responsável;Criado em;Especificador;Situação de fechamento;Provável venda;Previsão de fechamento;Valor estimado;Último contato',
    'P1;C1;L1;ana@loja.com;01/11/2026 01:30;E1;Em negociação;sim;30/11/2026;R$ 12.345,67;02/11/2026 10:00',
    'P2;C2;L2;BIA@loja.com;2026-10-31 23:30;;;não;;1234.5;',
    'P3;C1;L1;ana@loja.com;31/10/2026 23:30;;"Aguardando',
    'cliente";x;;0;',
    '',
  ].join('\n'),
  'contratos.csv': [
    'codigo,numero,projeto,criado_em,situacao,valor',
    'K1,1001,P1,2026-11-05T10:00:00-03:00,Em revisão,"10.000,00"',
    'K2,1002,P1,05/11/2026,cancelado,"5.000,00"',
    'K3,2001,P2,2026-11-02 00:15,PEDIDO,800',
    '',
  ].join('\n'),
  'ambientes.csv': [
    'codigo;projeto;nome;valor;contrato',
    'A1;P1;Cozinha;6.000,00;K1',
    'A2;P1;Dormitório casal;4.000,00;K1',
    'A3;P1;Closet;2.500,00;K2',
    'A4;P1;Banheiro;1.000,00;',
    'A5;P2;Sala;800;K3',
    '',
  ].join('\n'),
  'pedidos.csv': [
    'codigo;contrato;numero;emitido_em;fornecedor;situacao',
    'O1;K1;PC-1;10/11/2026 09:00;Fábrica A;emitido',
    'O2;K2;PC-2;11/11/2026 09:00;Fábrica A;emitido',
    'O3;K3;PC-3;01/11/2026 23:59;Fábrica B;entregue',
    '',
  ].join('\n'),
};

/** A copy of `base` with some files replaced (or removed with `null`). */
export function withFiles(base: Export, changes: Record<string, string | null>): Export {
  const out: Export = { ...base };
  for (const [name, text] of Object.entries(changes)) {
    if (text === null) delete out[name];
    else out[name] = text;
  }
  return out;
}

export async function rows<T = Record<string, unknown>>(
  database: Database,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  if (database.pool) return (await database.pool.query(text, params)).rows as T[];
  return (await database.pglite!.query(text, params)).rows as T[];
}

export async function counts(database: Database): Promise<Record<string, number>> {
  const [row] = await rows<Record<string, number>>(
    database,
    `SELECT (SELECT count(*) FROM stores)::int AS stores, (SELECT count(*) FROM salespeople)::int AS salespeople,
            (SELECT count(*) FROM specifiers)::int AS specifiers, (SELECT count(*) FROM clients)::int AS clients,
            (SELECT count(*) FROM projects)::int AS projects, (SELECT count(*) FROM contracts)::int AS contracts,
            (SELECT count(*) FROM environments)::int AS environments,
            (SELECT count(*) FROM purchase_orders)::int AS purchase_orders,
            (SELECT count(*) FROM project_summary)::int AS project_summary`,
  );
  return row!;
}

/** Empties the portfolio between tests (the database is shared by the file's tests). */
export async function resetPortfolio(database: Database): Promise<void> {
  await rows(
    database,
    `TRUNCATE project_summary, contacts, purchase_orders, environments, contracts, projects, clients,
       specifiers, salespeople, stores RESTART IDENTITY CASCADE`,
  );
}
