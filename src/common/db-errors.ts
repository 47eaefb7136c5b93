/** True when a PostgreSQL unique violation (23505) came from the named constraint or index. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const driver = e.driverError ?? e;
  return driver.code === '23505' && driver.constraint === constraint;
}
