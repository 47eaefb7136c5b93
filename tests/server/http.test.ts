import { StaffRole } from '../../src/common/auth/roles';
import { factories } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

describe('HTTP surface', () => {
  let app: TestApp;
  let adminToken: string;

  beforeAll(async () => {
    app = await startTestApp();
    const admin = await factories(app.ds).staff(StaffRole.DISTRICT_ADMIN);
    adminToken = app.token(admin.id);
  });
  afterAll(() => app.close());

  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${app.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('sends no ETag with GraphQL answers (nothing revalidates a POST)', async () => {
    const response = await fetch(`${app.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ query: '{ viewer { email } }' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBeNull();
  });

  it('refuses batched requests and bodies over the limit', async () => {
    const batch = await fetch(`${app.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify([{ query: '{ viewer { email } }' }, { query: '{ viewer { email } }' }]),
    });
    expect(batch.status).toBe(400);
    const big = await fetch(`${app.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ query: `{ viewer { email } } # ${'x'.repeat(120_000)}` }),
    });
    expect(big.status).toBe(413);
  });

  it('reports a parse error as BAD_USER_INPUT', async () => {
    const response = await app.gql('{ viewer { ', {}, adminToken);
    expect(response.status).toBe(400);
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('masks internal failures and reports not-ready when the database is gone', async () => {
    // With the server's pool closed every query fails, as it would if PostgreSQL went away.
    await app.db.appDs.destroy();
    const ready = await fetch(`${app.baseUrl}/readyz`);
    expect(ready.status).toBe(503);
    const response = await app.gql('{ viewer { email } }', {}, adminToken);
    expect(response.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(response)).not.toMatch(/DataSource|TypeORM|SELECT|stack/i);
    await app.db.appDs.initialize();
    if (app.db.onPglite) await app.ds.query(`SET search_path TO ${app.db.schema}`);
    expect((await fetch(`${app.baseUrl}/readyz`)).status).toBe(200);
  });
});
