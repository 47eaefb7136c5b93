import type { TestApp } from '../support/test-app';

/**
 * Shared GraphQL documents and helpers of the tutoring tests. The school year 2026-2027 has every
 * weekday as an instructional day except Labor Day (Sep 7), a professional-learning Friday
 * (Oct 9) and Indigenous Peoples' Day (Oct 12); today is Thursday 2026-10-15.
 */
export const NON_INSTRUCTIONAL = ['2026-09-07', '2026-10-09', '2026-10-12', '2026-11-26', '2026-11-27'];

export const USER_ERRORS = 'userErrors { code field message }';

export const PROGRAM_CREATE = `mutation ($input: TutoringProgramCreateInput!) {
  tutoringProgramCreate(input: $input) {
    tutoringProgram { id name provider partnerOrganization subjects startDate endDate version
      targetDosage { sessionsPerWeek minutesPerSession minutesPerSessionK3 maxStudentsPerTutor minWeeks } }
    ${USER_ERRORS}
  }
}`;
export const PROGRAM_UPDATE = `mutation ($input: TutoringProgramUpdateInput!) {
  tutoringProgramUpdate(input: $input) { tutoringProgram { id version startDate endDate subjects } ${USER_ERRORS} }
}`;
export const PARTNER_TUTOR_CREATE = `mutation ($input: TutoringPartnerTutorCreateInput!) {
  tutoringPartnerTutorCreate(input: $input) { tutoringPartnerTutor { id givenName organization active version } ${USER_ERRORS} }
}`;
export const GROUP_CREATE = `mutation ($input: TutoringGroupCreateInput!) {
  tutoringGroupCreate(input: $input) {
    tutoringGroup { id name subject capacity version schedule { daysOfWeek startTime minutes }
      tutor { __typename ... on StaffUser { id } ... on TutoringPartnerTutor { id } } }
    ${USER_ERRORS}
  }
}`;
export const GROUP_UPDATE = `mutation ($input: TutoringGroupUpdateInput!) {
  tutoringGroupUpdate(input: $input) { tutoringGroup { id capacity version schedule { daysOfWeek minutes } } ${USER_ERRORS} }
}`;
export const ASSIGN = `mutation ($input: TutoringAssignmentsCreateInput!) {
  tutoringAssignmentsCreate(input: $input) { tutoringAssignments { id startDate endDate reason student { id } } ${USER_ERRORS} }
}`;
export const ASSIGNMENT_END = `mutation ($input: TutoringAssignmentEndInput!) {
  tutoringAssignmentEnd(input: $input) { tutoringAssignment { id endDate endReason } ${USER_ERRORS} }
}`;
export const SESSION_LOG = `mutation ($input: TutoringSessionLogInput!) {
  tutoringSessionLog(input: $input) {
    tutoringSession { id date status minutes ledByAssignedTutor
      ledBy { __typename ... on StaffUser { id } ... on TutoringPartnerTutor { id } }
      attendance { present student { id } } }
    ${USER_ERRORS}
  }
}`;
export const SESSION_CANCEL = `mutation ($input: TutoringSessionCancelInput!) {
  tutoringSessionCancel(input: $input) { tutoringSession { id date status cancelReason minutes } ${USER_ERRORS} }
}`;

export const DOSAGE_FIELDS = `from to instructionalDays weeks scheduledSessions deliveredSessions attendedSessions attendedMinutes
  sessionsPerWeek minutesPerWeek averageMinutesPerSession deliveredShare attendedShare consistency
  targetSessionsPerWeek targetMinutesPerSession meetsTarget`;

/** Creates the 2026-2027 school year (as a district admin) and returns its global id. */
export async function createSchoolYear(app: TestApp, districtAdminToken: string): Promise<string> {
  const response = await app.gql(
    `mutation ($input: SchoolYearCreateInput!) { schoolYearCreate(input: $input) { schoolYear { id } userErrors { message } } }`,
    {
      input: {
        name: '2026-2027',
        startDate: '2026-08-24',
        endDate: '2027-06-11',
        terms: [{ name: 'Semester 1', startDate: '2026-08-24', endDate: '2027-01-29' }, { name: 'Semester 2', startDate: '2027-02-01', endDate: '2027-06-11' }],
        nonInstructionalDates: NON_INSTRUCTIONAL,
      },
    },
    districtAdminToken,
  );
  expect(response.data?.schoolYearCreate.userErrors).toEqual([]);
  return response.data.schoolYearCreate.schoolYear.id;
}

/** The payload of a mutation that must succeed: fails the test with its userErrors otherwise. */
export function succeeded<T = any>(response: { data?: any; errors?: unknown[] }, mutation: string): T {
  expect(response.errors).toBeUndefined();
  expect(response.data[mutation].userErrors).toEqual([]);
  return response.data[mutation];
}

/** The userErrors of a mutation that must be refused, with nothing returned. */
export function refused(response: { data?: any; errors?: unknown[] }, mutation: string): { code: string; field: string[]; message: string }[] {
  expect(response.errors).toBeUndefined();
  const payload = response.data[mutation];
  const [key] = Object.keys(payload).filter((k) => k !== 'userErrors');
  expect(payload[key]).toBeNull();
  expect(payload.userErrors.length).toBeGreaterThan(0);
  return payload.userErrors;
}
