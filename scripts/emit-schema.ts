// npm run schema:emit: writes the SDL the server serves to schema/schema.graphql.
import 'reflect-metadata';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { printAppSchema } from '../src/schema-sdl';

async function main() {
  const file = path.join(__dirname, '..', 'schema', 'schema.graphql');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, await printAppSchema());
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
