import type { EntityManager } from 'typeorm';
import { FAMILY_NAMES, FEMININE_GIVEN_NAMES, MASCULINE_GIVEN_NAMES } from './names';
import { insertRows } from './generate';
import { Random } from './random';

/**
 * Deterministic tutoring for a seeded district: in-house programs at some schools, two partner
 * programs (one of them an eight-week sprint, shorter than the NSSA's ten weeks on purpose),
 * groups of three or four students, and a term of sessions up to `asOf`. Some students are
 * under-dosed on purpose (they miss about half their sessions), some groups meet only twice a
 * week, run short sessions, cancel often or sit over the four-students-per-tutor ratio, so the
 * checks and queues have something to show.
 *
 * It reads schools, students, staff and the calendar from the database (the foundation seed ran
 * in the same transaction) and writes with one `INSERT ... SELECT FROM unnest(...)` per table and
 * batch. The same seed and `asOf` give the same rows, ids included.
 */
export interface TutoringSeedOptions {
  seed: string | number;
  /** The last day sessions are logged for (the demo's "today"). */
  asOf: string;
}

export interface TutoringSeedSummary {
  programs: number;
  groups: number;
  assignments: number;
  sessions: number;
}

const IN_HOUSE_SCHOOL_RATE = 0.6;
const PARTNER_SCHOOL_RATE = 0.35;
const PARTNER_TUTORS_PER_SCHOOL: [number, number] = [1, 2];
const GROUPS_PER_TUTOR: [number, number] = [2, 3];
/**
 * Weekly patterns (ISO days). Three days a week only reaches three sessions a week with perfect
 * attendance and no holiday, so most groups meet four or five days; the two-day pattern is under
 * the NSSA's three sessions on purpose.
 */
const SCHEDULES: Record<string, number[]> = { mtwth: [1, 2, 3, 4], daily: [1, 2, 3, 4, 5], mwf: [1, 3, 5], tuwth: [2, 3, 4], mw: [1, 3] };
const SCHEDULE_WEIGHTS = { mtwth: 55, daily: 20, mwf: 10, tuwth: 5, mw: 10 };
const START_TIMES = ['08:30:00', '09:15:00', '10:00:00', '10:45:00', '12:30:00', '13:15:00', '14:00:00'];
const OUT_OF_SCHOOL_START = '15:30:00';
const OVER_RATIO_GROUP_RATE = 0.05;
const SHORT_SESSION_GROUP_RATE = 0.06;
const UNRELIABLE_GROUP_RATE = 0.1;
const CANCEL_RATE = { reliable: 0.03, unreliable: 0.25 };
const CANCEL_REASONS = { TUTOR_ABSENT: 60, STUDENT_EVENT: 25, SCHOOL_CLOSED: 5, OTHER: 10 };
const SUBSTITUTE_RATE = 0.08;
const TRIMMED_SESSION_RATE = 0.1;
const UNDER_DOSED_STUDENT_RATE = 0.15;
const PRESENT_RATE = { typical: 0.92, underDosed: 0.45 };
const MID_TERM_JOIN_RATE = 0.15;
const EARLY_EXIT_RATE = 0.08;
/** Programs start in the term's third week, once screening has placed students. */
const PROGRAM_START_OFFSET_DAYS = 14;
const SPRINT_WEEKS = 8;
const BATCH_ROWS = 5000;

interface SchoolRow { id: string; code: string; name: string; level: string; lowest_grade: number; highest_grade: number }
interface StaffRow { id: string; role: string; school_id: string | null }
interface StudentRow { id: string; school_id: string; grade_level: number; exit_date: string | null }
interface PlacementRow { id: string; student_id: string; domain: string }

interface Program {
  id: string; name: string; subjects: string[]; provider: 'IN_HOUSE' | 'PARTNER'; organization: string | null;
  setting: 'DURING_SCHOOL' | 'OUT_OF_SCHOOL_TIME'; start: string; end: string; schools: SchoolRow[]; createdBy: string;
}
interface PartnerTutor { id: string; programId: string; schoolId: string; givenName: string; familyName: string; organization: string }
interface Group {
  id: string; program: Program; school: SchoolRow; name: string; subject: string; tutorStaffId: string | null;
  partnerTutorId: string | null; days: number[]; startTime: string; minutes: number; capacity: number; unreliable: boolean;
  substitutes: { staffId: string | null; partnerId: string | null }[]; loggedBy: string;
}
interface Assignment { id: string; group: Group; studentId: string; start: string; end: string | null; presentRate: number; placementId: string | null }

export async function seedTutoring(em: EntityManager, options: TutoringSeedOptions): Promise<TutoringSeedSummary> {
  const rng = new Random(`${options.seed}:tutoring`);
  const year = await schoolYearFor(em, options.asOf);
  if (!year) return { programs: 0, groups: 0, assignments: 0, sessions: 0 };
  const days: string[] = (await em.query('SELECT calendar_date AS d FROM instructional_day WHERE school_year_id = $1 ORDER BY 1', [year.id])).map((r: { d: string }) => r.d);
  const term = await termFor(em, year.id, options.asOf);
  const start = days.find((d) => d >= addDays(term.start, PROGRAM_START_OFFSET_DAYS));
  const end = [...days].reverse().find((d) => d <= term.end);
  if (!start || !end || start > end) return { programs: 0, groups: 0, assignments: 0, sessions: 0 };

  const schools: SchoolRow[] = await em.query('SELECT id, code, name, level, lowest_grade, highest_grade FROM school ORDER BY code');
  const staff: StaffRow[] = await em.query(
    `SELECT u.id, u.role, m.school_id FROM staff_user u
       LEFT JOIN school_membership m ON m.staff_user_id = u.id AND m.start_date <= $1 AND (m.end_date IS NULL OR m.end_date >= $1)
      WHERE u.active AND u.role IN ('TUTOR', 'SCHOOL_ADMIN', 'DISTRICT_ADMIN') ORDER BY u.email, m.school_id`,
    [start],
  );
  const students: StudentRow[] = await em.query(
    `SELECT s.id, e.school_id, s.grade_level, e.exit_date FROM student s
       JOIN enrollment e ON e.student_id = s.id AND e.entry_date <= $1 AND (e.exit_date IS NULL OR e.exit_date >= $1)
      WHERE s.deleted_at IS NULL ORDER BY e.school_id, s.id`,
    [start],
  );
  const placements: PlacementRow[] = await em.query(
    `SELECT id, student_id, domain FROM tier_placement
      WHERE tier >= 2 AND domain IN ('READING', 'MATH') AND start_date <= $1 AND (end_date IS NULL OR end_date >= $1) ORDER BY id`,
    [start],
  );
  const districtAdmin = staff.find((u) => u.role === 'DISTRICT_ADMIN')?.id ?? staff[0]?.id;
  if (!districtAdmin) return { programs: 0, groups: 0, assignments: 0, sessions: 0 };
  const adminOf = (schoolId: string) => staff.find((u) => u.role === 'SCHOOL_ADMIN' && u.school_id === schoolId)?.id ?? districtAdmin;
  const tutorsOf = (schoolId: string) => staff.filter((u) => u.role === 'TUTOR' && u.school_id === schoolId).map((u) => u.id);
  const studentsBySchool = new Map<string, StudentRow[]>();
  for (const s of students) studentsBySchool.set(s.school_id, [...(studentsBySchool.get(s.school_id) ?? []), s]);
  const placementOf = new Map(placements.map((p) => [`${p.student_id}:${p.domain}`, p.id]));

  // Programs: in-house at some schools that have tutors; a reading partner for elementary grades
  // and an eight-week math sprint for the upper grades.
  // The demo users' school (the first by code) always has one, so the demo tutor has groups to log.
  const programs: Program[] = [];
  for (const school of schools) {
    if (tutorsOf(school.id).length === 0) continue;
    if (!rng.chance(IN_HOUSE_SCHOOL_RATE) && school !== schools[0]) continue;
    const elementary = school.lowest_grade <= 5;
    const subjects = elementary ? (rng.chance(0.5) ? ['READING', 'MATH'] : ['READING']) : ['MATH'];
    const setting = rng.chance(0.8) ? 'DURING_SCHOOL' : 'OUT_OF_SCHOOL_TIME';
    programs.push({
      id: rng.uuid(), name: `${school.name} ${subjects.length === 2 ? 'Reading and Math' : subjects[0] === 'READING' ? 'Reading' : 'Math'} Tutoring`,
      subjects, provider: 'IN_HOUSE', organization: null, setting, start, end, schools: [school], createdBy: adminOf(school.id),
    });
  }
  const sprintEnd = [...days].reverse().find((d) => d <= addDays(start, SPRINT_WEEKS * 7 - 3)) ?? end;
  const partners = [
    { name: 'Reading Partners Early Literacy', organization: 'Reading Partners', subject: 'READING', serves: (s: SchoolRow) => s.lowest_grade <= 3, end },
    { name: 'Math Corps Fall Sprint', organization: 'Math Corps', subject: 'MATH', serves: (s: SchoolRow) => s.highest_grade >= 6, end: sprintEnd },
  ];
  for (const partner of partners) {
    const served = schools.filter((s) => partner.serves(s) && rng.chance(PARTNER_SCHOOL_RATE));
    if (served.length === 0) continue;
    programs.push({
      id: rng.uuid(), name: partner.name, subjects: [partner.subject], provider: 'PARTNER', organization: partner.organization,
      setting: 'DURING_SCHOOL', start, end: partner.end, schools: served, createdBy: districtAdmin,
    });
  }

  // Tutors and groups.
  const partnerTutors: PartnerTutor[] = [];
  const groups: Group[] = [];
  for (const program of programs) {
    let n = 0;
    for (const school of program.schools) {
      const tutors = program.provider === 'IN_HOUSE'
        ? tutorsOf(school.id).map((id) => ({ staffId: id as string | null, partnerId: null as string | null }))
        : Array.from({ length: rng.int(...PARTNER_TUTORS_PER_SCHOOL) + 1 }, () => {
          const tutor = {
            id: rng.uuid(), programId: program.id, schoolId: school.id, organization: program.organization!,
            givenName: rng.pick(rng.chance(0.5) ? FEMININE_GIVEN_NAMES : MASCULINE_GIVEN_NAMES), familyName: rng.pick(FAMILY_NAMES),
          };
          partnerTutors.push(tutor);
          return { staffId: null, partnerId: tutor.id };
        });
      // The last partner tutor at a school stands by as the substitute; every staff tutor may cover.
      const leads = program.provider === 'PARTNER' ? tutors.slice(0, -1) : tutors;
      for (const tutor of leads) {
        for (let g = rng.int(...GROUPS_PER_TUTOR); g > 0; g--) {
          const subject = rng.pick(program.subjects);
          const days = SCHEDULES[rng.weighted(SCHEDULE_WEIGHTS)];
          const overRatio = rng.chance(OVER_RATIO_GROUP_RATE);
          n += 1;
          groups.push({
            id: rng.uuid(), program, school, subject,
            name: `${school.code} ${subject === 'READING' ? 'Reading' : 'Math'} ${n}`,
            tutorStaffId: tutor.staffId, partnerTutorId: tutor.partnerId, days,
            startTime: program.setting === 'OUT_OF_SCHOOL_TIME' ? OUT_OF_SCHOOL_START : rng.pick(START_TIMES),
            minutes: 40, capacity: overRatio ? 5 : 4, unreliable: rng.chance(UNRELIABLE_GROUP_RATE),
            substitutes: tutors.filter((t) => t !== tutor),
            loggedBy: tutor.staffId ?? adminOf(school.id),
          });
        }
      }
    }
  }

  // Students: a grade band per group, Tier 2/3 students in the subject first; one group per program.
  const assignments: Assignment[] = [];
  const taken = new Set<string>();
  const programDays = (p: Program) => days.filter((d) => d >= p.start && d <= p.end);
  for (const group of groups) {
    const pool = (studentsBySchool.get(group.school.id) ?? []).filter((s) => !taken.has(`${group.program.id}:${s.id}`));
    if (pool.length === 0) continue;
    const grade = rng.pick(pool).grade_level;
    const band = pool.filter((s) => Math.abs(s.grade_level - grade) <= 1);
    const tiered = band.filter((s) => placementOf.has(`${s.id}:${group.subject}`));
    const chosen = [...rng.sample(tiered, group.capacity), ...rng.sample(band.filter((s) => !tiered.includes(s)), group.capacity)]
      .slice(0, group.capacity === 5 ? 5 : rng.int(3, 4));
    // Sessions planned with room to spare over the minimums (20 minutes for K-3, 30 above); a few
    // groups are planned short on purpose.
    group.minutes = grade <= 1 ? 25 : grade <= 3 ? 30 : 40;
    if (rng.chance(SHORT_SESSION_GROUP_RATE)) group.minutes = grade <= 3 ? 15 : 25;
    const span = programDays(group.program);
    chosen.forEach((s, i) => {
      taken.add(`${group.program.id}:${s.id}`);
      // A late joiner takes a place left free at the start, so the group never exceeds capacity.
      const joinsLate = i === chosen.length - 1 && chosen.length < group.capacity && rng.chance(MID_TERM_JOIN_RATE);
      let endDate: string | null = s.exit_date && s.exit_date < group.program.end ? s.exit_date : null;
      if (!endDate && rng.chance(EARLY_EXIT_RATE)) endDate = span[rng.int(Math.floor(span.length * 0.5), span.length - 1)];
      let startDate = joinsLate ? span[rng.int(5, Math.max(5, Math.floor(span.length * 0.6)))] ?? span[0] : span[0];
      if (endDate && endDate < startDate) startDate = span[0];
      assignments.push({
        id: rng.uuid(), group, studentId: s.id, start: startDate, end: endDate,
        presentRate: rng.chance(UNDER_DOSED_STUDENT_RATE) ? PRESENT_RATE.underDosed : PRESENT_RATE.typical,
        placementId: placementOf.get(`${s.id}:${group.subject}`) ?? null,
      });
    });
  }

  // A term of sessions up to asOf, on the groups' days; attendance for every student assigned that day.
  const sessions: unknown[][] = [];
  const attendance: unknown[][] = [];
  const byGroup = new Map<string, Assignment[]>();
  for (const a of assignments) byGroup.set(a.group.id, [...(byGroup.get(a.group.id) ?? []), a]);
  for (const group of groups) {
    const members = byGroup.get(group.id) ?? [];
    if (members.length === 0) continue;
    for (const day of programDays(group.program)) {
      if (day > options.asOf) break;
      if (!group.days.includes(isoDayOf(day))) continue;
      const id = rng.uuid();
      if (rng.chance(group.unreliable ? CANCEL_RATE.unreliable : CANCEL_RATE.reliable)) {
        sessions.push([id, group.id, day, 'CANCELLED', null, null, null, null, rng.weighted(CANCEL_REASONS), group.loggedBy]);
        continue;
      }
      const substitute = group.substitutes.length > 0 && rng.chance(SUBSTITUTE_RATE) ? rng.pick(group.substitutes) : null;
      const minutes = rng.chance(TRIMMED_SESSION_RATE) ? group.minutes - rng.int(1, 2) * 5 : group.minutes;
      sessions.push([
        id, group.id, day, 'HELD', minutes,
        substitute ? substitute.staffId : group.tutorStaffId, substitute ? substitute.partnerId : group.partnerTutorId,
        substitute === null, null, group.loggedBy,
      ]);
      for (const a of members) {
        if (a.start <= day && (a.end === null || a.end >= day)) attendance.push([rng.uuid(), id, a.id, a.studentId, rng.chance(a.presentRate)]);
      }
    }
  }

  await insertRows(em, 'tutoring_program', [
    'id:uuid', 'name', 'school_year_id:uuid', 'subjects:mtss_domain[]', 'provider:tutoring_provider', 'partner_organization',
    'setting:tutoring_setting', 'start_date:date', 'end_date:date', 'created_by:uuid',
  ], programs.map((p) => [p.id, p.name, year.id, `{${p.subjects.join(',')}}`, p.provider, p.organization, p.setting, p.start, p.end, p.createdBy]));
  await insertRows(em, 'tutoring_program_school', ['program_id:uuid', 'school_id:uuid'], programs.flatMap((p) => p.schools.map((s) => [p.id, s.id])));
  await insertRows(em, 'tutoring_partner_tutor', ['id:uuid', 'program_id:uuid', 'given_name', 'family_name', 'organization'],
    partnerTutors.map((t) => [t.id, t.programId, t.givenName, t.familyName, t.organization]));
  await insertRows(em, 'tutoring_group', [
    'id:uuid', 'program_id:uuid', 'school_id:uuid', 'name', 'subject:mtss_domain', 'tutor_staff_id:uuid', 'partner_tutor_id:uuid',
    'days_of_week:smallint[]', 'start_time:time', 'minutes:smallint', 'capacity:smallint',
  ], groups.map((g) => [g.id, g.program.id, g.school.id, g.name, g.subject, g.tutorStaffId, g.partnerTutorId, `{${g.days.join(',')}}`, g.startTime, g.minutes, g.capacity]));
  await insertRows(em, 'tutoring_assignment', [
    'id:uuid', 'group_id:uuid', 'student_id:uuid', 'start_date:date', 'end_date:date', 'reason', 'tier_placement_id:uuid', 'created_by:uuid',
  ], assignments.map((a) => [
    a.id, a.group.id, a.studentId, a.start, a.end, a.placementId ? `Tier 2/3 ${a.group.subject.toLowerCase()} placement` : 'Below benchmark on the fall screener',
    a.placementId, a.group.program.createdBy,
  ]));
  await insertRows(em, 'tutoring_session', [
    'id:uuid', 'group_id:uuid', 'session_date:date', 'status:tutoring_session_status', 'minutes:smallint', 'led_by_staff_id:uuid',
    'led_by_partner_tutor_id:uuid', 'led_by_assigned_tutor:boolean', 'cancel_reason:tutoring_cancel_reason', 'logged_by:uuid',
  ], sessions);
  await insertRows(em, 'tutoring_attendance', ['id:uuid', 'session_id:uuid', 'assignment_id:uuid', 'student_id:uuid', 'present:boolean'], attendance);
  return { programs: programs.length, groups: groups.length, assignments: assignments.length, sessions: sessions.length };
}

/** The school year containing `asOf`, else the latest begun before it, else the first one. */
async function schoolYearFor(em: EntityManager, asOf: string): Promise<{ id: string } | undefined> {
  const [year] = await em.query(
    `SELECT id FROM school_year ORDER BY (start_date <= $1) DESC, CASE WHEN start_date <= $1 THEN start_date END DESC, start_date LIMIT 1`,
    [asOf],
  );
  return year;
}

/** The term containing `asOf`, else the latest begun before it, else the year's first; the whole year without terms. */
async function termFor(em: EntityManager, yearId: string, asOf: string): Promise<{ start: string; end: string }> {
  const [term] = await em.query(
    `SELECT start_date AS start, end_date AS end FROM term WHERE school_year_id = $1
      ORDER BY (start_date <= $2) DESC, CASE WHEN start_date <= $2 THEN start_date END DESC, start_date LIMIT 1`,
    [yearId, asOf],
  );
  if (term) return term;
  const [year] = await em.query('SELECT start_date AS start, end_date AS end FROM school_year WHERE id = $1', [yearId]);
  return year;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Monday = 1 ... Sunday = 7, as PostgreSQL's `isodow`. */
function isoDayOf(date: string): number {
  return ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

