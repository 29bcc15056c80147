import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CarteiraError } from '../core/errors.js';

/** parseArgs with Portuguese errors ("opção desconhecida --x"). */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    const msg = (e as Error).message;
    const unknown = /Unknown option '([^']+)'/.exec(msg);
    if (unknown)
      throw new CarteiraError(
        'invalid_input',
        `Opção desconhecida ${unknown[1]}. Veja \`carteira ajuda\`.`,
      );
    const missing = /Option '([^']+?)(?: <value>)?' argument missing/.exec(msg);
    if (missing)
      throw new CarteiraError('invalid_input', `A opção ${missing[1]} precisa de um valor.`);
    throw new CarteiraError('invalid_input', `Argumentos inválidos: ${msg}`);
  }
}
