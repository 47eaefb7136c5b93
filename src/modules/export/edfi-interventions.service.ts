import { StaffRole } from '../../common/auth/roles';
import { addDays } from '../../common/dates';
import { UserErrorCode, UserInputError } from '../../common/errors';
import { expectGlobalId } from '../../common/graphql/global-id';
import type { ViewerContext } from '../../context';
import { recordAudit } from '../audit/audit.service';
import {
  DELIVERY_METHOD,
  INTERVENTION_CLASS,
  descriptor,
  educationOrganizationId,
  interventionCode,
  sessionAttendanceCategory,
  staffUniqueId,
} from './edfi-mapping';

export interface EdFiInterventionsDocument {
  interventions: Record<string, unknown>[];
  studentInterventionAssociations: Record<string, unknown>[];
  studentInterventionAttendanceEvents: Record<string, unknown>[];
  /** Values an Ed-Fi ODS will refuse as they stand (e.g. a school code that is not numeric). */
  warnings: string[];
}

interface PlanRow {
  id: string;
  student_id: string;
  local_id: string;
  school_id: string;
  school_code: string;
  intervention_id: string | null;
  name: string;
  delivery: string | null;
  intervention_class: string | null;
  min_dosage: number | null;
  max_dosage: number | null;
  domain: string;
  tier: number;
  goal_measure: string;
  goal_baseline: number;
  goal_target: number;
  goal_target_date: string;
  interventionist_id: string;
  sessions_per_week: number;
  minutes_per_session: number;
  start_date: string;
  planned_end_date: string;
  closed_date: string | null;
  status: string;
}

/** Whole weeks from start to end inclusive (at least one), for the assigned dosage. */
const weeksBetween = (start: string, end: string) =>
  Math.max(1, Math.round((Date.parse(`${addDays(end, 1)}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / (7 * 86400000)));

/**
 * Interventions and their attendance in the shape of the Ed-Fi Data Standard's Intervention,
 * StudentInterventionAssociation and StudentInterventionAttendanceEvent resources (ODS/API JSON
 * property names), for districts that load an Ed-Fi ODS.
 *
 * An Ed-Fi Intervention is one implementation: here, one intervention (a catalog entry, or a custom
 * plan's name) delivered by one interventionist at one school, with the students on it associated
 * to it. The association's dosage is the minutes assigned by the plans (sessions a week x minutes x
 * weeks); attendance events come from logged sessions, one per student and session date (minutes
 * of several sessions on one day add up, as Ed-Fi keys events by date).
 *
 * District admins only: the file carries every student's id. Each export is audited.
 */
export class EdFiInterventionsService {
  async export(ctx: ViewerContext, input: { schoolId?: string | null; from?: string | null; to?: string | null }): Promise<{ document: EdFiInterventionsDocument }> {
    if (ctx.viewer.role !== StaffRole.DISTRICT_ADMIN) throw UserInputError.of(UserErrorCode.FORBIDDEN, ['input'], 'Only a district admin exports the district\'s interventions');
    const schoolId = input.schoolId ? expectGlobalId(input.schoolId, 'School', 'input.schoolId') : null;
    const from = input.from ?? '0001-01-01';
    const to = input.to ?? '9999-12-31';
    if (from > to) throw UserInputError.of(UserErrorCode.INVALID, ['input', 'to'], 'The period ends before it starts');
    return ctx.db.transaction('REPEATABLE READ', async (em) => {
      const plans: PlanRow[] = await em.query(
        `SELECT p.id, p.student_id, s.local_id, p.school_id, sc.code AS school_code, p.intervention_id,
                COALESCE(i.name, p.custom_name) AS name, i.delivery, i.intervention_class, i.min_dosage_minutes AS min_dosage, i.max_dosage_minutes AS max_dosage,
                p.domain, p.tier, p.goal_measure, p.goal_baseline::float AS goal_baseline, p.goal_target::float AS goal_target, p.goal_target_date,
                p.interventionist_id, p.sessions_per_week, p.minutes_per_session, p.start_date, p.planned_end_date, p.closed_date, p.status
           FROM intervention_plan p
           JOIN student s ON s.id = p.student_id AND s.deleted_at IS NULL
           JOIN school sc ON sc.id = p.school_id
           LEFT JOIN intervention i ON i.id = p.intervention_id
          WHERE ($1::uuid IS NULL OR p.school_id = $1) AND p.start_date <= $3 AND COALESCE(p.closed_date, p.planned_end_date) >= $2
          ORDER BY p.start_date, p.id`,
        [schoolId, from, to],
      );
      const attendance: { plan_id: string; session_date: string; minutes: number; present: boolean; absence_reason: string | null }[] = plans.length === 0 ? [] : await em.query(
        `SELECT a.plan_id, s.session_date, s.minutes, a.present, a.absence_reason
           FROM intervention_session_attendance a JOIN intervention_session s ON s.id = a.session_id
          WHERE a.plan_id = ANY($1::uuid[]) AND s.session_date BETWEEN $2 AND $3
          ORDER BY s.session_date, s.id`,
        [plans.map((p) => p.id), from, to],
      );
      const document = this.shape(plans, attendance);
      await recordAudit(em, ctx, {
        action: 'intervention.edfi_export',
        entityType: 'InterventionExport',
        entityId: null,
        after: {
          schoolId,
          from: input.from ?? null,
          to: input.to ?? null,
          interventions: document.interventions.length,
          studentInterventionAssociations: document.studentInterventionAssociations.length,
          studentInterventionAttendanceEvents: document.studentInterventionAttendanceEvents.length,
        },
      });
      return { document };
    });
  }

  private shape(
    plans: PlanRow[],
    attendance: { plan_id: string; session_date: string; minutes: number; present: boolean; absence_reason: string | null }[],
  ): EdFiInterventionsDocument {
    const warnings = new Set<string>();
    const codeOf = new Map<string, string>();
    const implementations = new Map<string, PlanRow[]>();
    for (const plan of plans) {
      const code = interventionCode(plan.intervention_id ?? `custom:${plan.name}`, plan.school_id, plan.interventionist_id);
      codeOf.set(plan.id, code);
      implementations.set(code, [...(implementations.get(code) ?? []), plan]);
      if (typeof educationOrganizationId(plan.school_code) === 'string') warnings.add(`School code ${plan.school_code} is not a numeric educationOrganizationId`);
      if (plan.local_id.length > 32) warnings.add(`Student id ${plan.local_id} is longer than Ed-Fi's 32-character studentUniqueId`);
    }
    const reference = (plan: PlanRow) => ({
      educationOrganizationId: educationOrganizationId(plan.school_code),
      interventionIdentificationCode: codeOf.get(plan.id)!,
    });
    const interventions = [...implementations.entries()].map(([code, group]) => {
      const first = group[0];
      const students = new Set(group.map((p) => p.student_id));
      const delivery = first.delivery ? DELIVERY_METHOD[first.delivery] : students.size > 1 ? 'Small Group' : 'Individual';
      const open = group.some((p) => p.status === 'ACTIVE');
      const end = group.map((p) => p.closed_date ?? p.planned_end_date).sort().at(-1)!;
      return {
        interventionIdentificationCode: code,
        educationOrganizationReference: { educationOrganizationId: educationOrganizationId(first.school_code) },
        beginDate: group.map((p) => p.start_date).sort()[0],
        ...(open ? {} : { endDate: end }),
        deliveryMethodDescriptor: descriptor('DeliveryMethodDescriptor', delivery),
        interventionClassDescriptor: descriptor('InterventionClassDescriptor', INTERVENTION_CLASS[first.intervention_class ?? 'OTHER']),
        ...(first.min_dosage !== null ? { minDosage: first.min_dosage } : {}),
        ...(first.max_dosage !== null ? { maxDosage: first.max_dosage } : {}),
        staffs: [{ staffReference: { staffUniqueId: staffUniqueId(first.interventionist_id) } }],
        _ext: { tiered: { name: first.name, domain: first.domain, tiers: [...new Set(group.map((p) => p.tier))].sort() } },
      };
    });
    // One association per student and implementation (Ed-Fi's key); a student's later plans on it add their dosage.
    const associations = new Map<string, Record<string, unknown> & { dosage: number }>();
    for (const plan of plans) {
      const key = `${codeOf.get(plan.id)}|${plan.local_id}`;
      const dosage = plan.sessions_per_week * plan.minutes_per_session * weeksBetween(plan.start_date, plan.closed_date ?? plan.planned_end_date);
      const statement = `${plan.domain} Tier ${plan.tier}: ${plan.goal_measure}, from ${plan.goal_baseline} to ${plan.goal_target} by ${plan.goal_target_date}`;
      const existing = associations.get(key);
      if (existing) {
        existing.dosage += dosage;
        existing.diagnosticStatement = statement;
      } else {
        associations.set(key, {
          interventionReference: reference(plan),
          studentReference: { studentUniqueId: plan.local_id },
          dosage,
          diagnosticStatement: statement,
        });
      }
    }
    const planById = new Map(plans.map((p) => [p.id, p]));
    const events = new Map<string, Record<string, unknown> & { interventionDuration?: number }>();
    for (const a of attendance) {
      const plan = planById.get(a.plan_id)!;
      const category = sessionAttendanceCategory(a.present, a.absence_reason);
      const key = `${codeOf.get(plan.id)}|${plan.local_id}|${category}|${a.session_date}`;
      const existing = events.get(key);
      if (existing) {
        if (a.present) existing.interventionDuration = (existing.interventionDuration ?? 0) + a.minutes;
        continue;
      }
      events.set(key, {
        interventionReference: reference(plan),
        studentReference: { studentUniqueId: plan.local_id },
        attendanceEventCategoryDescriptor: descriptor('AttendanceEventCategoryDescriptor', category),
        eventDate: a.session_date,
        ...(a.present ? { interventionDuration: a.minutes } : { attendanceEventReason: a.absence_reason ?? 'OTHER' }),
      });
    }
    // A stable order (by implementation, date, student), so two exports of the same data diff cleanly.
    const sortKey = (r: Record<string, any>) =>
      `${r.interventionReference.interventionIdentificationCode}|${r.eventDate ?? ''}|${r.studentReference.studentUniqueId}`;
    const sorted = (rows: Record<string, any>[]) => rows.sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    return {
      interventions: interventions.sort((a, b) => a.interventionIdentificationCode.localeCompare(b.interventionIdentificationCode)),
      studentInterventionAssociations: sorted([...associations.values()]),
      studentInterventionAttendanceEvents: sorted([...events.values()]),
      warnings: [...warnings].sort(),
    };
  }
}

export const edFiInterventionsService = new EdFiInterventionsService();
