import { Field, Int, ObjectType } from 'type-graphql';
import { toGlobalId } from '../../common/graphql/global-id';
import { Node } from '../../common/graphql/node';
import { LocalDate } from '../../common/graphql/scalars';
import type { SchoolYearEntity, TermEntity } from './calendar.entity';

@ObjectType('Term')
export class TermType {
  @Field()
  name: string;

  @Field(() => LocalDate)
  startDate: string;

  @Field(() => LocalDate)
  endDate: string;

  static from(entity: TermEntity): TermType {
    return Object.assign(new TermType(), { name: entity.name, startDate: entity.startDate, endDate: entity.endDate });
  }
}

@ObjectType('SchoolYear', { implements: Node })
export class SchoolYearType extends Node {
  dbId: string;

  @Field({ description: 'e.g. "2026-2027"' })
  name: string;

  @Field(() => LocalDate)
  startDate: string;

  @Field(() => LocalDate)
  endDate: string;

  static from(entity: SchoolYearEntity): SchoolYearType {
    return Object.assign(new SchoolYearType(), {
      id: toGlobalId('SchoolYear', entity.id),
      dbId: entity.id,
      name: entity.name,
      startDate: entity.startDate,
      endDate: entity.endDate,
    });
  }
}

@ObjectType()
export class InstructionalDayStats {
  @Field(() => Int, { description: 'Instructional days in the whole year' })
  total: number;

  @Field(() => Int, { description: 'Instructional days up to and including today' })
  elapsed: number;
}
