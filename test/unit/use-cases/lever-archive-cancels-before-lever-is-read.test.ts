import { describe, expect, it } from 'vitest';
import { LeverApi } from '#shared/ats/lever/api';
import { atsEvent, processorHarness, testConfig, type RawConfig } from '../../support/bridge.ts';
import { fakeFetch, routes } from '../ats/api/support.ts';

/**
 * A Lever archive closes the application whatever its reason says (hired, rejected or withdrawn
 * all cancel the interview): the read that tells which must not stand between the archive and
 * the cancel. Lever answering 429 (Retry-After 15 s: the transport waits inline, twice) or slowly
 * would otherwise keep the call planned for the candidate while the processor waits, and a wait
 * past the processor's timeout redelivers the message, again and again, without ever cancelling.
 */

const t = (minute: number) => `2026-04-13T16:${String(minute).padStart(2, '0')}:00Z`;

/** The application is Lever's from its first event (a record is one source's: another source's events for it are dropped). */
const fromLever = (raw: RawConfig) => { for (const rule of raw.tenants[0].rules) rule.source = 'lever'; };

const archived = () => atsEvent({
  source: 'lever', kind: 'application.rejected', applicationStatus: 'rejected', closureToConfirm: true, needsProfileFetch: true,
  candidate: undefined, stage: undefined, jobIds: [], jobLocations: [], deliveryId: 'archive-1', occurredAt: t(10),
});

describe('a Lever archive while Lever is rate limited', () => {
  it('cancels the interview before any wait on Lever', async () => {
    const h = processorHarness({ config: testConfig(fromLever) });
    await h.process(atsEvent({ source: 'lever', deliveryId: 'stage-1', occurredAt: t(0) }));
    expect(h.provider.liveInterviews()).toHaveLength(1);

    const liveWhileWaiting: number[] = [];
    const fake = fakeFetch(routes({}, { status: 429, headers: { 'retry-after': '15' }, body: { code: 'TooManyRequests' } }));
    const lever = new LeverApi(
      { apiBaseUrl: 'https://api.lever.test/v1', freshnessSeconds: 300, writeBack: { note: true } },
      { signatureTokens: ['t'], apiKey: 'lever-key' },
      { fetch: fake.fetch, sleep: async () => { liveWhileWaiting.push(h.provider.liveInterviews().length); } },
    );
    h.deps.atsApis = () => lever;

    await h.process(archived());

    expect(fake.calls.length).toBeGreaterThan(0);
    expect(liveWhileWaiting.every((live) => live === 0)).toBe(true);
    expect(h.provider.liveInterviews()).toEqual([]);
    // Closed, but Lever never said how (the read was refused): archived, not a guessed rejection.
    expect((await h.state()).atsStatus).toBe('archived');
  });
});
