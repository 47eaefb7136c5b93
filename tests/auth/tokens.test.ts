import jwt from 'jsonwebtoken';
import { generateKeyPairSync } from 'node:crypto';
import { StaffRole } from '../../src/common/auth/roles';
import { factories } from '../support/factories';
import { startTestApp, TEST_AUDIENCE, TEST_ISSUER, TEST_SECRET, type GraphQLResponse, type TestApp } from '../support/test-app';

const VIEWER = '{ viewer { email role } }';

describe('token refusals', () => {
  let app: TestApp;
  let userId: string;

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    const school = await f.school();
    userId = (await f.staff(StaffRole.COUNSELOR, [school])).id;
  });
  afterAll(() => app.close());

  const expectUnauthenticated = (response: GraphQLResponse) => {
    expect(response.data?.viewer ?? null).toBeNull();
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  };

  it('accepts a valid token and loads the user from the database', async () => {
    const response = await app.gql(VIEWER, {}, app.token(userId));
    expect(response.errors).toBeUndefined();
    expect(response.data?.viewer.role).toBe('COUNSELOR');
  });

  it('refuses a request with no token', async () => {
    expectUnauthenticated(await app.gql(VIEWER));
  });

  it('refuses a malformed token and a malformed header', async () => {
    expectUnauthenticated(await app.gql(VIEWER, {}, 'not-a-jwt'));
    const response = await fetch(`${app.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic abc' },
      body: JSON.stringify({ query: VIEWER }),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired token', async () => {
    const token = jwt.sign({ exp: Math.floor(Date.now() / 1000) - 120 }, TEST_SECRET, {
      algorithm: 'HS256', subject: userId, issuer: TEST_ISSUER, audience: TEST_AUDIENCE,
    });
    expectUnauthenticated(await app.gql(VIEWER, {}, token));
  });

  it('refuses a token for another audience or issuer', async () => {
    expectUnauthenticated(await app.gql(VIEWER, {}, app.token(userId, { audience: 'someone-else' })));
    expectUnauthenticated(await app.gql(VIEWER, {}, app.token(userId, { issuer: 'someone-else' })));
  });

  it('refuses alg:none', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({
      sub: userId, iss: TEST_ISSUER, aud: TEST_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 600,
    })).toString('base64url');
    expectUnauthenticated(await app.gql(VIEWER, {}, `${header}.${payload}.`));
  });

  it('refuses a token signed with another algorithm or key', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rs = jwt.sign({}, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      algorithm: 'RS256', subject: userId, issuer: TEST_ISSUER, audience: TEST_AUDIENCE, expiresIn: 600,
    });
    expectUnauthenticated(await app.gql(VIEWER, {}, rs));
    const wrongSecret = jwt.sign({}, 'another-secret-another-secret-another-secret', {
      algorithm: 'HS256', subject: userId, issuer: TEST_ISSUER, audience: TEST_AUDIENCE, expiresIn: 600,
    });
    expectUnauthenticated(await app.gql(VIEWER, {}, wrongSecret));
  });

  it('refuses a token without exp', async () => {
    const token = jwt.sign({}, TEST_SECRET, { algorithm: 'HS256', subject: userId, issuer: TEST_ISSUER, audience: TEST_AUDIENCE });
    expectUnauthenticated(await app.gql(VIEWER, {}, token));
  });

  it('refuses a token whose not-before is in the future', async () => {
    const token = jwt.sign({}, TEST_SECRET, {
      algorithm: 'HS256', subject: userId, issuer: TEST_ISSUER, audience: TEST_AUDIENCE, expiresIn: 3600, notBefore: 600,
    });
    expectUnauthenticated(await app.gql(VIEWER, {}, token));
  });

  it('refuses an unknown user', async () => {
    expectUnauthenticated(await app.gql(VIEWER, {}, app.token('00000000-0000-4000-8000-000000000000')));
  });

  it('refuses a deactivated user whose token is still valid', async () => {
    const f = factories(app.ds);
    const user = await f.staff(StaffRole.TEACHER, [], { active: false });
    expectUnauthenticated(await app.gql(VIEWER, {}, app.token(user.id)));
  });
});
