/** Escapes LIKE/ILIKE wildcards so user text matches literally (`50%` finds "50%", not "500"). */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A SQL identifier (table, column, role) quoted as PostgreSQL reads it: "a""b" for a"b. */
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
