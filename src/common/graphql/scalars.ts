import { GraphQLScalarType } from 'graphql';
import { LocalDateResolver } from 'graphql-scalars';

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A calendar date, 'YYYY-MM-DD' (no time, no zone): school days are dates, not instants.
 * graphql-scalars' LocalDate, except on output: the dates we send are PostgreSQL `date` values
 * (real calendar days by construction, in this form), so their shape is checked and anything else
 * goes through the library's full check; it builds a Date per value to check the calendar, about
 * a fiftieth of the server's time on a page of students (issue 9). Input is checked in full.
 */
export const LocalDate = new GraphQLScalarType({
  ...LocalDateResolver.toConfig(),
  serialize: (value) => (typeof value === 'string' && DATE_SHAPE.test(value) ? value : LocalDateResolver.serialize(value)),
});
