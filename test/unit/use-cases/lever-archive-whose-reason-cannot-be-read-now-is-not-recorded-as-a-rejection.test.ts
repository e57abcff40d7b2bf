import { describe, expect, it } from 'vitest';
import { LeverApi } from '#shared/ats/lever/api';
import type { AtsApplicationRef } from '#shared/ports/ats-api';
import { TRIGGER_STAGE, atsEvent, testConfig, processorHarness, type RawConfig } from '../../support/bridge.ts';
import { providerWithoutCancel, xobinRule } from '../../support/multi-rule.ts';
import { fakeFetch, routes, type Reply } from '../ats/api/support.ts';

/**
 * Lever says whether an archive is a hire, a rejection or a withdrawal only through the archive
 * reason (GET /archive_reasons/{id}). When that read fails for now (5xx, 429, a timeout), the
 * application is closed all the same (the interview is cancelled at once), but nobody knows
 * which closure it was: recording it as a rejection is a wrong, final answer for a hired
 * candidate (their status, and the note telling the recruiter an interview stayed open). It is
 * recorded as what is known, archived, and the timeline says the reason was not read; Lever's
 * own hire event (candidateHired) still makes it a hire.
 */

const t = (minute: number) => `2026-04-13T16:${String(minute).padStart(2, '0')}:00Z`;

/** The application is Lever's from its first event (a record is one source's: another source's events for it are dropped). */
const fromLever = (raw: RawConfig) => { for (const rule of raw.tenants[0].rules) rule.source = 'lever'; };

const archived = () => atsEvent({
  source: 'lever', kind: 'application.rejected', applicationStatus: 'rejected', closureToConfirm: true, needsProfileFetch: true,
  candidate: undefined, stage: undefined, jobIds: [], jobLocations: [], deliveryId: 'archive-1', occurredAt: t(10),
});

const opportunity = {
  id: '71234560', name: 'Ada Lovelace', emails: ['ada.lovelace@example.com'], phones: [{ value: '+1 604 555 0199', type: 'mobile' }],
  location: 'Vancouver, BC', tags: [], applications: [{ id: 'app-1', posting: 'posting-9' }], stage: { id: 's-1', text: 'AI Phone Screen' },
  archived: { reason: 'r-hired-transient', archivedAt: Date.parse(t(10)) },
};

/** Lever over a scripted API whose archive reason endpoint answers `reason`. */
function leverAnswering(reason: Reply) {
  const fake = fakeFetch(routes({
    'GET /v1/opportunities/71234560': { body: { data: opportunity } },
    'GET /v1/archive_reasons/r-hired-transient': reason,
  }));
  const api = new LeverApi(
    { apiBaseUrl: 'https://api.lever.test/v1', freshnessSeconds: 300, writeBack: { note: true } },
    { signatureTokens: ['t'], apiKey: 'lever-key' },
    { fetch: fake.fetch, sleep: async () => undefined },
  );
  return { api, fake };
}

describe('a Lever archive whose reason cannot be read for now', () => {
  it.each([
    ['a 503', { status: 503, body: {} }],
    ['a 429', { status: 429, headers: { 'retry-after': '1' }, body: { code: 'TooManyRequests' } }],
    ['a network failure', { error: new TypeError('fetch failed') }],
  ] as const)('(%s) is closed at once, recorded as archived with the reason unread, not as rejected', async (_what, reply) => {
    const h = processorHarness({ config: testConfig(fromLever) });
    await h.process(atsEvent({ source: 'lever', deliveryId: 'stage-1', occurredAt: t(0) }));
    const lever = leverAnswering(reply as Reply);
    Object.assign(h.ats, { fetchApplication: (ref: AtsApplicationRef) => lever.api.fetchApplication(ref) });

    await expect(h.process(archived())).resolves.toMatchObject({ status: 'processed' });

    expect(lever.fake.calls.some((c) => c.path.endsWith('/archive_reasons/r-hired-transient'))).toBe(true);
    expect(h.provider.liveInterviews()).toEqual([]);
    const state = await h.state();
    expect(state.atsStatus).not.toBe('rejected');
    expect(state.atsStatus).toBe('archived');
    expect(state.timeline.map((e) => `${e.what} ${e.detail ?? ''}`).join('\n')).toMatch(/reason.*not read/i);
  });

  it('does not tell the recruiter a hired candidate was rejected, and Lever\'s hire event still makes it a hire', async () => {
    const h = processorHarness({ config: testConfig((raw) => {
      raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' };
      raw.tenants[0].rules = [xobinRule('ai-video', TRIGGER_STAGE.name)];
      fromLever(raw);
    }) });
    providerWithoutCancel(h, 'xobin');
    await h.process(atsEvent({ source: 'lever', deliveryId: 'stage-1', occurredAt: t(0) }));
    const lever = leverAnswering({ status: 503, body: {} });
    Object.assign(h.ats, { fetchApplication: (ref: AtsApplicationRef) => lever.api.fetchApplication(ref) });

    await h.process(archived());

    const kept = h.ats.writes.find((w) => w.outcome.kind === 'not_cancelled');
    expect(kept).toBeDefined();
    expect(JSON.stringify(kept!.outcome)).not.toMatch(/rejected/);

    await h.process(atsEvent({ source: 'lever', kind: 'application.hired', applicationStatus: 'hired', candidate: undefined, deliveryId: 'hired-1', occurredAt: t(10) }));
    expect((await h.state()).atsStatus).toBe('hired');
  });

  it('a hire Lever reported just before the archive (delivered after it) still makes it a hire', async () => {
    const h = processorHarness({ config: testConfig(fromLever) });
    await h.process(atsEvent({ source: 'lever', deliveryId: 'stage-1', occurredAt: t(0) }));
    const lever = leverAnswering({ status: 503, body: {} });
    Object.assign(h.ats, { fetchApplication: (ref: AtsApplicationRef) => lever.api.fetchApplication(ref) });
    await h.process(archived());
    expect((await h.state()).atsStatus).toBe('archived');

    await h.process(atsEvent({ source: 'lever', kind: 'application.hired', applicationStatus: 'hired', candidate: undefined, deliveryId: 'hired-1', occurredAt: t(9) }));
    expect((await h.state()).atsStatus).toBe('hired');
  });
});
