import { StaffRole } from '../../src/common/auth/roles';
import { factories } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

describe('the per-request time limit', () => {
  let app: TestApp;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp({ requestTimeoutMs: 300 });
    token = app.token((await factories(app.ds).staff(StaffRole.DISTRICT_LEAD)).id);
  });
  afterAll(() => app.close());

  it('answers 503 when a request runs too long, and serves the next one', async () => {
    const blocker = app.ds.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    // Hold a lock the request needs: it waits past the limit.
    await blocker.query('LOCK TABLE staff_user IN ACCESS EXCLUSIVE MODE');
    const pending = fetch(`${app.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    });
    const response = await pending;
    expect(response.status).toBe(503);
    expect(((await response.json()) as any).errors[0].message).toBe('The request took too long');
    await blocker.rollbackTransaction();
    await blocker.release();
    const next = await app.gql('{ viewer { id } }', {}, token);
    expect(next.errors).toBeUndefined();
  });
});
