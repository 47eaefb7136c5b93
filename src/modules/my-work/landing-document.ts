import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The documented operation the API landing page opens with: a user's "my work". */
export const LANDING_OPERATION = join('docs', 'operations', 'teacher', 'my-work.graphql');

/**
 * The landing page's first document and variables, read from docs/operations at start-up so the
 * page shows exactly what the docs (and their test) show. Looked up from this file upwards, as it
 * runs from src/ under ts-node and from dist/src/ once built; undefined when the docs are not
 * shipped (the page then opens empty).
 */
export function landingDocument(from: string = __dirname): { document: string; variables?: Record<string, unknown> } | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const path = join(dir, LANDING_OPERATION);
    if (existsSync(path)) {
      const variablesPath = path.replace(/\.graphql$/, '.variables.json');
      const variables = existsSync(variablesPath) ? (JSON.parse(readFileSync(variablesPath, 'utf8')) as Record<string, unknown>) : undefined;
      return { document: readFileSync(path, 'utf8'), ...(variables ? { variables } : {}) };
    }
    if (dirname(dir) === dir) return undefined;
  }
}
