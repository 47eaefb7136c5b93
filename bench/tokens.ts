import { Client } from 'pg';
import { StaffRole } from '../src/common/auth/roles';
import type { AppConfig } from '../src/config';
import { signingKey, tokenFor } from '../src/dev/tokens';
import { DEMO_USERS } from '../seeds/demo-users';

/**
 * Real signed tokens for the seeded demo users, exactly as `npm run token` makes them, so every
 * request the bench sends is authenticated and scoped like a user's: the district lead reads
 * (the whole district is in scope), the district admin writes (leads cannot).
 */
export interface BenchTokens {
  districtLead: string;
  districtAdmin: string;
  districtAdminId: string;
}

export async function benchTokens(databaseUrl: string, config: AppConfig): Promise<BenchTokens> {
  const key = config.jwt && signingKey(config.jwt);
  if (!key) throw new Error('cannot sign tokens: JWT_SECRET (or JWT_PUBLIC_KEY with JWT_PRIVATE_KEY) is required');
  const client = new Client({ connectionString: databaseUrl, application_name: 'tiered-bench' });
  await client.connect();
  try {
    const idOf = async (role: StaffRole) => {
      const { rows } = await client.query<{ id: string }>('SELECT id FROM staff_user WHERE email = $1 AND role = $2 AND active', [DEMO_USERS[role].email, role]);
      if (!rows[0]) throw new Error(`the seeded district has no active ${role} demo user`);
      return rows[0].id;
    };
    const leadId = await idOf(StaffRole.DISTRICT_LEAD);
    const adminId = await idOf(StaffRole.DISTRICT_ADMIN);
    return { districtLead: tokenFor(leadId, config, key), districtAdmin: tokenFor(adminId, config, key), districtAdminId: adminId };
  } finally {
    await client.end();
  }
}
