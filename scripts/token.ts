// npm run token -- --role <ROLE> [--user <email>] [--hours <N>]
import 'reflect-metadata';
import { loadOrCreateDevSecret } from '../src/common/auth/dev-key';
import { StaffRole } from '../src/common/auth/roles';
import { loadConfig, type JwtKeyConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { findTokenUser, signingKey, tokenFor } from '../src/dev/tokens';
import { parseFlags } from './flags';

async function main() {
  const flags = parseFlags(process.argv.slice(2), { role: 'string', user: 'string', hours: { int: [1, 720] } });
  const role = flags.role as string | undefined;
  if (role && !Object.values(StaffRole).includes(role as StaffRole)) {
    throw new Error(`--role must be one of ${Object.values(StaffRole).join(', ')}`);
  }
  if (!role && !flags.user) throw new Error('usage: npm run token -- --role <ROLE> [--user <email>] [--hours <N>]');
  const config = loadConfig();
  const jwtKey: JwtKeyConfig = config.jwt ?? { algorithm: 'HS256', secret: loadOrCreateDevSecret(config.dataDir) };
  const key = signingKey(jwtKey);
  if (!key) throw new Error('RS256 is configured: set JWT_PRIVATE_KEY to sign tokens locally');
  const db = await openDatabase(config);
  try {
    const user = await findTokenUser(db.ds, { role: role as StaffRole | undefined, email: flags.user as string | undefined });
    if (!user) throw new Error(flags.user ? `no staff user ${flags.user}${role ? ` with role ${role}` : ''}` : `no demo user for ${role}; run npm run seed`);
    if (!user.active) throw new Error(`${user.email} is deactivated`);
    const hours = (flags.hours as number | undefined) ?? 12;
    process.stdout.write(`${tokenFor(user.id, config, key, hours * 3600)}\n`);
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
