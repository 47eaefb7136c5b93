import type { EntityManager } from 'typeorm';
import { StaffRole, isDistrictRole } from '../../../common/auth/roles';
import { GradeLevel } from '../../../common/grade-level';
import { toGlobalId } from '../../../common/graphql/global-id';
import { calendarService } from '../../calendar/calendar.service';
import { SchoolLevel } from '../../schools/school-level';
import { schoolService } from '../../schools/school.service';
import { staffService } from '../../staff/staff.service';
import { boundToTransaction } from '../batch-context';
import type { ImportJob } from '../import-job';
import { attempt, refuse, type Data } from './oneroster-apply-shared';
import { ONEROSTER_STAFF_ROLES, schoolCode } from './oneroster-mapping';
import { SYSTEM, forEachSeenPage, mapRecord, recordsById } from './oneroster-records';

// ---------------------------------------------------------------------------------------------
// School years
// ---------------------------------------------------------------------------------------------

/**
 * A schoolYear session becomes a school year named "<start year>-<end year>", with its semesters
 * (or, without semesters, its terms) as terms, and the weekdays between its dates as instructional
 * days: OneRoster carries no holidays, so closures are removed in the app afterwards. A year that
 * exists with other dates is rejected: the calendar is changed in the app, not by a roster file.
 */
export async function applySchoolYears(job: ImportJob): Promise<void> {
  await forEachSeenPage<Data>(job, 'academicSession', async (em, page) => {
    const ctx = boundToTransaction(job.ctx, em);
    for (const rec of page) {
      const d = rec.data;
      if (rec.status === 'tobedeleted') {
        await refuse(job, 'SchoolYear', rec, 'status', 'School years are not deleted by an import; change the calendar in the app');
        continue;
      }
      const name = `${d.startDate.slice(0, 4)}-${d.endDate.slice(0, 4)}`;
      if (d.startDate.slice(0, 4) >= d.endDate.slice(0, 4)) {
        await refuse(job, 'SchoolYear', rec, 'endDate', 'A school year must run from one calendar year into the next');
        continue;
      }
      const [existing]: { id: string; name: string; start: string; end: string }[] = await em.query(
        'SELECT id, name, start_date AS start, end_date AS "end" FROM school_year WHERE id = $1 OR name = $2 ORDER BY (id = $1) DESC LIMIT 1',
        [rec.entityId ?? '00000000-0000-0000-0000-000000000000', name],
      );
      if (existing) {
        if (existing.start === d.startDate && existing.end === d.endDate) {
          job.tally.add('SchoolYear', 'unchanged');
          await mapRecord(em, 'academicSession', rec.sourceId, 'SchoolYear', existing.id);
        } else {
          await refuse(job, 'SchoolYear', rec, 'startDate', `School year ${existing.name} exists from ${existing.start} to ${existing.end}; change its dates in the app`);
        }
        continue;
      }
      const children: { title: string; type: string; start: string; end: string }[] = await em.query(
        `SELECT data->>'title' AS title, data->>'type' AS type, data->>'startDate' AS start, data->>'endDate' AS "end"
           FROM import_source_record WHERE source_system = $1 AND source_type = 'academicSession' AND status = 'active'
            AND data->>'parentSourcedId' = $2 AND data->>'type' IN ('semester', 'term') ORDER BY data->>'startDate'`,
        [SYSTEM, rec.sourceId],
      );
      const semesters = children.filter((c) => c.type === 'semester');
      const terms = (semesters.length ? semesters : children).map((c) => ({ name: c.title.slice(0, 60), startDate: c.start, endDate: c.end }));
      const created = await attempt(job, 'SchoolYear', rec, { startDate: 'startDate', endDate: 'endDate', terms: 'parentSourcedId', name: 'title' }, () =>
        calendarService.create(ctx, { name, startDate: d.startDate, endDate: d.endDate, terms, nonInstructionalDates: [] }),
      );
      if (created) {
        job.tally.add('SchoolYear', 'created');
        await mapRecord(em, 'academicSession', rec.sourceId, 'SchoolYear', created.schoolYear.id);
      }
    }
  }, `r.data->>'type' = 'schoolyear'`);
}

// ---------------------------------------------------------------------------------------------
// Schools
// ---------------------------------------------------------------------------------------------

/**
 * A school org becomes a school whose code is the org's identifier (else its sourcedId). OneRoster
 * orgs carry no grade span or level: a new school is created as OTHER serving PK-12 (narrow it in
 * the app); an existing school keeps its level and grades, and only its name follows the file.
 */
export async function applySchools(job: ImportJob): Promise<void> {
  await forEachSeenPage<Data>(job, 'org', async (em, page) => {
    const ctx = boundToTransaction(job.ctx, em);
    for (const rec of page) {
      const d = rec.data;
      if (d.type !== 'school') {
        job.tally.add('Org', 'skipped');
        continue;
      }
      if (rec.status === 'tobedeleted') {
        await refuse(job, 'School', rec, 'status', 'Schools are not deleted by an import');
        continue;
      }
      const code = schoolCode(d.identifier, rec.sourceId);
      if (!code) {
        await refuse(job, 'School', rec, 'identifier', 'The identifier becomes the school code: 1-20 letters, digits, - or _');
        continue;
      }
      const [existing]: { id: string; name: string; version: number }[] = await em.query(
        'SELECT id, name, version FROM school WHERE id = $1 OR code = $2 ORDER BY (id = $1) DESC LIMIT 1',
        [rec.entityId ?? '00000000-0000-0000-0000-000000000000', code],
      );
      if (existing) {
        await mapRecord(em, 'org', rec.sourceId, 'School', existing.id);
        if (existing.name === d.name) {
          job.tally.add('School', 'unchanged');
          continue;
        }
        const updated = await attempt(job, 'School', rec, { name: 'name' }, () =>
          schoolService.update(ctx, { id: toGlobalId('School', existing.id), expectedVersion: existing.version, name: d.name }),
        );
        if (updated) job.tally.add('School', 'updated');
        continue;
      }
      const created = await attempt(job, 'School', rec, { code: 'identifier', name: 'name' }, () =>
        schoolService.create(ctx, { code, name: d.name, level: SchoolLevel.OTHER, lowestGrade: GradeLevel.PK, highestGrade: GradeLevel.G12 }),
      );
      if (created) {
        job.tally.add('School', 'created');
        await mapRecord(em, 'org', rec.sourceId, 'School', created.school.id);
      }
    }
  });
}

/** School ids of a user's orgs: schools map to ours, other orgs (the district) are ignored. */
async function schoolsOf(em: EntityManager, orgIds: string[]): Promise<{ schoolIds: string[]; unknown: string[] }> {
  const orgs = await recordsById(em, 'org', orgIds);
  const schoolIds: string[] = [];
  const unknown: string[] = [];
  for (const id of orgIds) {
    const org = orgs.get(id);
    if (!org) unknown.push(id);
    else if (org.data.type === 'school') {
      if (org.entityId) schoolIds.push(org.entityId);
      else unknown.push(id);
    }
  }
  return { schoolIds: [...new Set(schoolIds)], unknown };
}

// ---------------------------------------------------------------------------------------------
// Staff
// ---------------------------------------------------------------------------------------------

const STAFF_COLUMNS = { email: 'email', role: 'role', schoolIds: 'orgSourcedIds', givenName: 'givenName', familyName: 'familyName', id: 'sourcedId' };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Staff users (see ONEROSTER_STAFF_ROLES for the roles), matched by sourcedId, else by email.
 * `tobedeleted` or enabledUser=false deactivates (never deletes); memberships follow orgSourcedIds.
 * Existing district staff are left to the app: a roster file does not change a district role.
 */
export async function applyStaff(job: ImportJob): Promise<void> {
  await forEachSeenPage<Data>(job, 'user', async (em, page) => {
    const ctx = boundToTransaction(job.ctx, em);
    for (const rec of page) {
      const d = rec.data;
      const role = ONEROSTER_STAFF_ROLES[d.role];
      if (!role) {
        job.tally.add('User', 'skipped');
        continue;
      }
      const active = rec.status === 'active' && d.enabledUser !== false;
      if (!EMAIL.test(d.email ?? '') || d.email.length > 254) {
        await refuse(job, 'StaffUser', rec, 'email', 'Staff need an email address: it is how they sign in');
        continue;
      }
      const { schoolIds, unknown } = await schoolsOf(em, d.orgSourcedIds);
      if (unknown.length) {
        await refuse(job, 'StaffUser', rec, 'orgSourcedIds', `Unknown or rejected org ${unknown.join(', ')}`);
        continue;
      }
      if (schoolIds.length === 0 && active) {
        await refuse(job, 'StaffUser', rec, 'orgSourcedIds', `${/^[aeiou]/.test(d.role) ? 'An' : 'A'} ${d.role} needs a school org; district roles are granted in the app`);
        continue;
      }
      const [existing]: { id: string; email: string; given_name: string; family_name: string; role: StaffRole; active: boolean; version: number }[] = await em.query(
        'SELECT id, email, given_name, family_name, role, active, version FROM staff_user WHERE id = $1 OR email = $2 ORDER BY (id = $1) DESC LIMIT 1',
        [rec.entityId ?? '00000000-0000-0000-0000-000000000000', d.email],
      );
      if (!existing) {
        if (!active) {
          job.tally.add('StaffUser', 'skipped');
          continue;
        }
        const created = await attempt(job, 'StaffUser', rec, STAFF_COLUMNS, () =>
          staffService.create(ctx, { email: d.email, givenName: d.givenName, familyName: d.familyName, role, schoolIds: schoolIds.map((id) => toGlobalId('School', id)) }),
        );
        if (created) {
          job.tally.add('StaffUser', 'created');
          await mapRecord(em, 'user', rec.sourceId, 'StaffUser', created.staffUser.id);
        }
        continue;
      }
      if (isDistrictRole(existing.role)) {
        await refuse(job, 'StaffUser', rec, 'role', `${existing.email} has the district role ${existing.role}; district staff are managed in the app`);
        continue;
      }
      await mapRecord(em, 'user', rec.sourceId, 'StaffUser', existing.id);
      let changed = false;
      if (active) {
        const memberships = await staffService.activeMemberships(em, job.ctx.today, [existing.id]);
        const current = new Set(memberships.map((m) => m.schoolId));
        const sameSchools = current.size === schoolIds.length && schoolIds.every((id) => current.has(id));
        const input = {
          id: toGlobalId('StaffUser', existing.id),
          expectedVersion: existing.version,
          ...(existing.email !== d.email ? { email: d.email } : {}),
          ...(existing.given_name !== d.givenName ? { givenName: d.givenName } : {}),
          ...(existing.family_name !== d.familyName ? { familyName: d.familyName } : {}),
          ...(existing.role !== role ? { role } : {}),
          ...(sameSchools ? {} : { schoolIds: schoolIds.map((id) => toGlobalId('School', id)) }),
        };
        if (Object.keys(input).length > 2) {
          if (!(await attempt(job, 'StaffUser', rec, STAFF_COLUMNS, () => staffService.update(ctx, input)))) continue;
          changed = true;
        }
      }
      if (existing.active !== active) {
        if (!(await attempt(job, 'StaffUser', rec, STAFF_COLUMNS, () => staffService.setActive(ctx, toGlobalId('StaffUser', existing.id), active)))) continue;
        changed = true;
      }
      job.tally.add('StaffUser', changed ? 'updated' : 'unchanged');
    }
  }, `r.data->>'role' <> 'student'`);
}
