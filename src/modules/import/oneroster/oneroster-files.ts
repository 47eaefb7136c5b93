import type { CsvColumns } from '../csv';
import { bool, isoDate } from '../import-values';
import { FLAG_COLUMNS, ONEROSTER_USER_ROLES, RACE_COLUMNS, gradeFromCeds, genderFromOneRoster } from './oneroster-mapping';

/** A row parsed into what we keep of it, or the problems found, by column. */
export type ParsedRecord = { status: 'active' | 'tobedeleted'; data: Record<string, unknown> } | { problems: [string, string][] };

export interface OneRosterFile {
  /** The manifest property, e.g. file.users. */
  property: string;
  name: string;
  sourceType: string;
  columns: CsvColumns;
  parse(v: Record<string, string>): ParsedRecord;
}

const COMMON = ['sourcedId', 'status', 'dateLastModified'];

/** Shared checks: a sourcedId, a known status (blank in bulk files means active), a valid date. */
function base(v: Record<string, string>, problems: [string, string][]) {
  if (!v.sourcedId) problems.push(['sourcedId', 'sourcedId is required']);
  else if (v.sourcedId.length > 255) problems.push(['sourcedId', 'sourcedId is longer than 255 characters']);
  const status = (v.status || 'active').toLowerCase();
  if (status !== 'active' && status !== 'tobedeleted') problems.push(['status', `"${v.status}" is not active or tobedeleted`]);
  let dateLastModified: string | null = null;
  if (v.dateLastModified) {
    const d = isoDate(v.dateLastModified, 'date-time');
    if (d.ok) dateLastModified = d.value;
    else problems.push(['dateLastModified', d.reason]);
  }
  return { status: status as 'active' | 'tobedeleted', dateLastModified };
}

function date(v: Record<string, string>, column: string, problems: [string, string][], required = false): string | null {
  if (!v[column]) {
    if (required) problems.push([column, `${column} is required`]);
    return null;
  }
  const d = isoDate(v[column]);
  if (!d.ok) problems.push([column, d.reason]);
  return d.ok ? d.value : null;
}

const list = (raw: string | undefined) => (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);

function done(problems: [string, string][], status: 'active' | 'tobedeleted', data: Record<string, unknown>): ParsedRecord {
  return problems.length ? { problems } : { status, data };
}

export const ACADEMIC_SESSIONS: OneRosterFile = {
  property: 'file.academicSessions',
  name: 'academicSessions.csv',
  sourceType: 'academicSession',
  columns: { required: [...COMMON, 'title', 'type', 'startDate', 'endDate', 'parentSourcedId', 'schoolYear'] },
  parse(v) {
    const problems: [string, string][] = [];
    const { status, dateLastModified } = base(v, problems);
    const type = v.type.toLowerCase();
    if (!['schoolyear', 'semester', 'term', 'gradingperiod'].includes(type)) problems.push(['type', `"${v.type}" is not schoolYear, semester, term or gradingPeriod`]);
    const startDate = date(v, 'startDate', problems, true);
    const endDate = date(v, 'endDate', problems, true);
    if (startDate && endDate && endDate < startDate) problems.push(['endDate', 'endDate is before startDate']);
    if (!v.title) problems.push(['title', 'title is required']);
    return done(problems, status, { title: v.title, type, startDate, endDate, parentSourcedId: v.parentSourcedId || null, dateLastModified });
  },
};

export const ORGS: OneRosterFile = {
  property: 'file.orgs',
  name: 'orgs.csv',
  sourceType: 'org',
  columns: { required: [...COMMON, 'name', 'type', 'identifier', 'parentSourcedId'] },
  parse(v) {
    const problems: [string, string][] = [];
    const { status, dateLastModified } = base(v, problems);
    const type = v.type.toLowerCase();
    if (!['school', 'district', 'department', 'local', 'state', 'national'].includes(type)) problems.push(['type', `"${v.type}" is not an org type`]);
    if (!v.name) problems.push(['name', 'name is required']);
    else if (v.name.length > 200) problems.push(['name', 'name is longer than 200 characters']);
    return done(problems, status, { name: v.name, type, identifier: v.identifier, parentSourcedId: v.parentSourcedId || null, dateLastModified });
  },
};

export const CLASSES: OneRosterFile = {
  property: 'file.classes',
  name: 'classes.csv',
  sourceType: 'class',
  columns: { required: [...COMMON, 'title', 'classType', 'schoolSourcedId', 'termSourcedIds'] },
  parse(v) {
    const problems: [string, string][] = [];
    const { status, dateLastModified } = base(v, problems);
    const classType = v.classType.toLowerCase();
    if (!['homeroom', 'scheduled'].includes(classType)) problems.push(['classType', `"${v.classType}" is not homeroom or scheduled`]);
    if (!v.schoolSourcedId) problems.push(['schoolSourcedId', 'schoolSourcedId is required']);
    return done(problems, status, { title: v.title, classType, schoolSourcedId: v.schoolSourcedId, termSourcedIds: list(v.termSourcedIds), dateLastModified });
  },
};

export const USERS: OneRosterFile = {
  property: 'file.users',
  name: 'users.csv',
  sourceType: 'user',
  columns: { required: [...COMMON, 'enabledUser', 'orgSourcedIds', 'role', 'username', 'givenName', 'familyName'], optional: ['identifier', 'email', 'grades'] },
  parse(v) {
    const problems: [string, string][] = [];
    const { status, dateLastModified } = base(v, problems);
    const role = v.role.toLowerCase();
    if (!ONEROSTER_USER_ROLES.includes(role)) problems.push(['role', `"${v.role}" is not a OneRoster user role`]);
    const enabled = v.enabledUser ? bool(v.enabledUser) : { ok: true as const, value: true };
    if (!enabled.ok) problems.push(['enabledUser', enabled.reason]);
    for (const column of ['givenName', 'familyName']) {
      if (!v[column]) problems.push([column, `${column} is required`]);
      else if (v[column].length > 100) problems.push([column, `${column} is longer than 100 characters`]);
    }
    const grades = list(v.grades);
    if (role === 'student' && grades.length && !gradeFromCeds(grades[0])) problems.push(['grades', `"${grades[0]}" is not a grade from PK to 12`]);
    return done(problems, status, {
      enabledUser: enabled.ok ? enabled.value : true,
      orgSourcedIds: list(v.orgSourcedIds),
      role,
      givenName: v.givenName,
      familyName: v.familyName,
      identifier: v.identifier ?? '',
      email: (v.email ?? '').toLowerCase(),
      grades,
      dateLastModified,
    });
  },
};

export const DEMOGRAPHICS: OneRosterFile = {
  property: 'file.demographics',
  name: 'demographics.csv',
  sourceType: 'demographics',
  columns: {
    required: [...COMMON, 'birthDate', 'sex', ...RACE_COLUMNS.map(([c]) => c), 'demographicRaceTwoOrMoreRaces', 'hispanicOrLatinoEthnicity'],
    optional: Object.values(FLAG_COLUMNS),
  },
  parse(v) {
    const problems: [string, string][] = [];
    const { status, dateLastModified } = base(v, problems);
    const birthDate = date(v, 'birthDate', problems);
    if (genderFromOneRoster(v.sex) === null) problems.push(['sex', `"${v.sex}" is not male, female, other or unspecified`]);
    const flag = (column: string): boolean | null => {
      if (v[column] === undefined || v[column] === '') return null;
      const b = bool(v[column]);
      if (!b.ok) problems.push([column, b.reason]);
      return b.ok ? b.value : null;
    };
    const data: Record<string, unknown> = { birthDate, sex: v.sex.toLowerCase(), dateLastModified };
    for (const [column] of RACE_COLUMNS) data[column] = flag(column) ?? false;
    data.demographicRaceTwoOrMoreRaces = flag('demographicRaceTwoOrMoreRaces') ?? false;
    data.hispanicOrLatinoEthnicity = flag('hispanicOrLatinoEthnicity') ?? false;
    for (const [key, column] of Object.entries(FLAG_COLUMNS)) data[key] = flag(column);
    return done(problems, status, data);
  },
};

export const ENROLLMENTS: OneRosterFile = {
  property: 'file.enrollments',
  name: 'enrollments.csv',
  sourceType: 'enrollment',
  columns: { required: [...COMMON, 'classSourcedId', 'schoolSourcedId', 'userSourcedId', 'role'], optional: ['primary', 'beginDate', 'endDate'] },
  parse(v) {
    const problems: [string, string][] = [];
    const { status, dateLastModified } = base(v, problems);
    for (const column of ['classSourcedId', 'schoolSourcedId', 'userSourcedId']) if (!v[column]) problems.push([column, `${column} is required`]);
    const role = v.role.toLowerCase();
    if (!['student', 'teacher', 'administrator', 'aide', 'proctor', 'guardian', 'parent', 'relative'].includes(role)) problems.push(['role', `"${v.role}" is not a OneRoster enrollment role`]);
    const beginDate = date(v, 'beginDate', problems);
    const endDate = date(v, 'endDate', problems);
    if (beginDate && endDate && endDate < beginDate) problems.push(['endDate', 'endDate is before beginDate']);
    return done(problems, status, {
      classSourcedId: v.classSourcedId,
      schoolSourcedId: v.schoolSourcedId,
      userSourcedId: v.userSourcedId,
      role,
      beginDate,
      endDate,
      dateLastModified,
    });
  },
};

/** In the order they are staged: later files refer to earlier ones. */
export const ONEROSTER_FILES = [ACADEMIC_SESSIONS, ORGS, CLASSES, USERS, DEMOGRAPHICS, ENROLLMENTS];
