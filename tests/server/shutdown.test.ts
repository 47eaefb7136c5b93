import { StaffRole } from '../../src/common/auth/roles';
import { factories } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

describe('graceful shutdown', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.db.drop();
  });

  it('lets in-flight requests finish, refuses new ones, and stops', async () => {
    const token = app.token((await factories(app.ds).staff(StaffRole.DISTRICT_LEAD)).id);
    const blocker = app.ds.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    await blocker.query('LOCK TABLE school IN ACCESS EXCLUSIVE MODE');
    const inFlight = app.gql('{ viewer { id } schools { id } }', {}, token);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopped = app.server.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(fetch(`${app.baseUrl}/healthz`)).rejects.toThrow();
    await blocker.rollbackTransaction();
    await blocker.release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    await stopped;
  });
});
