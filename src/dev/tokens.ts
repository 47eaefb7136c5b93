import { readFileSync, existsSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { signAccessToken } from '../common/auth/jwt';
import { StaffRole } from '../common/auth/roles';
import type { AppConfig, JwtKeyConfig } from '../config';
import { StaffUserEntity } from '../modules/staff/staff.entity';
import { DEMO_USERS } from '../../seeds/demo-users';

export const DEV_TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;

export type SigningKey = { algorithm: 'HS256'; secret: string } | { algorithm: 'RS256'; privateKey: string };

/** The key that signs local tokens: the HS256 secret, or JWT_PRIVATE_KEY for RS256 deployments. */
export function signingKey(key: JwtKeyConfig, env: NodeJS.ProcessEnv = process.env): SigningKey | undefined {
  if (key.algorithm === 'HS256') return { algorithm: 'HS256', secret: key.secret };
  const raw = env.JWT_PRIVATE_KEY;
  if (!raw) return undefined;
  const privateKey = raw.includes('-----BEGIN') ? raw.replace(/\\n/g, '\n') : existsSync(raw) ? readFileSync(raw, 'utf8') : undefined;
  return privateKey ? { algorithm: 'RS256', privateKey } : undefined;
}

export function tokenFor(userId: string, config: AppConfig, key: SigningKey, lifetimeSeconds = DEV_TOKEN_LIFETIME_SECONDS): string {
  return signAccessToken(userId, { ...key, issuer: config.jwtIssuer, audience: config.jwtAudience, expiresInSeconds: lifetimeSeconds });
}

/** Finds the staff user a local token is for: by email, or the demo user of a role. */
export async function findTokenUser(ds: DataSource, selector: { role?: StaffRole; email?: string }): Promise<StaffUserEntity | null> {
  const email = selector.email?.toLowerCase() ?? (selector.role ? DEMO_USERS[selector.role].email : undefined);
  if (email) {
    const user = await ds.manager.findOneBy(StaffUserEntity, { email });
    if (user && selector.role && user.role !== selector.role) return null;
    return user;
  }
  return null;
}

/** A ready-to-paste token for each seeded demo user (development only). */
export async function demoTokens(ds: DataSource, config: AppConfig, key: SigningKey) {
  const out: { role: StaffRole; email: string; token: string }[] = [];
  for (const role of Object.values(StaffRole)) {
    const user = await findTokenUser(ds, { role });
    if (user?.active) out.push({ role, email: user.email, token: tokenFor(user.id, config, key) });
  }
  return out;
}
