/**
 * The page of the nested-reads step, as our API and as PostGraphile 5 ask for it: 100 students
 * of one school with their current tiers, their active intervention plans (with the
 * interventionist), and their latest attendance action.
 *
 * What differs, because the two schemas offer different things (recorded in the results):
 * - Which students: ours lists students enrolled at the school today, in the viewer's scope, by
 *   family and given name. PostGraphile has no "enrolled today" and cannot order by a related
 *   row's columns, so it pages the school's open enrollments (exit_date IS NULL) by primary key.
 * - Current tiers: ours answers all three domains (a domain without a placement is the default
 *   Tier 1, synthesized) from the placement in force today; PostGraphile the placements with
 *   end_date IS NULL (no default rows).
 * - Latest attendance action: both take the student's most recent action (type and date) across
 *   all their cases, by action date, then the later entry: ours through
 *   `Student.latestAttendanceAction` (read with the page's other relations in the page's own statement), PostGraphile through
 *   the student's actions ordered by [ACTION_DATE_DESC, CREATED_AT_DESC], first: 1.
 * - Ours also checks the viewer's scope per student and writes the FERPA access-trail row for the
 *   students it returned; PostGraphile (no auth configured) does neither.
 */
export const OUR_PAGE_QUERY = `query BenchStudentsPage($school: ID!, $first: Int!) {
  school(id: $school) {
    students(first: $first) {
      nodes {
        id localId givenName familyName gradeLevel
        tiers { domain tier since }
        interventionPlans(status: ACTIVE) {
          id name domain tier startDate
          interventionist { id givenName familyName }
        }
        latestAttendanceAction { type actionDate }
      }
    }
  }
}`;

export const PEER_PAGE_QUERY = `query BenchStudentsPage($school: UUID!, $first: Int!) {
  schoolByRowId(rowId: $school) {
    enrollmentsBySchoolId(condition: { exitDate: null }, first: $first, orderBy: PRIMARY_KEY_ASC) {
      nodes {
        studentByStudentId {
          rowId localId givenName familyName gradeLevel
          tierPlacementsByStudentId(condition: { endDate: null }) { nodes { domain tier startDate } }
          interventionPlansByStudentId(condition: { status: ACTIVE }) {
            nodes {
              rowId customName domain tier startDate
              interventionByInterventionId { name }
              staffUserByInterventionistId { rowId givenName familyName }
            }
          }
          attendanceActionsByStudentId(first: 1, orderBy: [ACTION_DATE_DESC, CREATED_AT_DESC]) { nodes { type actionDate } }
        }
      }
    }
  }
}`;

/** What a page held: the same counts for both, so a reader can see how alike the two answers are. */
export interface PageContents {
  students: number;
  /** Tiers above Tier 1 (the placements that matter; ours also lists default Tier 1 rows). */
  tiersAbove1: number;
  activePlans: number;
  studentsWithLatestAction: number;
  /** Attendance actions transferred to find the latest ones (one per student with an action, on both sides). */
  actionsFetched: number;
  bytes: number;
}

interface OurPage {
  school: {
    students: {
      nodes: {
        tiers: { tier: number }[];
        interventionPlans: { interventionist: { id: string } | null }[];
        latestAttendanceAction: { type: string; actionDate: string } | null;
      }[];
    };
  } | null;
}

interface PeerPage {
  schoolByRowId: {
    enrollmentsBySchoolId: {
      nodes: {
        studentByStudentId: {
          tierPlacementsByStudentId: { nodes: { tier: number }[] };
          interventionPlansByStudentId: { nodes: unknown[] };
          attendanceActionsByStudentId: { nodes: unknown[] };
        } | null;
      }[];
    };
  } | null;
}

export function ourPageContents(data: OurPage, bytes: number): PageContents {
  const nodes = data.school?.students.nodes ?? [];
  const withAction = nodes.filter((s) => s.latestAttendanceAction !== null).length;
  return {
    students: nodes.length,
    tiersAbove1: nodes.reduce((n, s) => n + s.tiers.filter((t) => t.tier > 1).length, 0),
    activePlans: nodes.reduce((n, s) => n + s.interventionPlans.length, 0),
    studentsWithLatestAction: withAction,
    actionsFetched: withAction,
    bytes,
  };
}

export function peerPageContents(data: PeerPage, bytes: number): PageContents {
  const students = (data.schoolByRowId?.enrollmentsBySchoolId.nodes ?? []).map((e) => e.studentByStudentId).filter((s) => s != null);
  return {
    students: students.length,
    tiersAbove1: students.reduce((n, s) => n + s.tierPlacementsByStudentId.nodes.filter((t) => t.tier > 1).length, 0),
    activePlans: students.reduce((n, s) => n + s.interventionPlansByStudentId.nodes.length, 0),
    studentsWithLatestAction: students.filter((s) => s.attendanceActionsByStudentId.nodes.length > 0).length,
    actionsFetched: students.reduce((n, s) => n + s.attendanceActionsByStudentId.nodes.length, 0),
    bytes,
  };
}
