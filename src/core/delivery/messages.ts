/**
 * Everything a scheduled delivery says to people, in Portuguese, in one place: the late
 * note, why a delivery was skipped, and the DM the owner gets when a delivery fails (which
 * subscription, why, how to fix it) or when the subscription pauses itself.
 */
import { formatOccurrence } from '../subscriptions/schedule.js';
import type { Subscription } from '../subscriptions/subscription.js';
import { subscriptionSummary } from '../subscriptions/texts.js';
import { PAYLOAD_ERRORS } from './slack-errors.js';

/** "seg., 30/11 08:00" — an occurrence without the year, for short notes. */
export function formatOccurrenceShort(date: Date, tz: string): string {
  return formatOccurrence(date, tz).replace(/^(.*?\d{2}\/\d{2})\/\d{4}/, '$1');
}

export function lateNote(scheduledFor: Date, tz: string): string {
  return `enviado com atraso: previsto para ${formatOccurrenceShort(scheduledFor, tz)}`;
}

export const SKIP_NOTES = {
  empty: 'nenhum projeto: não enviado (opção “não enviar se vazio”)',
  noRows: 'nenhum projeto deste responsável na visão',
  notLinked: 'responsável sem usuário do Slack vinculado',
  noRecipients: 'nenhum responsável com projetos nesta visão: nada a enviar',
  paused: 'assinatura pausada antes do envio',
  unchanged: 'nada mudou desde o último envio: não enviado (opção “só enviar se algo mudou”)',
} as const;

/** "2 h", or "30 min" under an hour. */
function formatWindow(ms: number): string {
  if (ms < 3600_000) return `${Math.max(1, Math.round(ms / 60_000))} min`;
  return `${Math.round(ms / 3600_000)} h`;
}

export const MISSED_NOTE = (graceMs: number) =>
  `o worker ficou fora do ar e este envio passou da janela de ${formatWindow(graceMs)} para envio atrasado`;

/** A reason a user reads, and what to do about it, for each failure code. */
const EXPLANATIONS: Record<string, { why: string; fix: string }> = {
  channel_not_found: {
    why: 'o canal não existe mais, ou é privado e o Carteira não participa dele',
    fix: 'se o canal existe, convide o app com `/invite @Carteira`; se foi excluído, exclua esta assinatura em `/carteira assinaturas` e crie outra para um canal existente',
  },
  is_archived: {
    why: 'o canal foi arquivado',
    fix: 'desarquive o canal ou exclua esta assinatura e crie outra em um canal ativo',
  },
  not_in_channel: {
    why: 'o Carteira não participa do canal',
    fix: 'convide o app no canal com `/invite @Carteira`; se a assinatura tiver sido pausada, toque em Retomar em `/carteira assinaturas`',
  },
  invalid_auth: {
    why: 'o acesso do app Carteira ao Slack não é mais válido',
    fix: 'peça ao administrador do Slack para reinstalar o app Carteira',
  },
  not_authed: {
    why: 'o app Carteira está sem credencial do Slack',
    fix: 'peça ao administrador para configurar o token do app (SLACK_BOT_TOKEN)',
  },
  account_inactive: {
    why: 'o usuário do app Carteira no Slack foi desativado',
    fix: 'peça ao administrador do Slack para reinstalar o app Carteira',
  },
  token_revoked: {
    why: 'o token do app Carteira foi revogado',
    fix: 'peça ao administrador do Slack para reinstalar o app Carteira',
  },
  token_expired: {
    why: 'o token do app Carteira expirou',
    fix: 'peça ao administrador do Slack para reinstalar o app Carteira',
  },
  missing_scope: {
    why: 'falta ao app Carteira uma permissão do Slack',
    fix: 'peça ao administrador do Slack para reinstalar o app Carteira com as permissões do manifesto',
  },
  no_permission: {
    why: 'o Slack não deixa o Carteira postar nesse canal',
    fix: 'confira as permissões de postagem do canal ou escolha outro canal',
  },
  restricted_action: {
    why: 'o canal não aceita mensagens do app (postagem restrita)',
    fix: 'libere a postagem para apps no canal ou escolha outro canal',
  },
  owner_not_linked: {
    why: 'o dono da assinatura não tem usuário do Slack vinculado, então não há DM para onde enviar',
    fix: 'vincule o usuário com `/carteira vincular`',
  },
  owner_inactive: {
    why: 'o dono da assinatura não está mais ativo no Carteira',
    fix: 'exclua esta assinatura; outra pessoa pode assinar a visão',
  },
  view_unavailable: {
    why: 'o dono da assinatura não tem mais acesso a esta visão',
    fix: 'peça ao autor da visão para compartilhá-la com a equipe, ou exclua esta assinatura',
  },
  user_not_found: {
    why: 'o usuário do Slack deste responsável não existe mais',
    fix: 'atualize o vínculo do responsável com `/carteira vincular`',
  },
  user_disabled: {
    why: 'o usuário do Slack deste responsável foi desativado',
    fix: 'atualize o vínculo do responsável com `/carteira vincular`',
  },
  cannot_dm_bot: {
    why: 'o usuário vinculado a este responsável é um bot',
    fix: 'atualize o vínculo do responsável com `/carteira vincular`',
  },
};

export function explainFailure(
  code: string,
  opts: { transient?: boolean } = {},
): { why: string; fix: string } {
  const known = EXPLANATIONS[code];
  if (known) return known;
  if (PAYLOAD_ERRORS.has(code)) {
    return {
      why: `o Slack recusou a mensagem do relatório (${code})`,
      fix: 'avise o suporte do Carteira; enquanto isso, troque o formato da assinatura para PDF, CSV ou XLSX',
    };
  }
  if (opts.transient) {
    return {
      why: `o Slack ficou indisponível durante todas as tentativas (${code})`,
      fix: 'nada a fazer se foi passageiro: o próximo envio sai normalmente; para reenviar agora, use Enviar agora em `/carteira assinaturas`',
    };
  }
  return {
    why: `erro do Slack: ${code}`,
    fix: 'tente Enviar agora em `/carteira assinaturas`; se persistir, avise o suporte',
  };
}

/** The short reason stored in the ledger's `error` column. */
export function ledgerError(code: string, opts: { transient?: boolean } = {}): string {
  return `${code}: ${explainFailure(code, opts).why}`;
}

/** The DM to the owner after a failed delivery (and, when it happened, the automatic pause). */
export function failureNotice(opts: {
  subscription: Subscription;
  scheduledFor: Date;
  code: string;
  transient?: boolean;
  failures: number;
  pauseAfter: number;
  paused: boolean;
  recipientName?: string | null;
}): string {
  const { subscription: sub } = opts;
  const { why, fix } = explainFailure(opts.code, { transient: opts.transient });
  const when = formatOccurrence(opts.scheduledFor, sub.timezone);
  const to = opts.recipientName ? ` para ${opts.recipientName}` : '';
  const lines = [
    `:warning: *Não consegui enviar a assinatura #${sub.id}*${to} — previsto para ${when}.`,
    subscriptionSummary(sub, { slack: true }),
    `*Motivo:* ${why}.`,
    `*Como resolver:* ${fix}.`,
  ];
  if (opts.paused) {
    lines.push(
      `:double_vertical_bar: *A assinatura foi pausada* depois de ${opts.failures} falhas seguidas. ` +
        'Depois de resolver, toque em *Retomar* em `/carteira assinaturas`.',
    );
  } else if (opts.failures > 0) {
    lines.push(
      `_Falha ${opts.failures} de ${opts.pauseAfter}: depois de ${opts.pauseAfter} falhas seguidas a assinatura é pausada._`,
    );
  }
  return lines.join('\n');
}

/** The paused-reason stored on the subscription. */
export function pausedReason(
  code: string,
  failures: number,
  opts: { transient?: boolean } = {},
): string {
  return `${failures} falhas seguidas: ${explainFailure(code, opts).why}`;
}
