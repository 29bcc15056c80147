/**
 * Situations of a project, in the order the filter shows them. A contract carries one
 * of the stages `contratado` … `cancelado`; a project's situation is derived from its
 * contracts, once, by the SQL in `summary.ts`.
 */
export const SITUATIONS = [
  { id: 'sem_contrato', label: 'Sem contrato' },
  { id: 'contratado', label: 'Contratado' },
  { id: 'em_revisao', label: 'Em revisão' },
  { id: 'pedido', label: 'Pedido' },
  { id: 'entrega', label: 'Entrega' },
  { id: 'montagem', label: 'Montagem' },
  { id: 'assistencia', label: 'Assistência técnica' },
  { id: 'concluido', label: 'Concluído' },
  { id: 'cancelado', label: 'Cancelado' },
] as const;

export type SituationId = (typeof SITUATIONS)[number]['id'];
export const SITUATION_IDS = SITUATIONS.map((s) => s.id) as [SituationId, ...SituationId[]];

/** Contract stages are the situations minus `sem_contrato`. */
export type StageId = Exclude<SituationId, 'sem_contrato'>;

/** Ordinal stored in the database: 0 = sem_contrato, 1 = contratado … 8 = cancelado. */
export function situationCode(id: SituationId): number {
  return SITUATION_IDS.indexOf(id);
}

export function situationFromCode(code: number): SituationId {
  const id = SITUATION_IDS[code];
  if (id === undefined) throw new Error(`unknown situation code ${code}`);
  return id;
}

export function situationLabel(id: SituationId): string {
  return SITUATIONS.find((s) => s.id === id)?.label ?? id;
}

export const SITUATION_PRESETS = ['all', 'without_contract', 'with_contract', 'cancelled'] as const;
export type SituationPreset = (typeof SITUATION_PRESETS)[number];

export function presetSituations(preset: SituationPreset): SituationId[] {
  switch (preset) {
    case 'all':
      return [...SITUATION_IDS];
    case 'without_contract':
      return ['sem_contrato'];
    case 'with_contract':
      return SITUATION_IDS.filter((s) => s !== 'sem_contrato' && s !== 'cancelado');
    case 'cancelled':
      return ['cancelado'];
  }
}

export const SITUATION_PRESET_LABELS: Record<SituationPreset, string> = {
  all: 'Todas',
  without_contract: 'Sem contrato',
  with_contract: 'Com contrato',
  cancelled: 'Cancelados',
};
