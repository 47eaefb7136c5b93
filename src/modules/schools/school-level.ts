import { registerEnumType } from 'type-graphql';

export enum SchoolLevel {
  ELEMENTARY = 'ELEMENTARY',
  MIDDLE = 'MIDDLE',
  /** PK/K-8 schools. */
  K8 = 'K8',
  HIGH = 'HIGH',
  /** 6-12 and other spans. */
  OTHER = 'OTHER',
}

registerEnumType(SchoolLevel, { name: 'SchoolLevel' });
