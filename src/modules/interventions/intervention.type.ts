import { Field, Int, ObjectType } from 'type-graphql';
import { toGlobalId } from '../../common/graphql/global-id';
import { Node } from '../../common/graphql/node';
import { MtssDomain } from '../../common/mtss';
import { InterventionClass, InterventionDelivery } from './intervention-enums';
import type { InterventionEntity } from './intervention.entity';

@ObjectType('RecommendedDosage', { description: 'The dosage the intervention was designed for; plans start from it' })
export class RecommendedDosageType {
  @Field(() => Int, { nullable: true })
  sessionsPerWeek: number | null;

  @Field(() => Int, { nullable: true })
  minutesPerSession: number | null;

  @Field(() => Int, { nullable: true })
  weeks: number | null;

  @Field(() => Int, { nullable: true, description: 'sessionsPerWeek x minutesPerSession x weeks, when all three are set' })
  totalMinutes: number | null;
}

@ObjectType('Intervention', { implements: Node, description: "An intervention in the district's catalog" })
export class InterventionType extends Node {
  dbId: string;

  @Field()
  name: string;

  @Field(() => MtssDomain)
  domain: MtssDomain;

  @Field(() => [Int], { description: 'The tiers (1-3) it is meant for' })
  tiers: number[];

  @Field(() => InterventionDelivery)
  delivery: InterventionDelivery;

  @Field(() => InterventionClass)
  interventionClass: InterventionClass;

  @Field(() => RecommendedDosageType)
  recommendedDosage: RecommendedDosageType;

  @Field(() => Int, { nullable: true, description: 'Least total minutes for the intervention to be delivered as designed (Ed-Fi MinDosage)' })
  minDosageMinutes: number | null;

  @Field(() => Int, { nullable: true, description: 'Ed-Fi MaxDosage, in minutes' })
  maxDosageMinutes: number | null;

  @Field(() => String, { nullable: true, description: 'The evidence base, e.g. an ESSA evidence tier or WWC rating' })
  evidenceNote: string | null;

  @Field({ description: 'False once retired: kept for the plans that used it, not offered for new ones' })
  active: boolean;

  @Field(() => Int, { description: 'Pass back as expectedVersion when updating' })
  version: number;

  static from(entity: InterventionEntity): InterventionType {
    const { recommendedSessionsPerWeek: sessions, recommendedMinutesPerSession: minutes, recommendedWeeks: weeks } = entity;
    return Object.assign(new InterventionType(), {
      id: toGlobalId('Intervention', entity.id),
      dbId: entity.id,
      name: entity.name,
      domain: entity.domain,
      tiers: entity.tiers,
      delivery: entity.delivery,
      interventionClass: entity.interventionClass,
      recommendedDosage: {
        sessionsPerWeek: sessions,
        minutesPerSession: minutes,
        weeks,
        totalMinutes: sessions !== null && minutes !== null && weeks !== null ? sessions * minutes * weeks : null,
      },
      minDosageMinutes: entity.minDosageMinutes,
      maxDosageMinutes: entity.maxDosageMinutes,
      evidenceNote: entity.evidenceNote,
      active: entity.active,
      version: entity.version,
    });
  }
}
