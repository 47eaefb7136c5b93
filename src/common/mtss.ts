import { registerEnumType } from 'type-graphql';

/**
 * The domains a student's tier is set in. A student can be Tier 1 in math and Tier 3 in reading;
 * attendance tiers live in the attendance module.
 */
export enum MtssDomain {
  READING = 'READING',
  MATH = 'MATH',
  /** Behaviour and social-emotional learning (Priority 2 of the plan). */
  SOCIAL_EMOTIONAL = 'SOCIAL_EMOTIONAL',
}

registerEnumType(MtssDomain, { name: 'MtssDomain', description: 'READING and MATH are academic (Priority 1); SOCIAL_EMOTIONAL is Priority 2' });

export const ACADEMIC_DOMAINS = [MtssDomain.READING, MtssDomain.MATH];

/** Tiers 1-3: universal, targeted (small group), intensive (individual). */
export const MIN_TIER = 1;
export const MAX_TIER = 3;
