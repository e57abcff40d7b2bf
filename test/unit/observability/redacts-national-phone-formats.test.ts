import { describe, expect, it } from 'vitest';
import { logger } from '#shared/observability/powertools';
import { REDACTED, redactText } from '#shared/observability/redact';
import { ProviderError } from '#shared/ports/interview-provider';
import { captureOutput } from '../../support/captured-output.ts';

/**
 * Invariant 5's safety net must know how people write their numbers, not only +E.164 and
 * the North American grouping: provider and ATS error messages quote the number as the
 * candidate typed it (DRVN recruits UK drivers; Workable and Greenhouse keep national formats).
 * Numbers from the ranges reserved for drama/fiction (Ofcom 07700 900xxx, 020 7946 0xxx).
 */

const nationalNumbers = [
  '07700 900123', // UK mobile, as written in the UK
  '020 7946 0958', // London
  '0151 23456789', // German mobile
  '06 12 34 56 78', // French mobile
  '00421 905 123 456', // international 00 prefix
  '(604)555-0199', // North American, no space after the area code
];

describe('redactText: phone numbers in national formats', () => {
  it.each(nationalNumbers)('masks "%s" inside a sentence', (value) => {
    expect(redactText(`DRVN: driver phone_number ${value} is invalid.`)).toBe(`DRVN: driver phone_number ${REDACTED} is invalid.`);
  });

  it.each([
    '2026-04-02T09:00:00+10:30',
    '2026-04-02 09:00:00',
    'window 09:00-18:00',
    '01.02.2026 10:00',
    '05.07.2025 04:42:45',
    'Jul 05, 2025, 4:42:45 AM',
    '00000000-0000-0000-0000-000000000000',
    'b7e4c0de-0111-4222-8333-444455556666',
    'REQ-2025-042',
    '127.0.0.1:3000',
    'retry in 0.5 s',
    'version 12 of 071234560',
  ])('leaves "%s" alone', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe('the bridge logger with a provider error quoting a national number', () => {
  const captured = captureOutput();

  it('writes none of the digits', () => {
    logger.error('start failed', new ProviderError('DRVN POST /api/v1/interviews → 422: interviewee phone_number 07700 900123 is not a mobile', 'INVALID_REQUEST', false, 422));
    const output = captured.text();
    expect(output).toContain('start failed');
    expect(output.replace(/\D/g, '')).not.toContain('07700900123');
  });
});
