/**
 * Reading `/carteira` text: the subcommand (accents and case optional, with a few
 * synonyms people type), and the arguments of `ver`.
 */
import { foldName } from '../../core/views/views.js';
import type { FileFormat } from '../../core/reports/report-file.js';

export type Subcommand =
  | 'help'
  | 'list'
  | 'run'
  | 'new'
  | 'edit'
  | 'delete'
  | 'subscribe'
  | 'subscriptions'
  | 'link'
  | 'whoami'
  | 'goals'
  | 'project';

const SUBCOMMANDS: Record<string, Subcommand> = {
  ajuda: 'help',
  help: 'help',
  '?': 'help',
  visoes: 'list',
  visao: 'list',
  lista: 'list',
  listar: 'list',
  ver: 'run',
  rodar: 'run',
  mostrar: 'run',
  nova: 'new',
  novo: 'new',
  criar: 'new',
  editar: 'edit',
  excluir: 'delete',
  apagar: 'delete',
  assinar: 'subscribe',
  assinaturas: 'subscriptions',
  vincular: 'link',
  eu: 'whoami',
  metas: 'goals',
  meta: 'goals',
  projeto: 'project',
  project: 'project',
};

export interface ParsedCommand {
  /** null: a word that is not a subcommand (the help is shown). */
  subcommand: Subcommand | null;
  /** The first word as typed (for "não conheço …"). */
  word: string;
  /** What follows the subcommand, trimmed, as typed. */
  rest: string;
}

export function parseCommand(text: string): ParsedCommand {
  const trimmed = text.trim();
  if (!trimmed) return { subcommand: 'help', word: '', rest: '' };
  const m = /^(\S+)\s*([\s\S]*)$/.exec(trimmed)!;
  const word = m[1]!;
  return { subcommand: SUBCOMMANDS[foldName(word)] ?? null, word, rest: m[2]!.trim() };
}

export interface RunArgs {
  name: string;
  format: FileFormat | null;
  inChannel: boolean;
}

const FORMATS: Record<string, FileFormat> = { pdf: 'pdf', csv: 'csv', xlsx: 'xlsx', excel: 'xlsx' };
const QUOTED = /^["“”'](.+?)["“”']\s*(.*)$/;

/**
 * The ways to read `ver` arguments, most literal first: the whole text as a view name, then
 * the name without one, then two, trailing `pdf|csv|xlsx` / `canal` words (so a view really
 * named "Relatório pdf" still wins). A name in quotes is taken as is.
 *
 * @example parseRunArgs('Sem contratos no mês pdf canal')
 * // → [{ name: 'Sem contratos no mês pdf canal', format: null, inChannel: false },
 * //    { name: 'Sem contratos no mês pdf', format: null, inChannel: true },
 * //    { name: 'Sem contratos no mês', format: 'pdf', inChannel: true }]
 */
export function parseRunArgs(text: string): RunArgs[] {
  const trimmed = text.trim();
  const quoted = QUOTED.exec(trimmed);
  const flagsOf = (words: string[]) => {
    let format: FileFormat | null = null;
    let inChannel = false;
    for (const w of words) {
      const k = foldName(w);
      if (FORMATS[k] && !format) format = FORMATS[k]!;
      else if (k === 'canal' && !inChannel) inChannel = true;
      else return null;
    }
    return { format, inChannel };
  };
  if (quoted) {
    const flags = flagsOf(quoted[2]!.split(/\s+/).filter(Boolean));
    return [
      {
        name: quoted[1]!.trim(),
        format: flags?.format ?? null,
        inChannel: flags?.inChannel ?? false,
      },
    ];
  }
  const words = trimmed.split(/\s+/).filter(Boolean);
  const out: RunArgs[] = [{ name: trimmed, format: null, inChannel: false }];
  // Up to two trailing flags, in any order.
  for (let cut = 1; cut <= 2 && cut < words.length; cut++) {
    const flags = flagsOf(words.slice(words.length - cut));
    if (flags) out.push({ name: words.slice(0, words.length - cut).join(' '), ...flags });
  }
  return out;
}
