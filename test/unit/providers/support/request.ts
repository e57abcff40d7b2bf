import { callWindowSchema } from '#shared/config/schema';
import { CallWindow } from '#shared/domain/time/call-window';
import type { StartInterviewRequest } from '#shared/ports/interview-provider';

/** A StartInterviewRequest as the processor builds it, for provider tests. */
export function startRequest(overrides: Partial<StartInterviewRequest> = {}): StartInterviewRequest {
  return {
    externalKey: 'acme:app-1:screening:1',
    tenantId: 'acme',
    applicationId: 'app-1',
    atsCandidateId: 'gh-77',
    candidate: { firstName: 'Anna', lastName: 'Novak', emails: ['anna@example.com'], phones: [], addresses: [] },
    email: 'anna@example.com',
    atsJobIds: ['4012345'],
    window: new CallWindow(callWindowSchema.parse({}), ['Europe/London']),
    now: new Date('2026-03-02T08:00:00Z'),
    retainUntil: '2026-08-29',
    options: {},
    recovering: false,
    ...overrides,
  };
}
