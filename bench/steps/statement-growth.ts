// Whether the statements of our nested read grow with the page: a DataLoader-batched request runs
// the same statements for 10 rows as for 100 (with longer parameter lists), while a per-row query
// (N+1) runs once more per row. Pure, so it is unit-tested.

/** A statement on one line, shortened, for the results file. */
export const briefSql = (sql: string) => sql.replace(/\s+/g, ' ').slice(0, 160);

/**
 * A statement's shape: its text with parameter lists and LIMIT/OFFSET numbers folded, so
 * `IN ($1, $2)` and `IN ($1)`, `LIMIT 11` and `LIMIT 101` are one shape.
 */
export function statementShape(sql: string): string {
  return sql
    .replace(/\s+/g, ' ')
    .replace(/\$\d+(\s*,\s*\$\d+)*/g, '$*')
    .replace(/\b(LIMIT|OFFSET) \d+/gi, '$1 *');
}

/**
 * Which statement shapes run more often for 100 rows than for 10 (a per-row query: N+1), and which
 * appear only at 100 (a relation none of the first 10 rows had, loaded once). A page of 10 may
 * well run fewer statements than a page of 100 without anything growing per row.
 */
export function statementGrowth(at10: readonly string[], at100: readonly string[]): { repeatedPerRow: string[]; onlyAt100: string[] } {
  const count = (list: readonly string[]) => list.reduce((m, sql) => m.set(statementShape(sql), (m.get(statementShape(sql)) ?? 0) + 1), new Map<string, number>());
  const c10 = count(at10);
  const c100 = count(at100);
  const repeatedPerRow: string[] = [];
  const onlyAt100: string[] = [];
  for (const [shape, n] of c100) {
    const before = c10.get(shape) ?? 0;
    if (n > Math.max(before, 1)) repeatedPerRow.push(`${n}x ${briefSql(shape)}`);
    else if (before === 0) onlyAt100.push(briefSql(shape));
  }
  return { repeatedPerRow, onlyAt100 };
}
