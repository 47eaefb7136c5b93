/** Escapes LIKE/ILIKE wildcards so user text matches literally (`50%` finds "50%", not "500"). */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
