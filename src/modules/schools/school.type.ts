import { Field, Int, ObjectType } from 'type-graphql';
import { GradeLevel, gradeFromNumber } from '../../common/grade-level';
import { toGlobalId } from '../../common/graphql/global-id';
import { Node } from '../../common/graphql/node';
import { SchoolLevel } from './school-level';
import type { SchoolEntity } from './school.entity';

@ObjectType('School', { implements: Node })
export class SchoolType extends Node {
  dbId: string;

  @Field({ description: 'State or SIS school code' })
  code: string;

  @Field()
  name: string;

  @Field(() => SchoolLevel)
  level: SchoolLevel;

  @Field(() => GradeLevel)
  lowestGrade: GradeLevel;

  @Field(() => GradeLevel)
  highestGrade: GradeLevel;

  @Field(() => Int)
  version: number;

  static from(entity: SchoolEntity): SchoolType {
    return Object.assign(new SchoolType(), {
      id: toGlobalId('School', entity.id),
      dbId: entity.id,
      code: entity.code,
      name: entity.name,
      level: entity.level,
      lowestGrade: gradeFromNumber(entity.lowestGrade),
      highestGrade: gradeFromNumber(entity.highestGrade),
      version: entity.version,
    });
  }
}
