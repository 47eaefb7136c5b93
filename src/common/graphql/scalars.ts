import { LocalDateResolver } from 'graphql-scalars';

/** A calendar date, 'YYYY-MM-DD' (no time, no zone): school days are dates, not instants. */
export const LocalDate = LocalDateResolver;
