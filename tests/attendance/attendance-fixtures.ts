import type { DataSource } from 'typeorm';
import { InstructionalDayEntity, SchoolYearEntity } from '../../src/modules/calendar/calendar.entity';
import type { TestApp } from '../support/test-app';

/**
 * The test school year: 2026-08-24 (a Monday) to 2027-06-11, weekdays, closed on Labor Day
 * (2026-09-07). Instructional days to TEST_TODAY (2026-10-15): August 6, September 21, October 11.
 */
export const YEAR_START = '2026-08-24';
export const LABOR_DAY = '2026-09-07';

export function weekdays(from: string, to: string, closed: readonly string[] = [LABOR_DAY]): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1)) {
    const iso = d.toISOString().slice(0, 10);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6 && !closed.includes(iso)) out.push(iso);
  }
  return out;
}

export async function makeSchoolYear(ds: DataSource): Promise<SchoolYearEntity> {
  const year = await ds.manager.save(SchoolYearEntity, ds.manager.create(SchoolYearEntity, { name: '2026-2027', startDate: YEAR_START, endDate: '2027-06-11' }));
  await ds.manager.insert(InstructionalDayEntity, weekdays(YEAR_START, '2027-06-11').map((calendarDate) => ({ calendarDate, schoolYearId: year.id })));
  return year;
}

export const RECORD_DAYS = `mutation ($input: AttendanceDaysRecordInput!) {
  attendanceDaysRecord(input: $input) { attendanceDays { date category } userErrors { code field message } }
}`;

export const RECORD_DAY = `mutation ($input: AttendanceDayInput!) {
  attendanceDayRecord(input: $input) { attendanceDay { date category school { id } } userErrors { code field message } }
}`;

export const STUDENT_ATTENDANCE = `query ($id: ID!, $asOf: LocalDate, $from: LocalDate) {
  student(id: $id) {
    attendance(asOf: $asOf, from: $from) {
      from asOf daysEnrolled daysAbsent excusedAbsences unexcusedAbsences tardies earlyDepartures partialDays
      includedInRate attendanceRate absenceRate chronicallyAbsent severelyChronicallyAbsent tier triggers
      months { month daysEnrolled daysAbsent tardies attendanceRate }
    }
  }
}`;

export const SCHOOL_ATTENDANCE = `query ($id: ID!, $asOf: LocalDate) {
  school(id: $id) {
    attendance(asOf: $asOf) {
      from asOf studentsEnrolled studentsCounted chronicallyAbsentCount severelyChronicallyAbsentCount chronicAbsenceRate
      chronicallyAbsent(first: 100) { totalCount nodes { student { id } daysEnrolled daysAbsent absenceRate severelyChronicallyAbsent enrolledOnAsOf } }
    }
  }
}`;

/** Rows for attendanceDaysRecord: one category on many dates for one student. */
export const days = (studentId: string, dates: string[], category: string) => dates.map((date) => ({ studentId, date, category }));

/** Records days through attendanceDaysRecord as the token's user; every row must be accepted. */
export async function recordDays(app: TestApp, token: string, records: { studentId: string; date: string; category: string }[]): Promise<void> {
  const response = await app.gql(RECORD_DAYS, { input: { records } }, token);
  expect(response.data.attendanceDaysRecord.userErrors).toEqual([]);
}
