/** Month names in pt-BR, lower case as they read inside a sentence ("novembro até o dia 3"). */
export const MONTH_NAMES = [
  'janeiro',
  'fevereiro',
  'março',
  'abril',
  'maio',
  'junho',
  'julho',
  'agosto',
  'setembro',
  'outubro',
  'novembro',
  'dezembro',
] as const;

/** `11` → `novembro`. */
export function monthName(month: number): string {
  return MONTH_NAMES[month - 1]!;
}
