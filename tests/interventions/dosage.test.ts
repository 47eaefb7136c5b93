import { dosageOf } from '../../src/modules/interventions/dosage';

describe('dosageOf (planned dosage per school day)', () => {
  const schedule = { sessionsPerWeek: 3, minutesPerSession: 30 };

  it('plans sessionsPerWeek per 5 school days, minutes likewise, and the share of minutes delivered', () => {
    // 19 school days: 3 x 19 / 5 = 11.4 sessions, 11.4 x 30 = 342 minutes; 240 / 342 = 0.70175...
    expect(dosageOf(schedule, { schoolDays: 19, sessionsDelivered: 8, sessionsMissed: 2, minutesDelivered: 240 })).toEqual({
      schoolDays: 19,
      sessionsPlanned: 11.4,
      minutesPlanned: 342,
      sessionsDelivered: 8,
      sessionsMissed: 2,
      minutesDelivered: 240,
      deliveredShare: 0.7018,
    });
  });

  it('whole weeks give whole sessions', () => {
    expect(dosageOf({ sessionsPerWeek: 5, minutesPerSession: 20 }, { schoolDays: 10, sessionsDelivered: 10, sessionsMissed: 0, minutesDelivered: 200 }))
      .toMatchObject({ sessionsPlanned: 10, minutesPlanned: 200, deliveredShare: 1 });
  });

  it('nothing planned yet (no school days): the share is null, not a division by zero', () => {
    expect(dosageOf(schedule, { schoolDays: 0, sessionsDelivered: 0, sessionsMissed: 0, minutesDelivered: 0 })).toMatchObject({
      sessionsPlanned: 0,
      minutesPlanned: 0,
      deliveredShare: null,
    });
  });
});
