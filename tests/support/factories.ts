import type { DataSource } from 'typeorm';
import { StaffRole } from '../../src/common/auth/roles';
import { CaseloadKind } from '../../src/modules/caseloads/caseload-kind';
import { CaseloadAssignmentEntity } from '../../src/modules/caseloads/caseload.entity';
import { SchoolLevel } from '../../src/modules/schools/school-level';
import { SchoolEntity } from '../../src/modules/schools/school.entity';
import { SchoolMembershipEntity, StaffUserEntity } from '../../src/modules/staff/staff.entity';
import { Gender, RaceEthnicity } from '../../src/modules/students/student-demographics';
import { EnrollmentEntity, StudentEntity } from '../../src/modules/students/student.entity';
import { toGlobalId } from '../../src/common/graphql/global-id';

let counter = 0;
const next = () => ++counter;

/** Synthetic records for tests: invented names, built directly in the database. */
export function factories(ds: DataSource) {
  const em = ds.manager;
  return {
    async school(overrides: Partial<SchoolEntity> = {}) {
      const n = next();
      return em.save(SchoolEntity, em.create(SchoolEntity, {
        code: `T${n}`,
        name: `Test School ${n}`,
        level: SchoolLevel.K8,
        lowestGrade: -1,
        highestGrade: 8,
        ...overrides,
      }));
    },

    async staff(role: StaffRole, schools: SchoolEntity[] = [], overrides: Partial<StaffUserEntity> = {}) {
      const n = next();
      const user = await em.save(StaffUserEntity, em.create(StaffUserEntity, {
        email: `staff${n}@test.tiered.test`,
        givenName: `Given${n}`,
        familyName: `Family${n}`,
        role,
        active: true,
        ...overrides,
      }));
      for (const school of schools) {
        await em.insert(SchoolMembershipEntity, { staffUserId: user.id, schoolId: school.id, startDate: '2026-08-01', endDate: null });
      }
      return user;
    },

    async student(school: SchoolEntity | null, overrides: Partial<StudentEntity> = {}, enrollment: Partial<EnrollmentEntity> = {}) {
      const n = next();
      const student = await em.save(StudentEntity, em.create(StudentEntity, {
        localId: `L${String(n).padStart(6, '0')}`,
        givenName: `Kid${n}`,
        familyName: `Surname${String(n).padStart(4, '0')}`,
        birthDate: '2016-05-01',
        gradeLevel: 4,
        gender: Gender.FEMALE,
        raceEthnicity: RaceEthnicity.HISPANIC_LATINO,
        ...overrides,
      }));
      if (school) {
        await em.insert(EnrollmentEntity, {
          studentId: student.id,
          schoolId: school.id,
          gradeLevel: student.gradeLevel,
          entryDate: '2026-08-26',
          exitDate: null,
          ...enrollment,
        });
      }
      return student;
    },

    async caseload(staff: StaffUserEntity, student: StudentEntity, overrides: Partial<CaseloadAssignmentEntity> = {}) {
      return em.save(CaseloadAssignmentEntity, em.create(CaseloadAssignmentEntity, {
        staffUserId: staff.id,
        studentId: student.id,
        kind: CaseloadKind.HOMEROOM,
        startDate: '2026-08-26',
        endDate: null,
        ...overrides,
      }));
    },
  };
}

export const gid = (type: string, id: string) => toGlobalId(type, id);
