import type { EntityManager } from 'typeorm';
import { StaffRole } from '../../common/auth/roles';
import { UserErrorCode, UserInputError } from '../../common/errors';
import { gradeFromNumber } from '../../common/grade-level';
import { expectGlobalId, toGlobalId } from '../../common/graphql/global-id';
import type { ViewerContext } from '../../context';
import { recordAudit } from '../audit/audit.service';
import { findVisibleStudents } from '../students/student-access';

type Row = Record<string, unknown>;

/** A student's full MTSS record, as handed over for a records request. */
export interface StudentRecordsDocument {
  format: 'tiered.student-records/1';
  exportedAt: string;
  exportedBy: { staffUserId: string; role: string };
  student: Row;
  enrollments: Row[];
  caseloadAssignments: Row[];
  screeningResults: Row[];
  tierPlacements: Row[];
  interventionPlans: Row[];
  attendance: { days: Row[]; corrections: Row[]; cases: Row[] };
  tutoring: { assignments: Row[]; sessions: Row[] };
  meetings: Row[];
}

const staffName = (alias: string) => `(SELECT u.given_name || ' ' || u.family_name FROM staff_user u WHERE u.id = ${alias})`;

/**
 * Exports a student's education records in this system (FERPA, 34 CFR 99.10: a parent's right to
 * inspect and review them) as one JSON document: enrollments, caseloads, screening, tiers,
 * intervention plans with their progress and session attendance, daily attendance and attendance
 * cases, tutoring, and what MTSS/SST meetings recorded about the student (restricted notes
 * included, marked: they are part of the record). Only what concerns this student: notes about
 * a meeting as a whole, or about other students, stay out.
 *
 * A district admin may export any student; a school admin the students enrolled today at their
 * schools. Every export is written to the audit trail ('student.records_export'), in the same
 * transaction as the reads (one snapshot): the record of disclosures of 34 CFR 99.32.
 */
export class StudentRecordsService {
  async export(ctx: ViewerContext, studentGlobalId: string): Promise<{ document: StudentRecordsDocument }> {
    const id = expectGlobalId(studentGlobalId, 'Student', 'input.studentId');
    return ctx.db.transaction('REPEATABLE READ', async (em) => {
      const [visible] = await findVisibleStudents(ctx, [id], em);
      if (!visible || !(await this.mayExport(ctx, em, id))) {
        throw UserInputError.of(UserErrorCode.NOT_FOUND, ['input', 'studentId'], 'No such student');
      }
      const document = await this.read(ctx, em, id);
      await recordAudit(em, ctx, {
        action: 'student.records_export',
        entityType: 'Student',
        entityId: id,
        studentId: id,
        after: {
          format: document.format,
          sections: {
            enrollments: document.enrollments.length,
            screeningResults: document.screeningResults.length,
            tierPlacements: document.tierPlacements.length,
            interventionPlans: document.interventionPlans.length,
            attendanceDays: document.attendance.days.length,
            tutoringSessions: document.tutoring.sessions.length,
            meetings: document.meetings.length,
          },
        },
      });
      return { document };
    });
  }

  private async mayExport(ctx: ViewerContext, em: EntityManager, studentId: string): Promise<boolean> {
    if (ctx.viewer.role === StaffRole.DISTRICT_ADMIN) return true;
    if (ctx.viewer.role !== StaffRole.SCHOOL_ADMIN) return false;
    const [row] = await em.query(
      `SELECT 1 FROM enrollment WHERE student_id = $1 AND school_id = ANY($2::uuid[]) AND entry_date <= $3 AND (exit_date IS NULL OR exit_date >= $3)`,
      [studentId, ctx.viewer.schoolIds, ctx.today],
    );
    return Boolean(row);
  }

  private async read(ctx: ViewerContext, em: EntityManager, id: string): Promise<StudentRecordsDocument> {
    const q = (sql: string): Promise<Row[]> => em.query(sql, [id]);
    const [student] = await q(
      `SELECT local_id AS "localId", given_name AS "givenName", family_name AS "familyName", birth_date AS "birthDate", grade_level AS "gradeLevel",
              gender, race_ethnicity AS "raceEthnicity", english_learner AS "englishLearner", student_with_disability AS "studentWithDisability",
              free_reduced_meals AS "freeReducedMeals", created_at AS "createdAt", updated_at AS "updatedAt"
         FROM student WHERE id = $1`,
    );
    const grade = (row: Row) => ({ ...row, gradeLevel: gradeFromNumber(row.gradeLevel as number) });
    const plans = await q(
      `SELECT p.id, COALESCE(i.name, p.custom_name) AS intervention, p.domain, p.tier, sc.code AS "schoolCode", sc.name AS "schoolName",
              p.goal_measure AS "goalMeasure", p.goal_baseline::float AS "goalBaseline", p.goal_target::float AS "goalTarget", p.goal_target_date AS "goalTargetDate",
              ${staffName('p.interventionist_id')} AS interventionist, p.sessions_per_week AS "sessionsPerWeek", p.minutes_per_session AS "minutesPerSession",
              p.start_date AS "startDate", p.planned_end_date AS "plannedEndDate", p.review_date AS "reviewDate", p.status, p.closed_date AS "closedDate",
              p.outcome, p.discontinued_reason AS "discontinuedReason", p.close_note AS "closeNote"
         FROM intervention_plan p JOIN school sc ON sc.id = p.school_id LEFT JOIN intervention i ON i.id = p.intervention_id
        WHERE p.student_id = $1 ORDER BY p.start_date, p.id`,
    );
    const progress = await q(
      `SELECT plan_id AS "planId", measured_on AS "measuredOn", score::float AS score, note FROM progress_point WHERE student_id = $1 ORDER BY measured_on`,
    );
    const sessions = await q(
      `SELECT a.plan_id AS "planId", s.session_date AS date, s.minutes, a.present, a.absence_reason AS "absenceReason"
         FROM intervention_session_attendance a JOIN intervention_session s ON s.id = a.session_id
        WHERE a.student_id = $1 ORDER BY s.session_date, s.id`,
    );
    return {
      format: 'tiered.student-records/1',
      exportedAt: new Date().toISOString(),
      exportedBy: { staffUserId: toGlobalId('StaffUser', ctx.viewer.userId), role: ctx.viewer.role },
      student: { id: toGlobalId('Student', id), ...grade(student) },
      enrollments: (await q(
        `SELECT sc.code AS "schoolCode", sc.name AS "schoolName", e.grade_level AS "gradeLevel", e.entry_date AS "entryDate", e.exit_date AS "exitDate", e.exit_reason AS "exitReason"
           FROM enrollment e JOIN school sc ON sc.id = e.school_id WHERE e.student_id = $1 ORDER BY e.entry_date`,
      )).map(grade),
      caseloadAssignments: await q(
        `SELECT ${staffName('c.staff_user_id')} AS staff, u.role AS "staffRole", c.kind, c.start_date AS "startDate", c.end_date AS "endDate"
           FROM caseload_assignment c JOIN staff_user u ON u.id = c.staff_user_id WHERE c.student_id = $1 ORDER BY c.start_date, c.id`,
      ),
      screeningResults: await q(
        `SELECT y.name AS "schoolYear", r.domain, r.screening_window AS window, r.assessment, r.administered_on AS "administeredOn",
                r.score::float AS score, r.percentile, r.risk_level AS "riskLevel"
           FROM screening_result r JOIN school_year y ON y.id = r.school_year_id WHERE r.student_id = $1 ORDER BY r.administered_on, r.assessment`,
      ),
      tierPlacements: await q(
        `SELECT domain, tier, start_date AS "startDate", end_date AS "endDate", reason, ${staffName('decided_by')} AS "decidedBy"
           FROM tier_placement WHERE student_id = $1 ORDER BY domain, start_date`,
      ),
      interventionPlans: plans.map(({ id: planId, ...plan }) => ({
        ...plan,
        progress: progress.filter((p) => p.planId === planId).map(({ planId: _, ...p }) => p),
        sessions: sessions.filter((s) => s.planId === planId).map(({ planId: _, ...s }) => s),
      })),
      attendance: {
        days: await q(
          `SELECT a.calendar_date AS date, sc.code AS "schoolCode", a.category FROM attendance_day a JOIN school sc ON sc.id = a.school_id
            WHERE a.student_id = $1 ORDER BY a.calendar_date`,
        ),
        corrections: await q(
          `SELECT calendar_date AS date, previous_category AS "previousCategory", category, changed_at AS "changedAt", ${staffName('changed_by')} AS "changedBy"
             FROM attendance_day_history WHERE student_id = $1 ORDER BY changed_at, id`,
        ),
        cases: await q(
          `SELECT c.id, c.tier, c.reason, c.status, c.opened_on AS "openedOn", c.closed_on AS "closedOn", c.outcome, c.closing_note AS "closingNote",
                  ${staffName('c.owner_id')} AS owner,
                  COALESCE((SELECT json_agg(json_build_object('type', a.type, 'date', a.action_date, 'outcome', a.outcome, 'nextStep', a.next_step,
                             'nextStepDue', a.next_step_due, 'staff', ${staffName('a.staff_id')}) ORDER BY a.action_date, a.created_at)
                              FROM attendance_action a WHERE a.case_id = c.id), '[]'::json) AS actions
             FROM attendance_case c WHERE c.student_id = $1 ORDER BY c.opened_on`,
        ).then((rows) => rows.map(({ id: _, ...row }) => row)),
      },
      tutoring: {
        assignments: await q(
          `SELECT p.name AS program, g.name AS "group", g.subject, a.start_date AS "startDate", a.end_date AS "endDate", a.reason, a.end_reason AS "endReason"
             FROM tutoring_assignment a JOIN tutoring_group g ON g.id = a.group_id JOIN tutoring_program p ON p.id = g.program_id
            WHERE a.student_id = $1 ORDER BY a.start_date`,
        ),
        sessions: await q(
          `SELECT g.name AS "group", s.session_date AS date, s.status, s.minutes, t.present
             FROM tutoring_attendance t JOIN tutoring_session s ON s.id = t.session_id JOIN tutoring_group g ON g.id = s.group_id
            WHERE t.student_id = $1 ORDER BY s.session_date`,
        ),
      },
      meetings: await q(
        `SELECT m.held_on AS "heldOn", m.kind, m.title, sc.code AS "schoolCode",
                COALESCE((SELECT json_agg(json_build_object('body', n.body, 'restricted', n.restricted, 'author', ${staffName('n.author_id')}, 'createdAt', n.created_at) ORDER BY n.created_at, n.id)
                            FROM team_meeting_note n WHERE n.meeting_id = m.id AND n.student_id = $1), '[]'::json) AS notes,
                COALESCE((SELECT json_agg(json_build_object('kind', d.kind, 'description', d.description) ORDER BY d.created_at)
                            FROM team_meeting_decision d WHERE d.meeting_id = m.id AND d.student_id = $1), '[]'::json) AS decisions,
                COALESCE((SELECT json_agg(json_build_object('description', f.description, 'owner', ${staffName('f.owner_id')}, 'dueDate', f.due_date,
                                   'completedOn', f.completed_on, 'restricted', f.restricted) ORDER BY f.due_date)
                            FROM follow_up_task f WHERE f.meeting_id = m.id AND f.student_id = $1), '[]'::json) AS "followUps"
           FROM team_meeting m JOIN school sc ON sc.id = m.school_id
          WHERE EXISTS (SELECT 1 FROM team_meeting_student t WHERE t.meeting_id = m.id AND t.student_id = $1)
          ORDER BY m.held_on, m.id`,
      ),
    };
  }
}

export const studentRecordsService = new StudentRecordsService();
