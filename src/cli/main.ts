/**
 * The `carteira` command for operators. Each subcommand parses its arguments, calls
 * core and prints; errors are one Portuguese line and a non-zero exit, never a stack.
 */
import { systemClock } from '../core/clock.js';
import { loadConfig } from '../core/config.js';
import { isCarteiraError } from '../core/errors.js';
import { COMMANDS, usage } from './commands.js';

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'ajuda' || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(
      `carteira: comando desconhecido “${name}”. Use \`carteira ajuda\` para ver os comandos.\n`,
    );
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  const config = loadConfig();
  return (await command.run(rest, config, systemClock)) ?? 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (isCarteiraError(e)) {
      process.stderr.write(`carteira: ${e.message}\n`);
      process.exitCode = 1;
      return;
    }
    const err = e as { code?: string; message?: string };
    if (err.code === 'ECONNREFUSED') {
      process.stderr.write(
        'carteira: não consegui conectar ao banco de dados; confira DATABASE_URL e se o PostgreSQL está no ar.\n',
      );
    } else {
      process.stderr.write(`carteira: erro inesperado: ${err.message ?? String(e)}\n`);
    }
    process.exitCode = 1;
  },
);
