import { auditServer } from 'graphql-http';
import { StaffRole } from '../../src/common/auth/roles';
import { factories } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * GraphQL over HTTP conformance (graphql-http's server audits), with a valid token. Every MUST
 * passes; the SHOULD warnings that remain are listed in the README with the reason.
 */
describe('GraphQL over HTTP', () => {
  let app: TestApp;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp();
    token = app.token((await factories(app.ds).staff(StaffRole.DISTRICT_LEAD)).id);
  });
  afterAll(() => app.close());

  it('passes every MUST of the graphql-http server audits', async () => {
    const results = await auditServer({
      url: `${app.baseUrl}/graphql`,
      fetchFn: (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
        const headers = new Headers(init?.headers);
        headers.set('authorization', `Bearer ${token}`);
        return fetch(input, { ...init, headers });
      },
    });
    const failures = results.filter((r) => r.status === 'error').map((r) => `${r.id} ${r.name}: ${r.status === 'error' ? r.reason : ''}`);
    expect(failures).toEqual([]);
    // The SHOULDs we do not meet, listed in the README: with the legacy application/json media type
    // Apollo answers 400 to a request that cannot run, where the spec would rather see 200.
    const warnings = results.filter((r) => r.status === 'warn').map((r) => r.name);
    expect(warnings).toEqual([
      'SHOULD use 200 status code on document parsing failure when accepting application/json',
      'SHOULD use 200 status code on document validation failure when accepting application/json',
      'SHOULD use a status code of 200 on variable coercion failure when accepting application/json',
    ]);
  });
});
