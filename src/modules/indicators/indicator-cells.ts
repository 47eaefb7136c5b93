import { IndicatorDirection, SuppressionReason } from './indicator-enums';
import type { IndicatorDefinition } from './registry';

/** What a statement counted for one cell: the figures and the distinct students behind them. */
export interface CellFigures {
  numerator: number;
  denominator: number;
  numeratorStudents: number;
  denominatorStudents: number;
}

/** A cell as the API shows it. Suppressed and unavailable cells carry no figures, never zeros. */
export interface IndicatorCell {
  available: boolean;
  note: string | null;
  numerator: number | null;
  denominator: number | null;
  /** Numerator / denominator as a percentage, 1 decimal; a published figure as published. */
  value: number | null;
  target: number | null;
  /** Percentage points still short of the target (<= 0: met), in the indicator's direction. */
  gapToTarget: number | null;
  meetsTarget: boolean | null;
  suppressed: boolean;
  suppression: SuppressionReason | null;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** The figures of a cell that shows none (unavailable, or suppressed): the target only. */
const noFigures = (definition: IndicatorDefinition) => ({
  numerator: null,
  denominator: null,
  value: null,
  target: definition.target,
  gapToTarget: null,
  meetsTarget: null,
});

export function unavailableCell(definition: IndicatorDefinition, note: string): IndicatorCell {
  return { available: false, note, ...noFigures(definition), suppressed: false, suppression: null };
}

/** The gap to the target and whether it is met, in the indicator's direction. */
function againstTarget(definition: IndicatorDefinition, value: number | null): Pick<IndicatorCell, 'gapToTarget' | 'meetsTarget'> {
  if (value === null || definition.target === null) return { gapToTarget: null, meetsTarget: null };
  const gap = round1(definition.direction === IndicatorDirection.HIGHER_IS_BETTER ? definition.target - value : value - definition.target);
  return { gapToTarget: gap, meetsTarget: gap <= 0 };
}

/** A computed cell; `suppression` hides its figures (the reason is shown instead). */
export function computedCell(definition: IndicatorDefinition, figures: CellFigures, suppression?: SuppressionReason, note: string | null = null): IndicatorCell {
  if (suppression) {
    return {
      available: true,
      note: suppression === SuppressionReason.SMALL_CELL ? 'Suppressed: too few students to publish' : 'Suppressed so that a small cell cannot be worked out from the total',
      ...noFigures(definition),
      suppressed: true,
      suppression,
    };
  }
  const value = figures.denominator > 0 ? round1((100 * figures.numerator) / figures.denominator) : null;
  return {
    available: true,
    note: figures.denominator > 0 ? note : 'Nothing to count on this date',
    numerator: Math.round(figures.numerator * 100) / 100,
    denominator: Math.round(figures.denominator * 100) / 100,
    value,
    target: definition.target,
    ...againstTarget(definition, value),
    suppressed: false,
    suppression: null,
  };
}

/** A published figure, as published (already de-identified by its publisher: never suppressed here). */
export function publishedCell(
  definition: IndicatorDefinition,
  figure: { value: number; numerator: number | null; denominator: number | null; year_name: string } | undefined,
): IndicatorCell {
  if (!figure) return unavailableCell(definition, 'No published figure recorded');
  return {
    available: true,
    note: `Published figure for ${figure.year_name}`,
    numerator: figure.numerator,
    denominator: figure.denominator,
    value: figure.value,
    target: definition.target,
    ...againstTarget(definition, figure.value),
    suppressed: false,
    suppression: null,
  };
}
