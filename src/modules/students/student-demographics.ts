import { registerEnumType } from 'type-graphql';

export enum Gender {
  FEMALE = 'FEMALE',
  MALE = 'MALE',
  NONBINARY = 'NONBINARY',
  NOT_REPORTED = 'NOT_REPORTED',
}

/** Federal race/ethnicity reporting categories (Hispanic/Latino of any race first, as reported). */
export enum RaceEthnicity {
  HISPANIC_LATINO = 'HISPANIC_LATINO',
  AMERICAN_INDIAN_ALASKA_NATIVE = 'AMERICAN_INDIAN_ALASKA_NATIVE',
  ASIAN = 'ASIAN',
  BLACK_AFRICAN_AMERICAN = 'BLACK_AFRICAN_AMERICAN',
  NATIVE_HAWAIIAN_PACIFIC_ISLANDER = 'NATIVE_HAWAIIAN_PACIFIC_ISLANDER',
  WHITE = 'WHITE',
  TWO_OR_MORE = 'TWO_OR_MORE',
  NOT_REPORTED = 'NOT_REPORTED',
}

registerEnumType(Gender, { name: 'Gender' });
registerEnumType(RaceEthnicity, { name: 'RaceEthnicity', description: 'Federal race/ethnicity reporting categories' });
