import type { BotDeps, CommandInvocation } from '../deps.js';
import { esc, section, contextLine, type Block } from '../blocks/elements.js';
import { replyFor, type OutMessage } from '../reply.js';
import { HELP_LINES, texts } from '../texts.js';

/** The help: one line per subcommand; `unknownWord` when the user typed something else. */
export function helpMessage(unknownWord?: string): OutMessage {
  const blocks: Block[] = [];
  if (unknownWord) blocks.push(section(esc(texts.help.unknown(unknownWord.slice(0, 40)))));
  blocks.push(section(`*${texts.help.title}*`));
  blocks.push(section(HELP_LINES.map(([usage, what]) => `• \`${usage}\` — ${what}`).join('\n')));
  blocks.push(contextLine(texts.help.footer));
  return { text: texts.help.fallback, blocks };
}

export async function helpCommand(
  _deps: BotDeps,
  inv: CommandInvocation,
  unknownWord?: string,
): Promise<void> {
  await replyFor(inv)(helpMessage(unknownWord));
}
