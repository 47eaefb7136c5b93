import type { DataSource } from 'typeorm';
import { signAccessToken } from '../../src/common/auth/jwt';
import { createLogger } from '../../src/logger';
import { buildAppSchema } from '../../src/schema';
import { createServer, type AppServer, type ServerOptions } from '../../src/server';
import { createTestDatabase, type TestDatabase } from './test-db';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
export const TEST_ISSUER = 'tiered-test';
export const TEST_AUDIENCE = 'tiered-api-test';
/** The district date every test runs on: tests build their data around it. */
export const TEST_TODAY = '2026-10-15';
export const TEST_NOW = new Date(`${TEST_TODAY}T16:00:00Z`);

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
}

export interface TestApp {
  db: TestDatabase;
  ds: DataSource;
  baseUrl: string;
  server: AppServer;
  token(userId: string, overrides?: Partial<{ expiresInSeconds: number; audience: string; issuer: string }>): string;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export async function startTestApp(serverOverrides: Partial<ServerOptions> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const server = await createServer({
    db: db.appDs,
    schema: await buildAppSchema(),
    jwt: { key: { algorithm: 'HS256', secret: TEST_SECRET }, issuer: TEST_ISSUER, audience: TEST_AUDIENCE },
    log: createLogger('silent'),
    timeZone: 'America/New_York',
    production: false,
    now: () => TEST_NOW,
    ...serverOverrides,
  });
  const port = await server.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    db,
    ds: db.ds,
    baseUrl,
    server,
    token(userId, overrides = {}) {
      return signAccessToken(userId, {
        algorithm: 'HS256',
        secret: TEST_SECRET,
        issuer: overrides.issuer ?? TEST_ISSUER,
        audience: overrides.audience ?? TEST_AUDIENCE,
        expiresInSeconds: overrides.expiresInSeconds ?? 3600,
      });
    },
    async gql(query, variables, token) {
      const response = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as GraphQLResponse;
      return { ...body, status: response.status } as GraphQLResponse<any>;
    },
    async close() {
      await server.stop();
      await db.drop();
    },
  };
}
