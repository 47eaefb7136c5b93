import pino from 'pino';

/**
 * Structured JSON logs. Student names never go in a log line: log ids only. The redact list is
 * a second line of defence for fields that could carry names or tokens if logged by mistake.
 */
export function createLogger(level: string) {
  return pino({
    level,
    base: { service: 'tiered' },
    redact: {
      paths: [
        'req.headers.authorization',
        '*.givenName',
        '*.familyName',
        '*.birthDate',
        'variables',
        'token',
      ],
      censor: '[redacted]',
    },
  });
}

export type Logger = ReturnType<typeof createLogger>;
