/**
 * Words the demo company is made of: Brazilian names, store cities, rooms, sales
 * statuses, factories. Lists are fixed (the demo is reproducible) and every name folds
 * (lowercase, no accents) to a distinct key, so `nome.sobrenome` e-mails stay unique.
 */

function words(s: string): readonly string[] {
  return s.split(' ');
}

export const FEMALE_NAMES: readonly string[] = words(
  'Ana Maria Fernanda Juliana Patrícia Aline Camila Beatriz Letícia Larissa Mariana ' +
    'Gabriela Renata Vanessa Cláudia Simone Conceição Luciana Adriana Débora Tatiana ' +
    'Priscila Bruna Carolina Daniela Sônia Márcia Cristina Helena Lúcia Raquel Sabrina ' +
    'Natália Vitória Isabela Luana Jéssica Bianca Flávia Rosângela Thaís Eliane Fabiana ' +
    'Mônica Valéria Sueli Andréa Lívia Yasmin Rafaela Alessandra Gisele Tânia Viviane ' +
    'Joana Cecília Heloísa Lorena Manuela Regina',
);

export const MALE_NAMES: readonly string[] = words(
  'João José Antônio Francisco Carlos Paulo Pedro Lucas Luiz Marcos Gabriel Rafael ' +
    'Daniel Marcelo Bruno Eduardo Felipe Rodrigo Fábio Sérgio André Thiago Vinícius ' +
    'Gustavo Leonardo Diego Ricardo Fernando Márcio Roberto Caio Mateus Henrique Otávio ' +
    'Júlio César Renan Igor Cauã Davi Heitor Raimundo Sebastião Wellington Edson Rogério ' +
    'Alexandre Leandro Cristiano Murilo Samuel Benedito Emerson Flávio Jorge Vítor Renato ' +
    'Wagner Arthur Joaquim',
);

export const FIRST_NAMES: readonly string[] = [...FEMALE_NAMES, ...MALE_NAMES];

export const SURNAMES: readonly string[] = words(
  'Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa ' +
    'Ribeiro Martins Carvalho Almeida Lopes Soares Fernandes Vieira Barbosa Rocha Dias ' +
    'Nascimento Andrade Moreira Nunes Marques Machado Mendes Freitas Cardoso Ramos ' +
    'Gonçalves Santana Teixeira Araújo Correia Cavalcanti Monteiro Moura Campos Batista ' +
    'Pinto Castro Azevedo Brandão Conceição Magalhães Siqueira Figueiredo Prado Bezerra ' +
    'Xavier Assunção Lacerda Queiroz Sampaio Guimarães Tavares Falcão Peixoto Aragão ' +
    'Bittencourt Coelho Medeiros Borges Farias Pacheco Vasconcelos Leão Romão Valente ' +
    'Esteves Rezende Dantas Fontes Sales Paiva Toledo Brito',
);

/** Lowercase without accents: `Conceição` → `conceicao`. */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export interface StoreSite {
  /** Neighbourhood or branch name ("Centro"). */
  branch: string;
  city: string;
  timezone: string;
  /** Telephone area code (DDD). */
  ddd: string;
  /** Where its clients live: the city itself first, then the metro area. */
  clientCities: readonly string[];
  /** The factory that makes most of its furniture. */
  factory: string;
}

/**
 * Stores in the order they are opened as the company grows. The first four (the default
 * demo) span three timezones: São Paulo, Recife (no summer time, same offset today) and
 * Manaus (UTC−4).
 */
export const STORE_SITES: readonly StoreSite[] = [
  {
    branch: 'Centro',
    city: 'São Paulo',
    timezone: 'America/Sao_Paulo',
    ddd: '11',
    clientCities: ['São Paulo', 'Guarulhos', 'Osasco', 'Santo André', 'São Bernardo do Campo'],
    factory: 'Fábrica Sul Móveis',
  },
  {
    branch: 'Boa Viagem',
    city: 'Recife',
    timezone: 'America/Recife',
    ddd: '81',
    clientCities: ['Recife', 'Olinda', 'Jaboatão dos Guararapes', 'Camaragibe'],
    factory: 'Indústria Nordeste Planejados',
  },
  {
    branch: 'Adrianópolis',
    city: 'Manaus',
    timezone: 'America/Manaus',
    ddd: '92',
    clientCities: ['Manaus', 'Iranduba', 'Manacapuru'],
    factory: 'Fábrica Sul Móveis',
  },
  {
    branch: 'Savassi',
    city: 'Belo Horizonte',
    timezone: 'America/Sao_Paulo',
    ddd: '31',
    clientCities: ['Belo Horizonte', 'Contagem', 'Nova Lima', 'Betim'],
    factory: 'Marcenaria Industrial Minas',
  },
  {
    branch: 'Moema',
    city: 'São Paulo',
    timezone: 'America/Sao_Paulo',
    ddd: '11',
    clientCities: ['São Paulo', 'Santo André', 'Diadema', 'São Caetano do Sul'],
    factory: 'Fábrica Sul Móveis',
  },
  {
    branch: 'Barra da Tijuca',
    city: 'Rio de Janeiro',
    timezone: 'America/Sao_Paulo',
    ddd: '21',
    clientCities: ['Rio de Janeiro', 'Niterói', 'São Gonçalo', 'Duque de Caxias'],
    factory: 'Móveis Serra Gaúcha Indústria',
  },
  {
    branch: 'Batel',
    city: 'Curitiba',
    timezone: 'America/Sao_Paulo',
    ddd: '41',
    clientCities: ['Curitiba', 'São José dos Pinhais', 'Colombo', 'Pinhais'],
    factory: 'Fábrica Sul Móveis',
  },
  {
    branch: 'Moinhos de Vento',
    city: 'Porto Alegre',
    timezone: 'America/Sao_Paulo',
    ddd: '51',
    clientCities: ['Porto Alegre', 'Canoas', 'Gravataí', 'Novo Hamburgo'],
    factory: 'Móveis Serra Gaúcha Indústria',
  },
  {
    branch: 'Aldeota',
    city: 'Fortaleza',
    timezone: 'America/Fortaleza',
    ddd: '85',
    clientCities: ['Fortaleza', 'Caucaia', 'Maracanaú', 'Eusébio'],
    factory: 'Indústria Nordeste Planejados',
  },
  {
    branch: 'Pituba',
    city: 'Salvador',
    timezone: 'America/Bahia',
    ddd: '71',
    clientCities: ['Salvador', 'Lauro de Freitas', 'Camaçari'],
    factory: 'Indústria Nordeste Planejados',
  },
  {
    branch: 'Asa Sul',
    city: 'Brasília',
    timezone: 'America/Sao_Paulo',
    ddd: '61',
    clientCities: ['Brasília', 'Águas Claras', 'Taguatinga', 'Guará'],
    factory: 'Marcenaria Industrial Minas',
  },
  {
    branch: 'Setor Bueno',
    city: 'Goiânia',
    timezone: 'America/Sao_Paulo',
    ddd: '62',
    clientCities: ['Goiânia', 'Aparecida de Goiânia', 'Anápolis'],
    factory: 'Marcenaria Industrial Minas',
  },
  {
    branch: 'Cambuí',
    city: 'Campinas',
    timezone: 'America/Sao_Paulo',
    ddd: '19',
    clientCities: ['Campinas', 'Valinhos', 'Vinhedo', 'Paulínia', 'Sumaré'],
    factory: 'Fábrica Sul Móveis',
  },
  {
    branch: 'Trindade',
    city: 'Florianópolis',
    timezone: 'America/Sao_Paulo',
    ddd: '48',
    clientCities: ['Florianópolis', 'São José', 'Palhoça', 'Biguaçu'],
    factory: 'Móveis Serra Gaúcha Indústria',
  },
  {
    branch: 'Umarizal',
    city: 'Belém',
    timezone: 'America/Belem',
    ddd: '91',
    clientCities: ['Belém', 'Ananindeua', 'Marituba'],
    factory: 'Indústria Nordeste Planejados',
  },
  {
    branch: 'Goiabeiras',
    city: 'Cuiabá',
    timezone: 'America/Cuiaba',
    ddd: '65',
    clientCities: ['Cuiabá', 'Várzea Grande'],
    factory: 'Marcenaria Industrial Minas',
  },
  {
    branch: 'Jardim dos Estados',
    city: 'Campo Grande',
    timezone: 'America/Campo_Grande',
    ddd: '67',
    clientCities: ['Campo Grande', 'Sidrolândia', 'Terenos'],
    factory: 'Marcenaria Industrial Minas',
  },
  {
    branch: 'Ponta Negra',
    city: 'Natal',
    timezone: 'America/Fortaleza',
    ddd: '84',
    clientCities: ['Natal', 'Parnamirim', 'São Gonçalo do Amarante'],
    factory: 'Indústria Nordeste Planejados',
  },
  {
    branch: 'Praia do Canto',
    city: 'Vitória',
    timezone: 'America/Sao_Paulo',
    ddd: '27',
    clientCities: ['Vitória', 'Vila Velha', 'Serra', 'Cariacica'],
    factory: 'Marcenaria Industrial Minas',
  },
  {
    branch: 'Centro',
    city: 'Porto Velho',
    timezone: 'America/Porto_Velho',
    ddd: '69',
    clientCities: ['Porto Velho', 'Candeias do Jamari'],
    factory: 'Fábrica Sul Móveis',
  },
];

export const COMPANY_DOMAIN = 'planejadosdemo.com.br';

export const CLIENT_EMAIL_DOMAINS = [
  'gmail.com',
  'hotmail.com',
  'outlook.com',
  'yahoo.com.br',
  'uol.com.br',
  'terra.com.br',
] as const;

export interface RoomKind {
  name: string;
  /** Relative frequency among a project's rooms. */
  weight: number;
  /** Value range in cents. */
  min: number;
  max: number;
  /** A project may have two ("Dormitório solteiro 2"). */
  repeatable?: boolean;
}

/** Rooms a project may have; values in cents (R$ 8.000 – R$ 60.000). */
export const ROOM_KINDS: readonly RoomKind[] = [
  { name: 'Cozinha', weight: 30, min: 1_800_000, max: 6_000_000 },
  { name: 'Dormitório casal', weight: 22, min: 1_500_000, max: 4_800_000 },
  { name: 'Dormitório solteiro', weight: 12, min: 900_000, max: 2_800_000, repeatable: true },
  { name: 'Closet', weight: 10, min: 1_200_000, max: 4_500_000 },
  { name: 'Home office', weight: 8, min: 900_000, max: 2_500_000 },
  { name: 'Banheiro', weight: 12, min: 800_000, max: 1_800_000, repeatable: true },
  { name: 'Área de serviço', weight: 10, min: 800_000, max: 1_600_000 },
  { name: 'Sala de estar', weight: 9, min: 1_000_000, max: 3_500_000 },
  { name: 'Sala de jantar', weight: 5, min: 1_000_000, max: 3_000_000 },
  { name: 'Varanda gourmet', weight: 5, min: 1_400_000, max: 4_200_000 },
  { name: 'Quarto infantil', weight: 6, min: 900_000, max: 2_600_000, repeatable: true },
  { name: 'Lavabo', weight: 4, min: 800_000, max: 1_400_000 },
];

/** Names used when a project has a second room of the same kind. */
export const SECOND_ROOM_SUFFIX = ' 2';

/** Statuses of projects still being negotiated. */
export const OPEN_STATUSES = [
  'Em negociação',
  'Orçamento enviado',
  'Aguardando cliente',
  'Aguardando medição',
  'Revisão de projeto',
] as const;
/** A project drawn in the last few days. */
export const NEW_STATUS = 'Em elaboração';
/** Projects that will not close. */
export const LOST_STATUSES = [
  'Perdido',
  'Fechou com concorrente',
  'Desistiu do projeto',
  'Sem retorno do cliente',
] as const;
/** Projects with a contract. */
export const CLOSED_STATUS = 'Fechado';
/** Projects whose only contracts were cancelled. */
export const CANCELLED_STATUS = 'Contrato cancelado';

/** Suppliers beyond the store's main factory (glass, stone, hardware). */
export const EXTRA_SUPPLIERS = [
  'Vidraçaria Cristal',
  'Marmoraria Pedra Nobre',
  'Ferragens Bento Gonçalves',
  'Iluminação Luz & Cia',
] as const;

/** How a project starts: the client comes to the store. */
export const FIRST_CONTACT_CHANNEL = 'Visita à loja';
export const CONTACT_CHANNELS = [
  'WhatsApp',
  'Telefone',
  'E-mail',
  'Visita à loja',
  'Visita técnica',
] as const;

export const CONTACT_NOTES_OPEN = [
  'Cliente trouxe a planta do apartamento',
  'Enviado orçamento por WhatsApp',
  'Cliente pediu revisão de valores',
  'Agendada apresentação do projeto em 3D',
  'Cliente vai decidir com o cônjuge',
  'Pediu prazo para pensar',
  'Medição agendada',
  'Negociando forma de pagamento',
] as const;

export const CONTACT_NOTES_CLOSED = [
  'Contrato assinado na loja',
  'Conferência de medidas finais',
  'Pedido enviado para a fábrica',
  'Entrega agendada',
  'Montagem em andamento',
  'Cliente solicitou ajuste de porta',
  'Pesquisa de satisfação respondida',
] as const;

export const ORDER_STATUS_BY_STAGE: Readonly<Record<number, readonly string[]>> = {
  3: ['Enviado à fábrica', 'Em produção'],
  4: ['Faturado', 'Em transporte'],
  5: ['Entregue'],
  6: ['Entregue'],
  7: ['Entregue'],
};
