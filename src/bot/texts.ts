/**
 * Every Portuguese sentence the bot shows in Slack, in one place, so the bot reads as one
 * voice and can be translated later. Values that come from data (view names, people) are
 * passed in already escaped for mrkdwn where they land in mrkdwn.
 */
import { NOT_LINKED_TEXT } from './identity.js';
import { linkRefusals } from '../core/people/link-salesperson.js';
import { formatIssue as issueText } from '../core/import/format-report.js';
import type { DataFreshness, ImportRun } from '../core/import/runs.js';
import { escapeMrkdwn } from '../core/render/slack-report.js';
import { formatLocalDateTimeBr } from '../core/time/zoned.js';

export { NOT_LINKED_TEXT };

/** `/carteira` subcommands with their one-line help, in the order the help lists them. */
export const HELP_LINES: readonly [usage: string, what: string][] = [
  ['/carteira visoes', 'suas visões e as da equipe, com os botões Ver · PDF · Editar · Assinar'],
  [
    '/carteira ver <visão> [pdf|csv|xlsx] [canal]',
    'mostra a visão só para você (com `canal`, para todos no canal) ou envia o arquivo',
  ],
  ['/carteira nova', 'abre o formulário para criar uma visão'],
  ['/carteira editar <visão>', 'altera uma visão sua (ou salva uma cópia de uma visão da equipe)'],
  ['/carteira excluir <visão>', 'exclui uma visão sua, depois de confirmar'],
  [
    '/carteira assinar <visão> <quando> [#canal|dm] [formato]',
    'recebe a visão automaticamente, ex.: toda segunda 8h',
  ],
  ['/carteira assinaturas', 'lista e gerencia suas assinaturas'],
  [
    '/carteira projeto <código>',
    'abre a ficha do projeto (ambientes, contratos, pedidos, contatos) e registra um contato',
  ],
  [
    '/carteira vincular @pessoa email',
    '(gerente ou administrador) liga um usuário do Slack a um vendedor',
  ],
  [
    '/carteira metas [AAAA-MM]',
    'quanto falta para as metas do mês, com ritmo, projeção e o histórico das alterações',
  ],
  ['/carteira eu', 'mostra a quem você está vinculado, seu cargo e o que pode ver'],
  ['/carteira ajuda', 'esta ajuda'],
];

export const texts = {
  help: {
    title: 'Carteira — a carteira de clientes no Slack',
    footer:
      'Nomes de visão valem sem acento e sem maiúsculas (`/carteira ver sem contratos no mes`); ' +
      'você também pode usar o número, ex.: `/carteira ver #3`.',
    unknown: (sub: string) => `Não conheço o comando “${sub}”. Veja o que dá para fazer:`,
    fallback:
      'Ajuda do Carteira: /carteira visoes, ver, nova, editar, excluir, assinar, assinaturas, vincular, eu.',
  },

  generic: {
    unexpected:
      'Algo deu errado do nosso lado e nada foi alterado. Tente de novo em instantes; se continuar, avise o administrador do Carteira.',
    viewGone:
      'Essa visão não existe mais ou não está disponível para você. Use `/carteira visoes` para ver a lista atual.',
    needViewName: (cmd: string, example: string) =>
      `Diga o nome da visão. Ex.: \`/carteira ${cmd} ${example}\`.`,
    /** A modal submission that takes longer than Slack's 3 seconds: acked with this first. */
    savingTitle: 'Salvando…',
    savingBody: ':hourglass_flowing_sand: Salvando… esta janela se atualiza em instantes.',
    lateErrorsTitle: 'Não foi salvo',
    lateErrors: (problems: string) =>
      `:warning: Nada foi salvo: ${problems}\nFeche esta janela e tente de novo.`,
    lateDoneTitle: 'Pronto',
    lateDone: ':white_check_mark: Feito. Você pode fechar esta janela.',
  },

  list: {
    fallback: (count: number) => `Suas visões (${count})`,
    header: 'Visões do Carteira',
    mine: '*Minhas visões*',
    team: '*Visões da equipe*',
    noneMine:
      '_Você ainda não tem visões. Crie uma com `/carteira nova` ou edite uma da equipe e salve uma cópia._',
    noneTeam: '_Nenhuma visão da equipe._',
    more: (n: number) =>
      `e mais ${n} ${n === 1 ? 'visão' : 'visões'} — use \`/carteira ver <nome>\` ou abra a aba Início do Carteira.`,
    private: 'só para você',
    teamShared: 'da equipe',
    by: (owner: string | null) => (owner ? `de ${owner}` : 'modelo do Carteira'),
    newButton: 'Nova visão',
  },

  buttons: {
    run: 'Ver',
    pdf: 'PDF',
    edit: 'Editar',
    subscribe: 'Assinar',
    delete: 'Excluir',
    cancel: 'Cancelar',
    newView: 'Nova visão',
  },

  files: {
    comment: (view: string, count: string, period: string, user: string) =>
      `*${view}* — ${count} · ${period} · pedido por <@${user}> (com o que essa pessoa pode ver)`,
    generatingFailed:
      'Não consegui gerar o arquivo agora e nada foi enviado. Tente de novo em instantes.',
    sentToDm: (format: string) =>
      `Não posso enviar arquivos nesta conversa, então mandei o ${format} na nossa conversa direta (app Carteira → Mensagens).`,
    notInPrivate: (format: string) =>
      `Não consigo enviar o ${format} aqui: este canal é privado e eu não participo dele. ` +
      'Me adicione com `/invite @Carteira` e tente de novo (ou use o comando numa conversa direta comigo).',
    notInChannel: (format: string) =>
      `Não consigo enviar o ${format} neste canal porque não participo dele. ` +
      'Me adicione com `/invite @Carteira` e tente de novo.',
    archived:
      'Este canal está arquivado; não consigo postar nele. Escolha outro canal ou a conversa direta comigo.',
    tooLarge:
      'O arquivo ficou grande demais para o Slack. Tente o CSV, ou uma visão com um período menor.',
    failed: (format: string) =>
      `O Slack recusou o envio do ${format}. Tente de novo; se continuar, me adicione ao canal com \`/invite @Carteira\`.`,
  },

  deleteView: {
    confirm: (name: string, subs: number) =>
      `Excluir a visão *${name}*? Quem usa esta visão deixará de encontrá-la` +
      (subs > 0
        ? ` e ${subs === 1 ? '1 assinatura será cancelada' : `${subs} assinaturas serão canceladas`}`
        : '') +
      '. Isto não pode ser desfeito.',
    confirmFallback: (name: string) => `Confirme a exclusão da visão “${name}”.`,
    done: (name: string) => `Visão “${name}” excluída.`,
    cancelled: (name: string) => `Tudo certo: a visão “${name}” não foi excluída.`,
    cancelledUnknown: 'Tudo certo: nada foi excluído.',
    forbidden: (name: string, owner: string | null) =>
      `Só ${owner ?? 'um administrador'} pode excluir a visão “${name}”. Você pode editá-la e salvar uma cópia sua.`,
  },

  link: {
    usage:
      'Use: `/carteira vincular @pessoa email`, ex.: `/carteira vincular @ana ana.souza@loja.com.br`. ' +
      'Mencione a pessoa com @ para o Slack completar o nome.',
    forbidden: linkRefusals.forbidden,
    badEmail:
      'Esse e-mail não parece válido. Ex.: `/carteira vincular @ana ana.souza@loja.com.br`.',
    botUser: 'Esse usuário é um app ou não existe neste Slack; mencione uma pessoa.',
    done: (user: string, name: string, email: string, role: string, store: string) =>
      `Pronto: <@${user}> agora está vinculado a *${name}* (${email}, ${role} na ${store}).`,
    replacedUser: (previous: string) => ` Antes, esse vendedor estava vinculado a <@${previous}>.`,
    replacedPerson: (user: string, previous: string) =>
      ` O vínculo anterior de <@${user}> com ${previous} foi desfeito.`,
    already: (user: string, name: string) =>
      `<@${user}> já estava vinculado a *${name}*. Nada mudou.`,
  },

  goals: {
    /** `month`: "novembro de 2026"; `until`: the last day counted, or null before the month. */
    title: (month: string, until: string | null, closed: boolean) =>
      until === null
        ? `Metas de ${month} — o mês ainda não começou`
        : closed
          ? `Metas de ${month} — mês encerrado (até ${until})`
          : `Metas de ${month} — até ${until}`,
    none: (month: string, canSet: boolean) =>
      canSet
        ? `Nenhuma meta para ${month} que você possa ver. Defina uma com o botão *Definir metas* abaixo (ou em metas.csv, na exportação do ERP).`
        : `Nenhuma meta para ${month} que você possa ver. Quem define metas é um gerente ou administrador, em \`/carteira metas\` (botão *Definir metas*).`,
    store: (name: string) => `Loja ${name}`,
    company: 'Empresa',
    remaining: (v: string) => `falta ${v}`,
    pace: (v: string, days: number) =>
      `${v} por dia útil nos ${days} ${days === 1 ? 'dia útil restante' : 'dias úteis restantes'}`,
    projection: (v: string) => `projeção no ritmo atual: ${v}`,
    more: (n: number) =>
      `… e mais ${n} metas que não cabem numa mensagem. A tabela completa de valor contratado está em \`/carteira ver Metas do mês\` (com PDF e planilha); todas as medidas, em \`carteira goals progress\`.`,
    footer: 'Dias úteis: segunda a sábado, sem feriados nacionais.',
    badMonth: (typed: string) =>
      `Mês inválido: “${typed}”. Use AAAA-MM, ex.: \`/carteira metas 2026-11\`.`,
    setButton: 'Definir metas',
    historyButton: 'Histórico',
    /** Clicked by someone who may not set goals (a stale or forged button). */
    setForbidden:
      'Só gerentes (da própria loja) e administradores definem metas. Peça a um deles, ou veja o progresso em `/carteira metas`.',
    ownersCut: (n: number) =>
      `A lista acima não cabe no Slack: ${n} ${n === 1 ? 'pessoa ficou' : 'pessoas ficaram'} de fora. Para ${n === 1 ? 'ela' : 'elas'}, use metas.csv na exportação do ERP ou \`carteira goals set\`.`,
    historyTitle: (month: string) => `Histórico das metas de ${month}`,
    historyNone: (month: string) =>
      `Nenhuma alteração nas metas de ${month} que você possa ver. As metas ficam no histórico quando são definidas ou alteradas (no Slack, no terminal ou em metas.csv).`,
    historyTimezone: (tz: string) => `Mais recentes primeiro · horários no fuso ${tz}.`,
    historyMore: (n: number, month: string) =>
      `… e mais ${n} ${n === 1 ? 'alteração mais antiga' : 'alterações mais antigas'}. Todas estão em \`carteira goals history --month ${month}\`.`,
  },

  whoami: {
    line: (name: string, email: string, role: string, store: string) =>
      `Você é *${name}* (${email}), ${role} na ${store}.`,
    scope: (scope: string) => `O que você vê: ${scope}.`,
    timezone: (tz: string) => `Datas e períodos no fuso ${tz}.`,
  },

  builder: {
    titleNew: 'Nova visão',
    titleEdit: 'Editar visão',
    /** Editar on a goals view: it is not built from filters and columns. */
    goalsViewFixed: (name: string) =>
      `A visão “${name}” é fixa: mostra as metas do mês de cada vendedor, das equipes, das lojas e da empresa, e não se edita no construtor. ` +
      'Para mudar as metas, use `/carteira metas`.',
    loading: ':hourglass_flowing_sand: Carregando as opções…',
    submit: 'Salvar visão',
    close: 'Cancelar',
    copyNote: (name: string, owner: string | null) =>
      `A visão “${name}” é ${owner ? `de ${owner}` : 'um modelo do Carteira'}: ao salvar, uma cópia será criada em seu nome e a original não muda.`,
    copyName: (name: string) => `${name} (cópia)`,
    sections: {
      filters: 'Filtros',
      columns: 'Colunas e ordem',
      save: 'Salvar',
    },
    labels: {
      situationMode: 'Situação',
      situationIds: 'Situações (personalizado)',
      periodMode: 'Período',
      periodField: 'Data usada no período',
      periodPreset: 'Período relativo',
      periodFrom: 'De',
      periodTo: 'Até',
      responsibleMode: 'Responsável',
      responsiblePeople: 'Pessoas',
      responsibleOptions: 'Subordinados',
      stores: 'Lojas',
      closingStatuses: 'Situação de fechamento',
      probableSale: 'Provável venda',
      search: 'Buscar cliente ou projeto',
      columns: 'Colunas',
      sortColumn: 'Ordenar por',
      sortDirection: 'Ordem',
      groupBy: 'Agrupar por',
      name: 'Nome da visão',
      description: 'Descrição',
      visibility: 'Quem pode usar',
      saveMode: 'Ao salvar',
    },
    empty: {
      people:
        'ainda não há vendedores que você possa ver. Importe os vendedores (carteira import) e abra o construtor de novo.',
      closingStatuses:
        'nenhum projeto usa status de fechamento ainda. Quando a importação trouxer algum, ele aparece aqui para escolher.',
    },
    hints: {
      situationMode: 'Personalizado: escolha as situações uma a uma.',
      periodPreset: 'Calculado no dia em que a visão roda, no fuso da sua loja.',
      responsibleMode: 'Cada pessoa só vê o que o cargo dela permite, mesmo em “Todos”.',
      responsiblePeople: 'Pessoas que você pode ver.',
      responsiblePeopleSlack:
        'Escolha pelo Slack: só valem pessoas vinculadas a um vendedor que você pode ver.',
      closingStatusesText:
        'Separe por vírgula ou ponto e vírgula, ex.: Em negociação; Aguardando cliente',
      columns:
        'As colunas aparecem na ordem em que você as escolhe (até 20). Para mudar a ordem, remova e escolha de novo.',
      name: 'Até 80 caracteres.',
      description: 'Opcional, até 500 caracteres.',
    },
    options: {
      situationCustom: 'Personalizado',
      periodNone: 'Sem período',
      periodRelative: 'Período relativo',
      periodFixed: 'Datas fixas',
      responsibleMe: 'Eu',
      responsibleAll: 'Todos (o que eu posso ver)',
      responsibleList: 'Escolher pessoas',
      includeSubordinates: 'Incluir os subordinados',
      probableAny: 'Qualquer',
      probableYes: 'Sim',
      probableNo: 'Não',
      sortNone: 'Padrão (código do projeto)',
      asc: 'Crescente',
      desc: 'Decrescente',
      groupNone: 'Sem agrupamento',
      private: 'Só eu',
      team: 'Toda a equipe',
      update: 'Atualizar esta visão',
      saveNew: 'Salvar como nova visão',
    },
    placeholders: {
      choose: 'Escolha',
      people: 'Escolha as pessoas',
      columns: 'Escolha as colunas',
      search: 'Nome do cliente ou código do projeto',
      name: 'Ex.: Sem contratos no mês',
      description: 'Para que serve esta visão',
    },
    errors: {
      invalidOption: 'Opção inválida; escolha uma da lista.',
      peopleInvalid: 'Alguma pessoa escolhida não existe ou você não pode vê-la.',
      noPeopleToChoose:
        'Ainda não há vendedores que você possa ver para escolher. Escolha outra opção em Responsável (por exemplo, todos).',
      peopleUnlinked:
        'Algum usuário escolhido não está vinculado a um vendedor que você possa ver.',
      storesInvalid: 'Alguma loja escolhida não existe.',
      viewGone: 'A visão que você editava não existe mais. Salve como nova visão.',
    },
    saved: {
      created: (name: string) => `Visão “${name}” criada.`,
      updated: (name: string) => `Visão “${name}” atualizada.`,
      copied: (name: string) => `Cópia “${name}” salva em seu nome.`,
      runHint: 'Use o botão para ver o resultado agora.',
    },
    notLinkedTitle: 'Carteira',
    triggerExpired: 'O Slack não deixou abrir o formulário a tempo. Tente de novo.',
  },

  home: {
    header: 'Carteira',
    linked: (name: string, role: string, store: string) => `Você é *${name}*, ${role} na ${store}.`,
    subscriptions: 'Minhas assinaturas',
    tip: 'Dica: `/carteira ajuda` mostra todos os comandos.',
    /** Admins' line: the last import, how it went, and the stale warning. */
    importStatus: (last: ImportRun | null, fresh: DataFreshness, tz: string): string => {
      if (!last)
        return ':inbox_tray: Nenhuma importação do ERP registrada ainda (`carteira import` ou IMPORT_DIR).';
      const when = formatLocalDateTimeBr(last.finishedAt, tz);
      const how =
        last.status === 'ok'
          ? 'concluída'
          : `${last.status === 'refused' ? 'recusada' : 'falhou'}${last.errors[0] ? ` — ${escapeMrkdwn(issueText(last.errors[0]))}` : ''}`;
      const parts = [`:inbox_tray: Última importação do ERP: ${when}, ${how}`];
      if (fresh.warning) parts.push(fresh.warning);
      else if (last.status !== 'ok' && fresh.line) parts.push(fresh.line);
      return parts.join(' · ');
    },
  },
} as const;
