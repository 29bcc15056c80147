/** What the subscriptions UI says in Slack, in one place. */
import {
  SUBSCRIPTION_FORMATS,
  type SubscriptionFormat,
} from '../../core/subscriptions/subscription.js';
import { FORMAT_LABELS } from '../../core/subscriptions/texts.js';

export const FORMAT_OPTIONS: { value: SubscriptionFormat; label: string }[] =
  SUBSCRIPTION_FORMATS.map((f) => ({
    value: f,
    label:
      f === 'table'
        ? 'Tabela na mensagem'
        : f === 'chart'
          ? 'Gráfico (imagem)'
          : f.startsWith('table+')
            ? `${FORMAT_LABELS[f]} (tabela e arquivo)`
            : `Arquivo ${FORMAT_LABELS[f]}`,
  }));

export const WEEKDAY_OPTIONS = [
  { value: 1, label: 'Segunda' },
  { value: 2, label: 'Terça' },
  { value: 3, label: 'Quarta' },
  { value: 4, label: 'Quinta' },
  { value: 5, label: 'Sexta' },
  { value: 6, label: 'Sábado' },
  { value: 7, label: 'Domingo' },
];

/** Brazil's zones (and UTC), by the city people know them for. */
export const TIMEZONE_OPTIONS = [
  { value: 'America/Sao_Paulo', label: 'Brasília / São Paulo' },
  { value: 'America/Manaus', label: 'Manaus' },
  { value: 'America/Cuiaba', label: 'Cuiabá' },
  { value: 'America/Campo_Grande', label: 'Campo Grande' },
  { value: 'America/Porto_Velho', label: 'Porto Velho' },
  { value: 'America/Boa_Vista', label: 'Boa Vista' },
  { value: 'America/Rio_Branco', label: 'Rio Branco' },
  { value: 'America/Belem', label: 'Belém' },
  { value: 'America/Fortaleza', label: 'Fortaleza' },
  { value: 'America/Recife', label: 'Recife' },
  { value: 'America/Maceio', label: 'Maceió' },
  { value: 'America/Bahia', label: 'Salvador' },
  { value: 'America/Araguaina', label: 'Araguaína' },
  { value: 'America/Santarem', label: 'Santarém' },
  { value: 'America/Noronha', label: 'Fernando de Noronha' },
  { value: 'UTC', label: 'UTC' },
];

export const t = {
  modal: {
    title: 'Assinar visão',
    submit: 'Assinar',
    close: 'Cancelar',
    view: (name: string) => `*Visão:* ${name}`,
    destination: 'Enviar para',
    destChannel: 'Um canal',
    destDm: 'Minha mensagem direta (DM)',
    destEach: 'Cada responsável em privado',
    destEachHint: 'Cada vendedor da visão recebe, na DM, só os próprios projetos.',
    vendedorOnlyDm:
      'Como vendedor, você pode assinar só na sua DM. Canais e envio para cada responsável são para gerentes.',
    channel: 'Canal',
    channelPlaceholder: 'Escolha o canal',
    frequency: 'Frequência',
    daily: 'Todo dia',
    weekly: 'Toda semana',
    monthly: 'Todo mês',
    cron: 'Expressão cron (avançado)',
    weekdays: 'Dias da semana',
    monthDay: 'Dia do mês',
    lastDay: 'Último dia do mês',
    cronLabel: 'Expressão cron',
    cronHint:
      '5 campos: minuto hora dia-do-mês mês dia-da-semana. Ex.: 0 8 * * 1 (segundas às 8h). Tecle Enter para ver a prévia.',
    time: 'Horário',
    timezone: 'Fuso horário',
    format: 'Formato',
    options: 'Opções',
    skipEmpty: 'Não enviar se vazio',
    onlyIfChanged: 'Só enviar se algo mudou',
    waitForImport: 'Após a importação do dia',
    preview: (when: string, next: string[]) =>
      `*Quando:* ${when}\n*Próximos envios:* ${next.join(' · ')}`,
    previewInvalid: (msg: string) => `:warning: ${msg}`,
    chooseWeekday: 'Escolha pelo menos um dia da semana.',
    chooseChannel: 'Escolha o canal que vai receber o relatório.',
    typeCron: 'Digite a expressão cron, ex.: 0 8 * * 1.',
  },
  created: (id: number, summary: string, next: string[]) =>
    `:white_check_mark: *Assinatura #${id} criada:* ${summary}.\n*Próximos envios:* ${next.join(' · ')}`,
  groupDm:
    ':information_source: Numa conversa em grupo não dá para adicionar um app, então o Carteira não consegue postar aqui. Apague esta assinatura em `/carteira assinaturas` e crie outra para um canal (ou use `privado` para receber na conversa direta comigo).',
  inviteBot: (channel: string) =>
    `:information_source: O Carteira ainda não participa de <#${channel}>: convide-o com \`/invite @Carteira\` antes do primeiro envio.`,
  subscribeUsage:
    'Diga qual visão assinar: `/carteira assinar Sem contratos no mês` abre o formulário; ' +
    '`/carteira assinar Sem contratos no mês toda segunda 8h #vendas pdf` cria direto.',
  orOpenForm: 'Para escolher tudo num formulário: `/carteira assinar <nome da visão>`.',
  unknownChannelName: (name: string) =>
    `Não sei qual é o canal #${name}: digite # e escolha o canal na lista do Slack, ou rode o comando dentro dele.`,
  list: {
    header: 'Assinaturas',
    empty:
      'Nenhuma assinatura ainda. Use o botão *Assinar* de uma visão ou `/carteira assinar <visão>`.',
    intro: (n: number, scope: string) =>
      `${n === 1 ? '1 assinatura' : `${n} assinaturas`} ${scope}.`,
    scopeMine: 'suas',
    scopeStore: (store: string) => `da loja ${store}`,
    scopeAll: 'de todas as lojas',
    more: (n: number) => `… e mais ${n}. Veja todas com \`/carteira assinaturas\`.`,
    owner: (name: string) => `dono: ${name}`,
    next: (when: string) => `próximo envio: ${when}`,
    failures: (n: number) => `:warning: ${n} ${n === 1 ? 'falha seguida' : 'falhas seguidas'}`,
  },
  buttons: {
    pause: 'Pausar',
    resume: 'Retomar',
    sendNow: 'Enviar agora',
    delete: 'Excluir',
    history: 'Histórico',
  },
  confirmDelete: {
    title: 'Excluir assinatura?',
    text: (summary: string) => `${summary}\nO histórico de envios também é apagado.`,
    confirm: 'Excluir',
    deny: 'Manter',
  },
  paused: (id: number) =>
    `:double_vertical_bar: Assinatura #${id} pausada. Nada será enviado até você retomar.`,
  resumed: (id: number, next: string[]) =>
    `:arrow_forward: Assinatura #${id} retomada. Próximos envios: ${next.join(' · ')}.`,
  deleted: (id: number, name: string) => `:wastebasket: Assinatura #${id} (“${name}”) excluída.`,
  sendNowQueued: (id: number, where: string) =>
    `:outbox_tray: Pedido de envio da assinatura #${id} recebido: o relatório sai em instantes, ${where}.`,
  sendNowDuplicate: (id: number, when: string) =>
    `A assinatura #${id} já teve um envio pedido em ${when}; para não enviar em dobro, espere 1 minuto antes de pedir de novo. Confira em *Histórico*.`,
  history: {
    header: (id: number) => `Histórico da assinatura #${id}`,
    empty: 'Nenhum envio ainda.',
    late: 'com atraso',
    manual: 'enviar agora',
    rows: (n: number) => `${n} ${n === 1 ? 'projeto' : 'projetos'}`,
  },
};
