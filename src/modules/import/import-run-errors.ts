/** A run refused before it read anything (wrong role, a kind not available yet, a bad option). */
export class ImportRefusedError extends Error {}
