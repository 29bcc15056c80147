/**
 * `carteira project <código> [--as EMAIL] [--at AAAA-MM-DD] [--format text|json]`: the card
 * of one project (docs/domain.md, "The project card"), with the `--as` person's rights.
 */
import { CarteiraError } from '../core/errors.js';
import { getProjectCard } from '../core/projects/card.js';
import { logContact } from '../core/projects/contacts.js';
import { formatDateBr } from '../core/portfolio/periods.js';
import { renderCardText, toCardJson } from '../core/render/project-card.js';
import { parse } from './args.js';
import { cliViewer, withDatabase, type Command } from './commands.js';

const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);

const project: Command = {
  usage: 'carteira project <código> [--as EMAIL] [--at AAAA-MM-DD] [--format text|json]',
  async run(args, config, now) {
    const { values, positionals } = parse(args, {
      as: { type: 'string' },
      at: { type: 'string' },
      format: { type: 'string', default: 'text' },
    });
    const format = values.format;
    if (format !== 'text' && format !== 'json' && format !== 'table')
      throw new CarteiraError(
        'invalid_input',
        `Formato desconhecido “${format}”. Use text ou json.`,
      );
    if (positionals.length !== 1)
      throw new CarteiraError(
        'invalid_input',
        'Diga um código de projeto: `carteira project P-0123 [--as voce@loja.com.br]`.',
      );
    await withDatabase(config, async (database) => {
      const viewer = await cliViewer(database, config, values.as);
      const card = await getProjectCard(database.db, viewer, positionals[0]!, {
        now: now(),
        asOf: values.at,
      });
      out(format === 'json' ? JSON.stringify(toCardJson(card), null, 2) : renderCardText(card));
    });
  },
};

const contact: Command = {
  usage:
    'carteira contact <código> --channel telefone|whatsapp|visita|email [--date AAAA-MM-DD] [--note TEXTO] [--as EMAIL]',
  async run(args, config, now) {
    const { values, positionals } = parse(args, {
      as: { type: 'string' },
      channel: { type: 'string' },
      date: { type: 'string' },
      note: { type: 'string' },
    });
    if (positionals.length !== 1 || !values.channel)
      throw new CarteiraError('invalid_input', `Use: ${contact.usage}`);
    await withDatabase(config, async (database) => {
      const viewer = await cliViewer(database, config, values.as);
      const logged = await logContact(
        database.db,
        viewer,
        {
          projectCode: positionals[0]!,
          on: values.date ?? null,
          channel: values.channel!,
          note: values.note ?? null,
          source: 'cli',
        },
        { now: now() },
      );
      out(`Contato de ${formatDateBr(logged.on)} registrado no projeto ${logged.projectCode}.`);
    });
  },
};

export const PROJECT_COMMANDS: Record<string, Command> = { project, contact };
