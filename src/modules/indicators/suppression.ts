import { SuppressionReason } from './indicator-enums';

/**
 * The small-cell rule, in one place. Connecticut's (CSDE, "Data Suppression Guidelines", used on
 * EdSight): a figure is suppressed when it rests on fewer than 6 students in the numerator or
 * fewer than 20 in the denominator, so that no student's status can be inferred from a published
 * rate (FERPA, 34 CFR 99.31(b)(1): de-identified aggregates only).
 */
export interface SmallCellRule {
  minNumerator: number;
  minDenominator: number;
}

export const SMALL_CELL_RULE: SmallCellRule = { minNumerator: 6, minDenominator: 20 };

/** What suppression looks at: the students behind a cell, not the figures shown (minutes, plans). */
export interface SuppressibleCell {
  /** Unique within the breakdown. */
  key: string;
  /**
   * Cells of one family partition the breakdown's total (schools, grades, race/ethnicity
   * categories, genders); complementary suppression works within a family.
   */
  family: string;
  numeratorStudents: number;
  denominatorStudents: number;
}

export function isSmallCell(cell: Pick<SuppressibleCell, 'numeratorStudents' | 'denominatorStudents'>, rule: SmallCellRule = SMALL_CELL_RULE): boolean {
  return cell.numeratorStudents < rule.minNumerator || cell.denominatorStudents < rule.minDenominator;
}

/**
 * Which cells of a breakdown to suppress, and why.
 *
 * 1. **Small cells** (primary suppression): every cell failing {@link isSmallCell}.
 * 2. **Complementary suppression**: the cells of a family add up to the breakdown's total, which
 *    is shown; if exactly one populated cell of a family (denominator > 0) is suppressed, its
 *    figures are the total minus the visible cells. Then the family's next smallest populated
 *    visible cell (fewest denominator students, then fewest numerator students, then key, so the
 *    choice is deterministic) is suppressed too: the reader learns only the sum of two hidden
 *    cells. Empty cells (denominator 0) protect nothing, so they are neither counted as the second
 *    hidden cell nor chosen as it.
 *
 * A family with one populated cell needs nothing more: that cell equals the total, which the same
 * rule suppresses. Pure: the same cells always give the same answer.
 */
export function suppressCells(cells: readonly SuppressibleCell[], rule: SmallCellRule = SMALL_CELL_RULE): Map<string, SuppressionReason> {
  const reasons = new Map<string, SuppressionReason>();
  for (const cell of cells) if (isSmallCell(cell, rule)) reasons.set(cell.key, SuppressionReason.SMALL_CELL);
  const families = new Map<string, SuppressibleCell[]>();
  for (const cell of cells) {
    if (cell.denominatorStudents <= 0) continue;
    families.set(cell.family, [...(families.get(cell.family) ?? []), cell]);
  }
  for (const members of families.values()) {
    const hidden = members.filter((c) => reasons.has(c.key));
    if (hidden.length !== 1) continue;
    const [next] = members
      .filter((c) => !reasons.has(c.key))
      .sort((a, b) => a.denominatorStudents - b.denominatorStudents || a.numeratorStudents - b.numeratorStudents || a.key.localeCompare(b.key));
    if (next) reasons.set(next.key, SuppressionReason.COMPLEMENTARY);
  }
  return reasons;
}
