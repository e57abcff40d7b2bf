/**
 * Metric dimension values an alarm filters on (infra/constructs/alarms.ts), kept in one place so
 * the code that counts and the alarm that watches cannot drift apart. No apostrophes: they are
 * quoted in a Metrics Insights query.
 */

/** MessagesDropped Reason: another source's ATS event for an application id held for one source. */
export const APPLICATION_OF_ANOTHER_SOURCE = 'application of another source';
