// The API server the bench measures, in a process of its own so that its RSS is its own (step 7).
// Started by bench/server/api-server.ts; the same bootstrap as src/main.ts (config, database,
// schema, createServer), on a loopback port chosen by the OS, plus the bench's SQL recorder.
import 'reflect-metadata';
import { installSqlRecorder, startRecording, stopRecording } from './sql-recorder';
installSqlRecorder();

import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/database';
import { createLogger } from '../../src/logger';
import { buildAppSchema } from '../../src/schema';
import { createServer } from '../../src/server';
import { instrumentIndicators } from '../seams/indicators';
import type { ServerCommand, ServerFailed, ServerReady, ServerReply } from './protocol';

async function main() {
  const config = loadConfig();
  if (!config.jwt) throw new Error('JWT_SECRET or JWT_PUBLIC_KEY is required');
  const log = createLogger(config.logLevel);
  const db = await openDatabase(config, { migrate: false });
  const indicatorsInstrumented = instrumentIndicators();
  const schema = await buildAppSchema();
  const server = await createServer({
    db: db.ds,
    schema,
    jwt: { key: config.jwt, issuer: config.jwtIssuer, audience: config.jwtAudience },
    log,
    timeZone: config.timeZone,
    production: config.nodeEnv === 'production',
    corsOrigins: config.corsOrigins,
    requestTimeoutMs: config.requestTimeoutMs,
  });
  const port = await server.listen(0, '127.0.0.1');

  const reply = (message: ServerReply) => process.send?.(message);
  process.on('message', async (message: ServerCommand) => {
    try {
      switch (message.cmd) {
        case 'record-start':
          startRecording();
          return reply({ id: message.id, ok: true });
        case 'record-stop':
          return reply({ id: message.id, ok: true, statements: stopRecording() });
        case 'stop':
          await server.stop();
          await db.close();
          reply({ id: message.id, ok: true });
          process.disconnect?.();
          return;
      }
    } catch (error) {
      reply({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  });
  // The bench going away (crash, Ctrl-C) takes the server with it.
  process.on('disconnect', () => process.exit(0));
  process.send?.({ type: 'ready', port, indicatorsInstrumented } satisfies ServerReady);
}

main().catch((error) => {
  process.send?.({ type: 'failed', error: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies ServerFailed);
  process.exit(1);
});
