import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Logger } from '@aws-lambda-powertools/logger';
import { logger as bridgeLogger } from '#shared/observability/powertools';
import { REDACTED, redactText, redactingReplacer } from '#shared/observability/redact';
import { ProviderError } from '#shared/ports/interview-provider';
import { atsEvent, candidateProfile } from '../../support/bridge.ts';

/**
 * Invariant 5: no email address or phone number in logs. Checked on what the
 * Powertools Logger actually writes (its own Console on process.stdout / stderr).
 */

const emails = ['ada.lovelace@example.com', 'ada@analytical-engines.example', 'grace.hopper+jobs@example.co.uk'];
const phones = ['+1 604-555-0199', '(604) 555-0142', '+1 (415) 555-0123', '604-555-0110', '+16045550199', '+421 905 123 456', '0905 123 456', '+61891234567', '604.555.0199'];
const pii = [...emails, ...phones];

let written: string[] = [];

beforeEach(() => {
  written = [];
  const capture = (chunk: unknown) => {
    written.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture as typeof process.stdout.write);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture as typeof process.stderr.write);
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The log lines written since the test began, parsed. */
function lines(): Record<string, unknown>[] {
  return written.join('').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
}

function expectNoPii(output: string, logCalls: number): void {
  // Nothing written would pass trivially: every log call must have produced its line.
  expect(lines()).toHaveLength(logCalls);
  for (const value of pii) expect(output, `"${value}" leaked`).not.toContain(value);
  // Also in any other spelling of the digits (E.164 vs grouped).
  expect(output.replace(/\D/g, '')).not.toMatch(/6045550199|6045550142|4155550123|905123456|891234567/);
}

const ownLogger = new Logger({ serviceName: 'redaction-test', jsonReplacerFn: redactingReplacer });

describe.each([
  ['the bridge\'s shared logger (shared/observability/powertools.ts)', bridgeLogger],
  ['a Logger built the same way', ownLogger],
])('%s', (_name, logger) => {
  const makeLogger = () => logger;
  let level: string;
  // vitest.config.ts sets POWERTOOLS_LOG_LEVEL=WARN: open it up so info lines are written too.
  beforeEach(() => {
    level = logger.getLevelName();
    logger.setLogLevel('DEBUG');
  });
  afterEach(() => {
    logger.setLogLevel(level as Parameters<Logger['setLogLevel']>[0]);
  });

  it('writes one JSON line per log call (the capture sees the real output)', () => {
    makeLogger().info('hello', { applicationId: '71234560' });
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({ level: 'INFO', message: 'hello', applicationId: '71234560' });
  });

  it('never prints emails or phone numbers in the message', () => {
    makeLogger().info(`calling ${phones[0]} / ${phones[1]} for ${emails[0]} and ${emails[2]}`);
    makeLogger().warn(`number ${phones[4]} and ${phones[5]} and ${phones[6]} and ${phones[8]}`);
    expectNoPii(written.join(''), 2);
    expect(lines()[0]!.message).toContain(REDACTED);
  });

  it('never prints them in attributes, nested objects and arrays, whatever the key', () => {
    const event = atsEvent({ candidate: candidateProfile({ emails: [emails[0]!, emails[1]!], phones: phones.map((value) => ({ value, type: 'mobile' })) }) });
    makeLogger().info('event received', {
      event,
      to: emails[2],
      dial: phones[7],
      nested: { deeper: { list: [phones[2], { note: `reach me at ${emails[0]}` }] } },
      candidate: { name: 'Ada Lovelace' },
      phoneNumber: 6045550199,
    });
    expectNoPii(written.join(''), 1);
  });

  it('never prints them from errors (message, stack, cause) or provider error bodies', () => {
    const cause = new Error(`InstaView said: candidate ${emails[0]} already exists`);
    const error = new ProviderError(`409 for ${phones[4]}`, 'CONFLICT', false, 409);
    (error as Error & { cause?: unknown }).cause = cause;
    makeLogger().error('start failed', error);
    makeLogger().error('start failed again', { error, payload: `{"phoneNumber":"${phones[4]}","email":"${emails[1]}"}` });
    expectNoPii(written.join(''), 2);
    const [first] = lines();
    expect(first!.error).toMatchObject({ name: 'ProviderError', message: `409 for ${REDACTED}` });
  });

  it('keeps ISO dates, offsets and ids readable', () => {
    makeLogger().info('interview scheduled', {
      applicationId: '71234560',
      candidateId: '58123401',
      interviewId: 'iv_01HZX3K9Q4',
      externalKey: 'aib:acme:71234560:ai-phone-screen:1',
      deliveryId: 'b7e4c0de-1111-4222-8333-444455556666',
      scheduledAt: '2026-04-02T09:00:00+10:30',
      occurredAt: '2025-02-10T16:38:36Z',
      receivedAt: '2026-04-13T17:00:01.000Z',
      retainUntil: '2026-10-10',
      epochSeconds: 1_776_100_000,
      detail: 'first call 2026-04-02T09:00:00+10:30 (window 09:00-18:00)',
    });
    const [line] = lines();
    expect(line).toMatchObject({
      applicationId: '71234560',
      candidateId: '58123401',
      interviewId: 'iv_01HZX3K9Q4',
      externalKey: 'aib:acme:71234560:ai-phone-screen:1',
      deliveryId: 'b7e4c0de-1111-4222-8333-444455556666',
      scheduledAt: '2026-04-02T09:00:00+10:30',
      occurredAt: '2025-02-10T16:38:36Z',
      receivedAt: '2026-04-13T17:00:01.000Z',
      retainUntil: '2026-10-10',
      epochSeconds: 1_776_100_000,
      detail: 'first call 2026-04-02T09:00:00+10:30 (window 09:00-18:00)',
    });
    // Powertools' own timestamp stays intact too.
    expect(String(line!.timestamp)).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('redacts persistent keys appended to every line', () => {
    logger.appendKeys({ candidateEmail: emails[0], callerId: phones[0] });
    try {
      logger.info('with persistent keys');
    } finally {
      logger.removeKeys(['candidateEmail', 'callerId']);
    }
    expectNoPii(written.join(''), 1);
  });
});

describe('redactText / redactingReplacer', () => {
  it.each(pii)('masks "%s" inside a sentence', (value) => {
    expect(redactText(`contact: ${value}, thanks`)).toBe(`contact: ${REDACTED}, thanks`);
  });

  it.each([
    '2026-04-02T09:00:00+10:30',
    '2026-03-29T01:00:00.000Z',
    '2026-10-25',
    'aib:acme:71234560:ai-phone-screen:1',
    'b7e4c0de-1111-4222-8333-444455556666',
    'sha256-1f0c9a8b7e6d5c4b3a2918f7e6d5c4b3a2918f7e6d5c4b3a2918f7e6d5c4b3a',
    'REQ-2025-042',
    'version 12 of 71234560',
  ])('leaves "%s" alone', (text) => {
    expect(redactText(text)).toBe(text);
  });

  it('masks whole values under contact keys, whatever they hold', () => {
    expect(JSON.parse(JSON.stringify({ emails: ['x'], phones: [{ value: '1' }], candidate: { firstName: 'Ada' }, applicationId: '1' }, redactingReplacer)))
      .toEqual({ emails: REDACTED, phones: REDACTED, candidate: REDACTED, applicationId: '1' });
  });

  it('leaves null and undefined under contact keys as they are', () => {
    expect(redactingReplacer('email', null)).toBeNull();
    expect(redactingReplacer('email', undefined)).toBeUndefined();
  });
});
