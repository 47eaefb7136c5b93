import { printSchema } from 'graphql';
import { buildAppSchema } from './schema';

/** The SDL as committed in schema/schema.graphql (type-graphql emits it in a stable order). */
export async function printAppSchema(): Promise<string> {
  return `${printSchema(await buildAppSchema())}\n`;
}
