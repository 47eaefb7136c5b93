import { Client } from 'pg';
import { testDbUrl } from '../support/test-db';

/**
 * PGlite is one session; its socket server multiplexes connections onto it. A connection's
 * extended-protocol messages (Parse, Bind, Execute, Sync) must run as one unit, or another
 * connection's Parse replaces the statement in between and a client gets someone else's rows.
 */
// The suite's database is the embedded one (started by src/db/embedded.ts in globalSetup) unless
// TEST_DATABASE_URL is set; on PostgreSQL the same checks hold trivially.
describe('the database the suite runs on', () => {
  const clients: Client[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) {
      const client = new Client({ connectionString: testDbUrl() });
      await client.connect();
      clients.push(client);
    }
  });
  afterAll(async () => {
    await clients[0].query('DROP TABLE IF EXISTS embedded_probe');
    for (const client of clients) await client.end();
  });

  it('keeps concurrent parameterised queries of different connections apart', async () => {
    const rounds = await Promise.all(
      clients.flatMap((client, c) =>
        Array.from({ length: 20 }, (_, i) => client.query('SELECT $1::int AS n, $2::text AS who', [i, `client-${c}`]).then((r) => ({ c, i, row: r.rows[0] }))),
      ),
    );
    for (const { c, i, row } of rounds) expect(row).toEqual({ n: i, who: `client-${c}` });
  });

  it('keeps them apart while another connection holds a transaction', async () => {
    const [a, b, c] = clients;
    await a.query('BEGIN');
    const others = Promise.all(
      [b, c].flatMap((client, k) => Array.from({ length: 10 }, (_, i) => client.query('SELECT $1::int AS n, $2::text AS who', [i, `other-${k}`]).then((r) => ({ k, i, row: r.rows[0] })))),
    );
    for (let i = 0; i < 10; i++) expect((await a.query('SELECT $1::int AS n, $2::text AS who', [i, 'tx'])).rows[0]).toEqual({ n: i, who: 'tx' });
    await a.query('COMMIT');
    for (const { k, i, row } of await others) expect(row).toEqual({ n: i, who: `other-${k}` });
  });

  it('keeps a transaction to its connection while others wait', async () => {
    const [a, b] = clients;
    await a.query('CREATE TABLE embedded_probe (v int)');
    await a.query('BEGIN');
    await a.query('INSERT INTO embedded_probe VALUES ($1)', [1]);
    const outside = b.query('SELECT count(*)::int AS n FROM embedded_probe');
    await a.query('ROLLBACK');
    expect((await outside).rows[0].n).toBe(0);
  });
});
