import { Field, Int, ObjectType } from 'type-graphql';
import { GradeLevel, gradeFromNumber } from '../../common/grade-level';
import { Connection } from '../../common/graphql/connection';
import { toGlobalId } from '../../common/graphql/global-id';
import { Node } from '../../common/graphql/node';
import { LocalDate } from '../../common/graphql/scalars';
import type { EnrollmentEntity, StudentEntity } from './student.entity';
import { Gender, RaceEthnicity } from './student-demographics';

@ObjectType('Student', { implements: Node })
export class StudentType extends Node {
  /** Database id, for field resolvers; not part of the schema. */
  dbId: string;

  @Field({ description: "The district's student id (SIS)" })
  localId: string;

  @Field()
  givenName: string;

  @Field()
  familyName: string;

  @Field(() => LocalDate)
  birthDate: string;

  @Field(() => GradeLevel)
  gradeLevel: GradeLevel;

  @Field(() => Gender)
  gender: Gender;

  @Field(() => RaceEthnicity)
  raceEthnicity: RaceEthnicity;

  @Field()
  englishLearner: boolean;

  @Field({ description: 'Has an IEP or 504 plan (students with disabilities)' })
  studentWithDisability: boolean;

  @Field({ description: 'Eligible for free or reduced-price meals' })
  freeReducedMeals: boolean;

  @Field(() => Int, { description: 'Pass back as expectedVersion when updating' })
  version: number;

  // Built for every row of a page of students: by assignment, which costs a fifth of
  // Object.assign over a literal (issue 9).
  static from(entity: StudentEntity): StudentType {
    const student = new StudentType();
    student.id = toGlobalId('Student', entity.id);
    student.dbId = entity.id;
    student.localId = entity.localId;
    student.givenName = entity.givenName;
    student.familyName = entity.familyName;
    student.birthDate = entity.birthDate;
    student.gradeLevel = gradeFromNumber(entity.gradeLevel);
    student.gender = entity.gender;
    student.raceEthnicity = entity.raceEthnicity;
    student.englishLearner = entity.englishLearner;
    student.studentWithDisability = entity.studentWithDisability;
    student.freeReducedMeals = entity.freeReducedMeals;
    student.version = entity.version;
    return student;
  }
}

@ObjectType('Enrollment', { implements: Node, description: 'A student enrolled at a school over a span of days (both ends inclusive)' })
export class EnrollmentType extends Node {
  dbId: string;
  studentDbId: string;
  schoolDbId: string;

  @Field(() => GradeLevel)
  gradeLevel: GradeLevel;

  @Field(() => LocalDate)
  entryDate: string;

  @Field(() => LocalDate, { nullable: true, description: 'Last day enrolled; null while ongoing' })
  exitDate: string | null;

  @Field(() => String, { nullable: true })
  exitReason: string | null;

  static from(entity: EnrollmentEntity): EnrollmentType {
    return Object.assign(new EnrollmentType(), {
      id: toGlobalId('Enrollment', entity.id),
      dbId: entity.id,
      studentDbId: entity.studentId,
      schoolDbId: entity.schoolId,
      gradeLevel: gradeFromNumber(entity.gradeLevel),
      entryDate: entity.entryDate,
      exitDate: entity.exitDate,
      exitReason: entity.exitReason,
    });
  }
}

@ObjectType()
export class StudentConnection extends Connection(StudentType, 'Student') {}

