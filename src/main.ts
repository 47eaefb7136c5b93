import 'reflect-metadata';
import { loadConfig, type JwtKeyConfig } from './config';
import { loadOrCreateDevSecret } from './common/auth/dev-key';
import { openDatabase } from './db/database';
import { demoTokens, signingKey } from './dev/tokens';
import { createLogger } from './logger';
import { buildAppSchema } from './schema';
import { createServer } from './server';
import { ensureDemoDistrict } from './dev/demo-district';

const SHUTDOWN_GRACE_MS = 10_000;

async function main() {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const jwtKey: JwtKeyConfig = config.jwt ?? { algorithm: 'HS256', secret: loadOrCreateDevSecret(config.dataDir) };
  const db = await openDatabase(config, { publishEmbedded: true });
  if (db.kind === 'embedded') {
    const seeded = await ensureDemoDistrict(db.ds, config.timeZone);
    if (seeded) log.info({ ...seeded }, 'seeded the demo district');
  }
  const schema = await buildAppSchema();
  const server = await createServer({
    db: db.ds,
    schema,
    jwt: { key: jwtKey, issuer: config.jwtIssuer, audience: config.jwtAudience },
    log,
    timeZone: config.timeZone,
    production: config.nodeEnv === 'production',
    corsOrigins: config.corsOrigins,
    requestTimeoutMs: config.requestTimeoutMs,
  });
  const port = await server.listen(config.port, config.host);
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/graphql`;
  log.info({ url, database: db.description }, 'tiered is listening');
  printBanner(url, db.description);
  if (config.nodeEnv !== 'production') {
    const key = signingKey(jwtKey);
    const tokens = key ? await demoTokens(db.ds, config, key) : [];
    printTokens(tokens);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    try {
      await server.stop();
      await db.close();
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

function printBanner(url: string, database: string) {
  process.stdout.write(`\nTiered GraphQL API: ${url}\nDatabase: ${database}\n`);
}

function printTokens(tokens: { role: string; email: string; token: string }[]) {
  if (tokens.length === 0) return;
  process.stdout.write('\nDemo tokens (12 h; `npm run token -- --role <ROLE>` makes more). Send as "Authorization: Bearer <token>":\n');
  for (const t of tokens) process.stdout.write(`\n  ${t.role} (${t.email})\n  ${t.token}\n`);
  process.stdout.write('\n');
}

main().catch((error) => {
  process.stderr.write(`tiered failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
