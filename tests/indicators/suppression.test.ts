import { SuppressionReason } from '../../src/modules/indicators/indicator-enums';
import { SMALL_CELL_RULE, isSmallCell, suppressCells, type SuppressibleCell } from '../../src/modules/indicators/suppression';

const cell = (key: string, numeratorStudents: number, denominatorStudents: number, family = 'SCHOOL'): SuppressibleCell => ({ key, family, numeratorStudents, denominatorStudents });
const reasons = (cells: SuppressibleCell[]) => Object.fromEntries(suppressCells(cells));

describe('small-cell suppression (pure)', () => {
  it("applies Connecticut's rule by default: numerator < 6 or denominator < 20", () => {
    expect(SMALL_CELL_RULE).toEqual({ minNumerator: 6, minDenominator: 20 });
    expect(isSmallCell(cell('a', 5, 100))).toBe(true);
    expect(isSmallCell(cell('a', 6, 100))).toBe(false);
    expect(isSmallCell(cell('a', 10, 19))).toBe(true);
    expect(isSmallCell(cell('a', 10, 20))).toBe(false);
    expect(isSmallCell(cell('a', 0, 0))).toBe(true);
    expect(isSmallCell(cell('a', 2, 10), { minNumerator: 1, minDenominator: 10 })).toBe(false);
  });

  it('leaves a breakdown with no small cell alone', () => {
    expect(reasons([cell('A', 10, 40), cell('B', 8, 30)])).toEqual({});
  });

  it('hides the next smallest cell when exactly one cell of a family is small', () => {
    // B alone would be total - A - C: hide the smallest other populated cell too (C: 25 < A: 30).
    expect(reasons([cell('A', 6, 30), cell('B', 5, 20), cell('C', 10, 25)])).toEqual({
      B: SuppressionReason.SMALL_CELL,
      C: SuppressionReason.COMPLEMENTARY,
    });
  });

  it('breaks ties by numerator, then key', () => {
    expect(reasons([cell('A', 2, 10), cell('B', 9, 25), cell('C', 7, 25)])).toEqual({ A: SuppressionReason.SMALL_CELL, C: SuppressionReason.COMPLEMENTARY });
    expect(reasons([cell('A', 2, 10), cell('C', 7, 25), cell('B', 7, 25)])).toEqual({ A: SuppressionReason.SMALL_CELL, B: SuppressionReason.COMPLEMENTARY });
  });

  it('needs nothing more when two or more cells are already small', () => {
    expect(reasons([cell('A', 1, 5), cell('B', 2, 8), cell('C', 50, 100)])).toEqual({ A: SuppressionReason.SMALL_CELL, B: SuppressionReason.SMALL_CELL });
  });

  it('does not count empty cells as protection, nor pick them', () => {
    // D is empty (and small): A is still the only populated hidden cell, so B (the smaller of B, C) goes too.
    expect(reasons([cell('A', 3, 30), cell('B', 8, 40), cell('C', 9, 50), cell('D', 0, 0)])).toEqual({
      A: SuppressionReason.SMALL_CELL,
      B: SuppressionReason.COMPLEMENTARY,
      D: SuppressionReason.SMALL_CELL,
    });
  });

  it('works within each family of a student-group breakdown', () => {
    const cells = [
      cell('RACE_A', 3, 25, 'RACE_ETHNICITY'),
      cell('RACE_B', 10, 60, 'RACE_ETHNICITY'),
      cell('RACE_C', 12, 70, 'RACE_ETHNICITY'),
      cell('GENDER_F', 12, 80, 'GENDER'),
      cell('GENDER_M', 13, 75, 'GENDER'),
      // Alone in its family: its complement (not English learners) is not shown, so nothing to protect.
      cell('EL', 4, 30, 'ENGLISH_LEARNERS'),
    ];
    expect(reasons(cells)).toEqual({ RACE_A: SuppressionReason.SMALL_CELL, RACE_B: SuppressionReason.COMPLEMENTARY, EL: SuppressionReason.SMALL_CELL });
  });

  it('is deterministic whatever the order of the cells', () => {
    const cells = [cell('A', 6, 30), cell('B', 5, 20), cell('C', 10, 25), cell('D', 10, 25)];
    const forward = reasons(cells);
    expect(reasons([...cells].reverse())).toEqual(forward);
    expect(forward).toEqual({ B: SuppressionReason.SMALL_CELL, C: SuppressionReason.COMPLEMENTARY });
  });
});
