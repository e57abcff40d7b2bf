import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { RetryDue } from '#shared/domain/messages';
import { stageChange } from './support/local-stack.ts';
import { ADA, GREENHOUSE_INSTAVIEW_TENANT, bytes, greenhouseHeaders, greenhouseStageChangeFor, seed, seedCandidate, startSourceStack, tenantConfig, whats, type SourceStack } from './support/sources.ts';

/**
 * InstaView documents no webhook for an unanswered call (interview.failed is described as a
 * technical failure), and its deliveries can give up for good. Here the sandbox lets every call
 * ring out and tells nobody (`no_answer_unreported`): only GET /interviews/{id} shows it. The
 * bridge's call watch fires after each call, reads the interview, plans the next call inside
 * Ada's calling hours (Vancouver, Mon–Fri 09–18), and when the calls run out writes "never
 * answered" back to Greenhouse. Without it the interview stayed SCHEDULED for ever.
 */
const APP = 9701;
const CANDIDATE = String(APP + 1_000_000);
const STAGE = { id: '9012399', name: 'AI Phone Screen' };

describe('calls nobody reports: the call watch asks InstaView', () => {
  let stack: SourceStack;
  beforeAll(async () => {
    stack = await startSourceStack([tenantConfig(GREENHOUSE_INSTAVIEW_TENANT)], {
      atsSeeds: { greenhouse: seed([seedCandidate(CANDIDATE, ADA)], [{ id: String(APP), candidateId: CANDIDATE, jobId: '4012345', stageId: STAGE.id }], [STAGE]) },
    });
  });
  afterAll(async () => { await stack?.stop(); });

  it('plans each next call in the candidate\'s hours and writes "gave up" back when the calls run out', async () => {
    const outcome = await fetch(`${stack.sandbox!.adminUrl}/outcomes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phoneNumber: ADA.e164, outcome: 'no_answer_unreported' }) });
    expect(outcome.status).toBe(200);
    const raw = bytes(greenhouseStageChangeFor(stageChange(APP, { lastActivityAt: '2026-12-02T17:59:00Z' }), ADA));
    expect((await stack.post('greenhouse', raw, greenhouseHeaders(raw))).status).toBe(200);
    await stack.drain();
    expect((await stack.state(String(APP)))?.interview?.callWatch).toBeDefined();

    const retriesAt: string[] = [];
    for (let step = 0; step < 30; step++) {
      const state = await stack.state(String(APP));
      if (state?.interview?.phase === 'GAVE_UP') break;
      const next = stack.scheduler.list().sort((a, b) => a.at.getTime() - b.at.getTime())[0];
      expect(next, `nothing planned while ${state?.interview?.phase}`).toBeDefined();
      if ((next!.message as RetryDue).reason === 'call_attempt') retriesAt.push(next!.at.toISOString());
      stack.clock.set(next!.at);
      await stack.drain();
      // A call requested now rings at the sandbox's next look.
      await stack.advance(1);
    }

    const done = await stack.state(String(APP));
    expect(done?.interview?.phase).toBe('GAVE_UP');
    // The default budget: four calls in all, each one found by the watch, never by a webhook.
    expect(done?.interview?.calls).toHaveLength(4);
    expect(whats(done).filter((w) => w === 'call_watch.found')).toHaveLength(4);
    // Every next call inside Ada's hours, on a weekday, in her own zone.
    expect(retriesAt).toHaveLength(3);
    for (const at of retriesAt) {
      const local = DateTime.fromISO(at, { zone: 'America/Vancouver' });
      expect(local.weekday).toBeLessThanOrEqual(5);
      expect(local.hour).toBeGreaterThanOrEqual(9);
      expect(local.hour).toBeLessThan(18);
    }
    const interview = stack.instaviewInterviews(String(APP))[0];
    expect(interview.callAttempts.map((a: any) => a.status)).toEqual(['FAILED', 'FAILED', 'FAILED', 'FAILED']);

    // Greenhouse hears about it, and nothing is left planned.
    const notes = stack.ats('greenhouse').state().notes.filter((n: any) => n.on === CANDIDATE).map((n: any) => n.body as string);
    expect(notes.some((n) => n.includes('never answered after 4 calls'))).toBe(true);
    expect(done?.interview?.writeBack?.status).toBe('DONE');
    expect(stack.scheduler.list()).toEqual([]);
  });
});
