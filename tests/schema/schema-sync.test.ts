import { readFileSync } from 'node:fs';
import path from 'node:path';
import { printAppSchema } from '../../src/schema-sdl';

describe('schema/schema.graphql', () => {
  it('matches the schema the server builds (run `npm run schema:emit` after changing the API)', async () => {
    const committed = readFileSync(path.join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8');
    expect(committed).toBe(await printAppSchema());
  });
});
