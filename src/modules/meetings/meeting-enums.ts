import { registerEnumType } from 'type-graphql';

export enum TeamMeetingKind {
  /** The school's MTSS (problem-solving / data) team. */
  MTSS = 'MTSS',
  /** Student Support Team: individual referrals, often before a special-education evaluation. */
  SST = 'SST',
  /** The school-wide attendance team (Priority 2's attendance practices). */
  ATTENDANCE = 'ATTENDANCE',
}

export enum TeamDecisionKind {
  TIER_CHANGE = 'TIER_CHANGE',
  PLAN_OPENED = 'PLAN_OPENED',
  PLAN_CLOSED = 'PLAN_CLOSED',
  REFERRAL = 'REFERRAL',
  OTHER = 'OTHER',
}

registerEnumType(TeamMeetingKind, { name: 'TeamMeetingKind' });
registerEnumType(TeamDecisionKind, { name: 'TeamDecisionKind' });
