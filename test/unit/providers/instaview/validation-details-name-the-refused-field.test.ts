import { describe, expect, it } from 'vitest';
import { callWindowSchema } from '#shared/config/schema';
import { CallWindow } from '#shared/domain/time/call-window';
import type { StartInterviewRequest } from '#shared/ports/interview-provider';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { clientOn, envelope, type Reply } from './fake-fetch.ts';

/**
 * InstaView's error-handling guide: every error is `{success: false, error: {code, message,
 * details}}`, and its "Validation Errors" (VALIDATION_ERROR, "Request validation failed") carry
 * the field-level errors in `details`, not in `message`. What the bridge decides from an error's
 * words (a create refused for the field name, not for its time: sent once more as scheduleTime)
 * and what an operator reads must come from those details too.
 */

const ASKED = '2026-03-02T10:00:00+01:00';

const request = (): StartInterviewRequest => ({
  externalKey: 'aib:acme:app-1:screening:1', tenantId: 'acme', applicationId: 'app-1', atsCandidateId: 'gh-77',
  candidate: { firstName: 'Anna', lastName: 'Novak', emails: ['anna@example.com'], phones: [{ value: '+421905123456' }], addresses: [] },
  phoneE164: '+421905123456', email: 'anna@example.com', providerJobId: 'job_1', atsJobIds: ['4012345'],
  window: new CallWindow(callWindowSchema.parse({}), ['Europe/Bratislava']), now: new Date('2026-03-02T03:00:00Z'),
  retainUntil: '2026-08-29', scheduledAt: ASKED,
  options: { agentId: 'agent_1', interviewType: 'PHONE', focus: 'SCREENING' }, recovering: false,
});

const candidate = { id: 'cand_1', firstName: 'Anna', lastName: 'Novak', email: 'anna@example.com', phoneNumber: '+421905123456', jobIds: ['job_1'], gdprExpiryDate: '2026-12-31', metadata: {} };
const interview = (scheduledAt: string) => ({ id: 'int_new', candidateId: 'cand_1', agentId: 'agent_1', status: 'SCHEDULED', scheduledAt, metadata: {}, callAttempts: [], analysis: null });

const validationError = (details: unknown): Reply => ({
  status: 400,
  body: { success: false, data: null, error: { code: 'VALIDATION_ERROR', message: 'Request validation failed', details }, timestamp: '2026-03-02T03:00:00Z' },
});

function instaViewRefusingCreate(refusal: (body: Record<string, unknown>) => Reply | undefined) {
  const { client, calls } = clientOn((req) => {
    const body = req.body as Record<string, unknown>;
    if (req.method === 'GET' && req.path === '/candidates') return envelope({ data: [candidate], total: 1 });
    if (req.method === 'POST' && req.path === '/interviews') return refusal(body) ?? envelope(interview(String(body.scheduleTime ?? body.scheduledAt)));
    throw new Error(`unexpected ${req.method} ${req.path}`);
  });
  const instaview = createInstaViewProvider({ client, clock: { now: () => new Date('2026-03-02T03:00:00Z') } });
  return { instaview, creates: () => calls.filter((c) => c.method === 'POST' && c.path === '/interviews').map((c) => c.body as Record<string, unknown>) };
}

describe('InstaView validation errors: the field-level details are read', () => {
  it.each([
    ['a list of field errors', { fields: [{ field: 'scheduledAt', message: 'property scheduledAt should not exist' }] }],
    ['messages by field', { scheduledAt: ['property scheduledAt should not exist'] }],
    ['a list of sentences', ['property scheduledAt should not exist']],
  ])('a create whose scheduledAt is refused as unknown in the details (%s) is sent once more with scheduleTime', async (_, details) => {
    const { instaview, creates } = instaViewRefusingCreate((body) => ('scheduledAt' in body ? validationError(details) : undefined));
    const started = await instaview.startInterview(request());
    expect(creates()).toHaveLength(2);
    expect(creates()[1]).toMatchObject({ scheduleTime: ASKED });
    expect(started).toMatchObject({ providerInterviewId: 'int_new', scheduledAt: ASKED });
  });

  it('a create refused in the details for its time is not sent again (an InstaView ignoring scheduleTime would call at once)', async () => {
    const { instaview, creates } = instaViewRefusingCreate(() => validationError({ fields: [{ field: 'scheduledAt', message: 'scheduledAt must be in the future' }] }));
    await expect(instaview.startInterview(request())).rejects.toMatchObject({ httpStatus: 400, retryable: false });
    expect(creates()).toHaveLength(1);
  });

  it('the error says which field InstaView refused and why (contact data redacted), not only "Request validation failed"', async () => {
    const { instaview } = instaViewRefusingCreate(() => validationError({ fields: [
      { field: 'agentId', message: 'agentId must be a UUID' },
      { field: 'candidate.email', message: 'anna@example.com is already used by another candidate' },
    ] }));
    const error = await instaview.startInterview(request()).then(() => new Error('started'), (e: unknown) => e as Error);
    expect(error.message).toContain('Request validation failed');
    expect(error.message).toContain('agentId: agentId must be a UUID');
    expect(error.message).toContain('candidate.email');
    expect(error.message).not.toContain('anna@example.com');
  });

  it('the values InstaView echoes back (class-validator\'s value, zod\'s input) are not copied into the error: they are candidate data', async () => {
    const { instaview } = instaViewRefusingCreate(() => validationError([
      { property: 'candidate', value: { firstName: 'Anna', lastName: 'Novak' }, constraints: { isObject: 'candidate must be an object' } },
      { path: ['metadata', 'note'], input: 'Anna Novak, Bratislava', message: 'Too long' },
    ]));
    const error = await instaview.startInterview(request()).then(() => new Error('started'), (e: unknown) => e as Error);
    expect(error.message).toContain('candidate must be an object');
    expect(error.message).toContain('Too long');
    expect(error.message).not.toContain('Novak');
  });
});
