import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProviderEvent } from '#shared/domain/messages';
import { providerWebhookSource } from '#shared/providers/webhook-sources';
import { acceptProviderWebhook } from '#shared/use-cases/accept-provider-webhook';
import type { WebhookAnswer } from '#shared/use-cases/accept-ats-webhook';
import { TENANT, atsEvent, processorHarness, testConfig, type ProcessorHarness } from '../support/bridge.ts';
import { InMemoryQueue, RecordingLogger, RecordingTelemetry, StaticTenantSecrets } from '../support/fakes.ts';
import { xobinTenant } from '../support/xobin-late-report.ts';
import { SEED } from './arbitraries.ts';
import {
  addUnknownField, dotted, exists, freeTextArb, instantSpellings, matches, objectPaths, otherCases, otherIdType, remove, set, valueAt, type Path,
} from './json-mutations.ts';
import { instaviewSamples, xobinSamples, type WebhookSample } from './provider-webhook-samples.ts';

/**
 * The provider side of ats-payload-tolerance: real provider deliveries differ from the documented
 * samples (optional fields null or absent, ids as numbers or strings, unknown fields, other
 * spellings of the time, the event and the status, long unicode text, empty lists). Each sample is
 * mutated that way and sent through the real ingress (acceptProviderWebhook with the provider's own
 * verify and parse), and what it enqueues through the processor, for an interview the bridge
 * recorded. What the docs allow is taken (200) as the same event and ends in the same decision
 * (phase, result, schedules, ATS notes); what lacks what the bridge needs is a 400 naming the
 * field with nothing enqueued; nothing ever throws.
 */

// PROVIDER_TOLERANCE_SEED / PROVIDER_TOLERANCE_RUNS to search further.
const RUNS = Number(process.env.PROVIDER_TOLERANCE_RUNS ?? 40);
const RUN_SEED = Number(process.env.PROVIDER_TOLERANCE_SEED ?? SEED);
const TOKEN = 'instaview-webhook-token-0123456789';
const PATH_SECRET = 'xobin-path-secret-0123456789';

interface Mutation {
  label: string;
  apply(body: any): void;
  expect: { accepted: true; touches?: Path; sameDecision: boolean; sameInstant?: boolean } | { accepted: false; field: string };
}

/** The bridge as far as this delivery goes: the interview recorded, the webhook taken, its event processed. */
interface Delivered {
  answer: WebhookAnswer;
  events: ProviderEvent[];
  decision: { phase?: string; outcome?: string; score?: number; schedules: number; notes: string[] };
}

function world(sample: WebhookSample): { h: ProcessorHarness; interviewId: () => Promise<string> } {
  if (sample.provider === 'xobin') {
    const { h, xobin } = xobinTenant();
    xobin.reportServed = true;
    return { h, interviewId: async () => (await h.state()).interview!.providerInterviewId! };
  }
  // Call progress tracked: interview.started / interview.completed are then events the bridge takes.
  const h = processorHarness({ config: testConfig((raw) => { raw.tenants[0].providers.instaview.trackCallProgress = true; }) });
  return { h, interviewId: async () => (await h.state()).interview!.providerInterviewId! };
}

async function deliver(sample: WebhookSample, mutate: (body: any) => void): Promise<Delivered> {
  const { h, interviewId } = world(sample);
  await h.process(atsEvent());
  const body = sample.body(await interviewId());
  mutate(body);
  const queue = new InMemoryQueue();
  const secrets = new StaticTenantSecrets({ [TENANT]: { instaview: { apiKey: 'k', webhookToken: TOKEN }, xobin: { apiKey: 'x', webhookPathSecret: PATH_SECRET } } });
  let answer: WebhookAnswer;
  try {
    answer = await acceptProviderWebhook({
      provider: sample.provider,
      tenantId: TENANT,
      request: {
        headers: { 'x-bridge-webhook-token': TOKEN, 'content-type': 'application/json' },
        rawBody: Buffer.from(JSON.stringify(body), 'utf8'),
        query: {},
        receivedAt: new Date('2026-04-13T17:31:00.000Z'),
        ...(sample.provider === 'xobin' ? { pathToken: PATH_SECRET } : {}),
      },
    }, { config: h.config, secrets, queue, store: h.store, sourceFor: providerWebhookSource, telemetry: new RecordingTelemetry(), logger: new RecordingLogger() });
  } catch (error) {
    throw new Error(`${sample.provider} ${sample.name}: ingress threw (a 500): ${(error as Error).stack}`);
  }
  const events = queue.messages as ProviderEvent[];
  for (const event of events) {
    try {
      await h.process(structuredClone(event));
    } catch (error) {
      throw new Error(`${sample.provider} ${sample.name}: the processor threw on ${JSON.stringify(event)}: ${(error as Error).stack}`);
    }
  }
  const iv = (await h.state()).interview;
  return {
    answer,
    events,
    decision: {
      phase: iv?.phase, outcome: iv?.result?.outcome, score: iv?.result?.score,
      schedules: h.scheduler.pending().length, notes: h.ats.writes.map((w) => w.outcome.kind),
    },
  };
}

function mutationsOf(sample: WebhookSample, body: any): fc.Arbitrary<Mutation>[] {
  const arbs: fc.Arbitrary<Mutation>[] = [];
  const present = (paths: Path[]) => paths.filter((p) => exists(body, p));
  const touchesReason = (path: Path) => sample.reasons.some((r) => dotted(r) === dotted(path));

  const optional = present(sample.optional);
  if (optional.length) {
    arbs.push(fc.tuple(fc.constantFrom(...optional), fc.constantFrom('null', 'absent')).map(([path, how]): Mutation => ({
      label: `${dotted(path)} ${how}`,
      apply: (b) => (how === 'null' ? set(b, path, () => null) : remove(b, path)),
      expect: { accepted: true, touches: path, sameDecision: !touchesReason(path) },
    })));
  }
  if (optional.length) {
    // Extra nesting: a value given as an object or a one-item list (an expanded relation, a multi-value field).
    arbs.push(fc.tuple(fc.constantFrom(...optional), fc.constantFrom('object', 'list')).map(([path, how]): Mutation => ({
      label: `${dotted(path)} nested as ${how === 'object' ? 'an object' : 'a list'}`,
      apply: (b) => { for (const m of matches(b, path)) m.parent[m.key] = how === 'object' ? { id: m.parent[m.key], value: m.parent[m.key] } : [m.parent[m.key]]; },
      expect: { accepted: true, touches: path, sameDecision: false },
    })));
  }
  const ids = present(sample.ids);
  if (ids.length) {
    arbs.push(fc.constantFrom(...ids).map((path): Mutation => ({
      label: `${dotted(path)} as the other JSON type`,
      apply: (b) => set(b, path, () => otherIdType(valueAt(b, path))),
      expect: { accepted: true, touches: path, sameDecision: true },
    })));
  }
  for (const path of present(sample.timestamps)) {
    const spellings = instantSpellings(sample.provider === 'xobin' ? '2026-04-13T17:30:00.000Z' : String(valueAt(body, path)))
      // Xobin documents a text date; its ISO spellings are what another version would send.
      .filter((s) => sample.provider !== 'xobin' || (typeof s === 'string' && !/^\d+$/.test(s)));
    arbs.push(fc.constantFrom(...spellings).map((spelled): Mutation => ({
      label: `${dotted(path)} = ${JSON.stringify(spelled)}`,
      apply: (b) => set(b, path, () => spelled),
      expect: { accepted: true, touches: path, sameDecision: true, sameInstant: true },
    })));
  }
  for (const path of present(sample.kindFields)) {
    const event = String(valueAt(body, path));
    const spellings = sample.provider === 'instaview'
      ? [event.toUpperCase().replace(/\./g, '_'), ...otherCases(event)]
      : otherCases(event);
    arbs.push(fc.constantFrom(...spellings).map((spelled): Mutation => ({
      label: `${dotted(path)} = ${JSON.stringify(spelled)}`, apply: (b) => set(b, path, () => spelled), expect: { accepted: true, touches: path, sameDecision: true },
    })));
  }
  const statuses = present(sample.statuses).filter((p) => !sample.kindFields.some((k) => dotted(k) === dotted(p)));
  if (statuses.length) {
    arbs.push(fc.constantFrom(...statuses).chain((path) => fc.constantFrom(...otherCases(String(valueAt(body, path)))).map((spelled): Mutation => ({
      label: `${dotted(path)} = ${JSON.stringify(spelled)}`, apply: (b) => set(b, path, () => spelled), expect: { accepted: true, touches: path, sameDecision: true },
    }))));
  }
  const text = present(sample.text);
  if (text.length) {
    arbs.push(fc.tuple(fc.constantFrom(...text), freeTextArb).map(([path, value]): Mutation => ({
      label: `${dotted(path)} = ${JSON.stringify(value.slice(0, 20))}… (${value.length} chars)`,
      apply: (b) => set(b, path, () => value),
      expect: { accepted: true, touches: path, sameDecision: !touchesReason(path) },
    })));
  }
  const lists = present(sample.lists);
  if (lists.length) {
    arbs.push(fc.constantFrom(...lists).map((path): Mutation => ({
      label: `${dotted(path)} = []`, apply: (b) => set(b, path, () => []), expect: { accepted: true, touches: path, sameDecision: true },
    })));
  }
  arbs.push(fc.tuple(fc.constantFrom(...objectPaths(body)), fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 2 })).map(([path, key, value]): Mutation => ({
    label: `unknown field ${dotted([...path, `unknown_${key}`])}`,
    apply: (b) => addUnknownField(b, path, key, value),
    expect: { accepted: true, sameDecision: true },
  })));
  const required = sample.required.filter((r) => exists(body, r.path));
  if (required.length) {
    arbs.push(fc.tuple(fc.constantFrom(...required), fc.constantFrom('null', 'absent', 'empty')).map(([r, how]): Mutation => ({
      label: `required ${dotted(r.path)} ${how}`,
      apply: (b) => (how === 'absent' ? remove(b, r.path) : set(b, r.path, () => (how === 'null' ? null : ''))),
      expect: { accepted: false, field: r.field },
    })));
  }
  return arbs;
}

function check(sample: WebhookSample, baseline: Delivered, sent: Delivered, mutation: Mutation): void {
  const { answer, events } = sent;
  const expectation = mutation.expect;
  if (!expectation.accepted) {
    expect(answer.status, 'refused with a 4xx').toBe(400);
    expect((answer.body as { field?: string }).field, 'the 400 names the field').toBe(expectation.field);
    expect(events, 'nothing enqueued on a 4xx').toEqual([]);
    return;
  }
  expect(answer.status, `taken: ${JSON.stringify(answer.body)}`).toBe(200);
  expect((answer.body as { status?: string }).status, 'acted on, not ignored').toBe('accepted');
  expect(events.length, 'one event, as for the documented sample').toBe(baseline.events.length);
  const [event, before] = [events[0]!, baseline.events[0]!];
  expect(event.kind, 'the same event').toBe(before.kind);
  expect(event.interviewId, 'the same interview').toBe(before.interviewId);
  expect(event.applicationId, 'routed to the same application').toBe(before.applicationId);
  if (sample.provider === 'instaview') expect(event.deliveryId, 'the same delivery').toBe(before.deliveryId);
  if (expectation.sameInstant) expect(event.occurredAt, 'the same instant').toBe(before.occurredAt);
  if (expectation.sameDecision) expect(sent.decision, 'the same decision').toEqual(baseline.decision);
}

/** Several tolerated mutations at once (a real delivery is messy in more than one place). */
function combined(arbs: fc.Arbitrary<Mutation>[]): fc.Arbitrary<Mutation> {
  return fc.array(fc.oneof(...arbs).filter((m) => m.expect.accepted), { minLength: 2, maxLength: 4 }).map((list): Mutation => ({
    label: list.map((m) => m.label).join(' + '),
    apply: (b) => list.forEach((m) => m.apply(b)),
    expect: { accepted: true, sameDecision: list.every((m) => m.expect.accepted && m.expect.sameDecision) },
  }));
}

describe.each([...instaviewSamples, ...xobinSamples].map((s) => [`${s.provider} ${s.name}`, s] as const))('%s webhook as real deliveries send it', (_name, sample) => {
  it('mutated as the docs allow → taken as the same event, same decision; without what is needed → 400 naming it; never a throw', async () => {
    const baseline = await deliver(sample, () => undefined);
    expect(baseline.answer.status, `the documented sample is taken: ${JSON.stringify(baseline.answer.body)}`).toBe(200);
    expect(baseline.events).toHaveLength(1);
    const arbs = mutationsOf(sample, sample.body('iv-1'));
    await fc.assert(
      fc.asyncProperty(fc.oneof(...arbs, combined(arbs)), async (mutation) => {
        check(sample, baseline, await deliver(sample, (b) => mutation.apply(b)), mutation);
      }),
      { seed: RUN_SEED, numRuns: RUNS, endOnFailure: true },
    );
  });
});
