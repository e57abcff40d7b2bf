import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '#shared/config/load-config';
import { atsEventKinds, normalizedAtsEventSchema, type NormalizedAtsEvent } from '#shared/domain/messages';
import { atsSource } from '#shared/ats/registry';
import { acceptAtsWebhook, type WebhookAnswer } from '#shared/use-cases/accept-ats-webhook';
import { InMemoryQueue, InMemoryReplayGuard, RecordingTelemetry, StaticTenantSecrets } from '../support/fakes.ts';
import { SEED } from './arbitraries.ts';
import { senders, type Path, type Sender } from './ats-senders.ts';
import { exists, matches, set } from './json-mutations.ts';

/**
 * Real ATS deliveries are messier than the documented samples: optional fields null or absent,
 * empty contact lists, ids as numbers or strings, unknown fields, unicode and very long names,
 * other spellings of a timestamp, custom fields of any type, several phone numbers of mixed
 * types. Each documented fixture is mutated that way, signed as its ATS signs, and sent through
 * the real ingress use case. A mutation the docs allow is taken (200) and normalized to the same
 * application, candidate and stage; one that removes what the bridge needs is a 400 naming the
 * field; nothing is enqueued unless it is taken; nothing ever throws.
 */

const TENANT = 'acme';
// ATS_TOLERANCE_SEED / ATS_TOLERANCE_RUNS to search further.
const RUNS = Number(process.env.ATS_TOLERANCE_RUNS ?? 60);
const RUN_SEED = Number(process.env.ATS_TOLERANCE_SEED ?? SEED);

interface Mutation {
  label: string;
  apply(body: any): void;
  expect:
    | { accepted: true; touches?: Path; candidateName?: string; phones?: string[]; jobIds?: string[]; emptyList?: Path; occurredAt?: boolean; candidateReadLater?: boolean }
    | { accepted: false; field: string };
}

interface Sent {
  answer: WebhookAnswer;
  events: NormalizedAtsEvent[];
}

async function send(sender: Sender, name: string, body: any): Promise<Sent> {
  const queue = new InMemoryQueue();
  const config = parseConfig({ maxWebhookBytes: 1_048_576, tenants: [{ id: TENANT }] }, 'test config');
  let answer: WebhookAnswer;
  try {
    answer = await acceptAtsWebhook({ source: sender.source, tenantId: TENANT, request: sender.request(body, name) }, {
      config,
      secrets: new StaticTenantSecrets({ [TENANT]: sender.secrets }),
      queue,
      sourceFor: atsSource,
      telemetry: new RecordingTelemetry(),
      replayGuard: new InMemoryReplayGuard(),
    });
  } catch (error) {
    throw new Error(`${sender.source} ${name}: ingress threw (a 500): ${(error as Error).stack}`);
  }
  return { answer, events: queue.messages as NormalizedAtsEvent[] };
}

// ------------------------------------------------------------------ JSON paths

// Unlike json-mutations' remove, a list entry becomes null (how ATS payloads leave one out) instead of going.
const remove = (body: any, path: Path) => {
  for (const m of matches(body, path)) {
    if (Array.isArray(m.parent)) m.parent[m.key as number] = null;
    else delete m.parent[m.key];
  }
};
const dotted = (path: Path) => path.join('.');

/** Every object in the body, by path (where an unknown field can appear). */
function objectPaths(value: unknown, path: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const here = Array.isArray(value) ? [] : [path];
  const children = Array.isArray(value) ? value.map((v, i) => objectPaths(v, [...path, i])) : Object.entries(value).map(([k, v]) => objectPaths(v, [...path, k]));
  return [...here, ...children.flat()];
}

// ------------------------------------------------------------------ mutations

const realNames = ['Žofia', 'Nováková', 'José María', 'Zoë', '李小龍', 'محمد', 'Ngũgĩ', 'O\'Brien-Smith', 'Łukasz', 'Ǆemal', 'Μαρία', 'Андрей', 'Nguyễn', '😀', 'e\u0301cole'];
const nameArb = fc.oneof(
  fc.constantFrom(...realNames),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
  // Very long: a pasted CV line, or a name in a field never meant for it.
  fc.tuple(fc.constantFrom(...realNames), fc.integer({ min: 200, max: 3000 })).map(([n, times]) => n.repeat(Math.ceil(times / n.length)).slice(0, times)),
).map((s) => s.trim().replace(/\s+/g, ' ')).filter((s) => s.length > 0);

const phoneValues = ['+1 604-555-0199', '(604) 555-0142', '0905 123 456', '+421905123456', '604.555.0100 ext. 12', ''];
const phoneTypes = ['mobile', 'home', 'work', 'skype', 'other', null];

function mutationsOf(sender: Sender, name: string, body: any): fc.Arbitrary<Mutation>[] {
  const arbs: fc.Arbitrary<Mutation>[] = [];
  const present = (paths: Path[]) => paths.filter((p) => exists(body, p));

  const optional = present(sender.optional);
  if (optional.length) {
    arbs.push(fc.tuple(fc.constantFrom(...optional), fc.constantFrom('null', 'absent')).map(([path, how]): Mutation => ({
      label: `${dotted(path)} ${how}`,
      apply: (b) => (how === 'null' ? set(b, path, () => null) : remove(b, path)),
      expect: sender.strict && how === 'null' ? { accepted: false, field: dotted(path) } : { accepted: true, touches: path },
    })));
  }
  const stageNames = present(sender.stageName);
  if (stageNames.length) {
    arbs.push(fc.tuple(fc.constantFrom(...stageNames), fc.constantFrom(...(sender.strict ? [undefined] : [null, '', undefined]))).map(([path, value]): Mutation => ({
      label: `stage name ${dotted(path)} = ${String(value)}`,
      apply: (b) => (value === undefined ? remove(b, path) : set(b, path, () => value)),
      expect: { accepted: true, touches: path },
    })));
  }
  const ids = present(sender.ids);
  if (ids.length) {
    arbs.push(fc.constantFrom(...ids).map((path): Mutation => ({
      label: `id ${dotted(path)} as the other JSON type`,
      apply: (b) => { for (const m of matches(b, path)) { const v = m.parent[m.key]; m.parent[m.key] = typeof v === 'number' ? String(v) : /^\d{1,15}$/.test(String(v)) ? Number(v) : v; } },
      expect: { accepted: true },
    })));
  }
  const names = present(sender.names);
  if (names.length) {
    arbs.push(fc.tuple(fc.constantFrom(...names), nameArb).map(([path, text]): Mutation => ({
      label: `${dotted(path)} = ${JSON.stringify(text.slice(0, 20))}… (${text.length} chars)`,
      apply: (b) => set(b, path, () => text),
      // zod counts characters (code points), not UTF-16 units.
      expect: sender.strict && [...text].length > sender.strict.nameMax ? { accepted: false, field: dotted(path) } : { accepted: true, touches: path, candidateName: text },
    })));
  }
  const lists = present(sender.contactLists);
  if (lists.length) {
    arbs.push(fc.constantFrom(...lists).map((path): Mutation => ({
      label: `${dotted(path)} = []`, apply: (b) => set(b, path, () => []), expect: { accepted: true, emptyList: path },
    })));
  }
  if (sender.phoneList && exists(body, sender.phoneList.path)) {
    const { path, entry } = sender.phoneList;
    // The generic contract refuses an empty phone (a 400 naming it): only real numbers there.
    const values = sender.strict ? phoneValues.filter((v) => v) : phoneValues;
    arbs.push(fc.array(fc.tuple(fc.constantFrom(...values), fc.constantFrom(...phoneTypes)), { minLength: 1, maxLength: 5 }).map((phones): Mutation => ({
      label: `${dotted(path)} = ${JSON.stringify(phones)}`,
      apply: (b) => set(b, path, () => phones.map(([value, type]) => entry(value, type))),
      expect: { accepted: true, phones: phones.map(([value]) => value).filter((v) => v.trim()) },
    })));
  }
  if (sender.jobList && exists(body, sender.jobList.path)) {
    const { path, entry } = sender.jobList;
    const jobId = fc.oneof(fc.integer({ min: 1, max: 2 ** 40 }), fc.integer({ min: 1, max: 2 ** 40 }).map(String));
    arbs.push(fc.array(fc.tuple(jobId, fc.constantFrom('Vancouver, BC, Canada', 'Bratislava', null)), { maxLength: 4 }).map((jobs): Mutation => ({
      label: `${dotted(path)} = ${JSON.stringify(jobs)}`,
      apply: (b) => set(b, path, () => jobs.map(([id, office]) => entry(id, office))),
      expect: { accepted: true, jobIds: jobs.map(([id]) => String(id)) },
    })));
  }
  for (const { path, spell } of sender.timestamps) {
    const value = matches(body, path)[0]?.parent[matches(body, path)[0]!.key];
    if (typeof value !== 'string') continue;
    arbs.push(fc.constantFrom(...spell(value)).map((spelled): Mutation => ({
      label: `${dotted(path)} = ${JSON.stringify(spelled)}`, apply: (b) => set(b, path, () => spelled), expect: { accepted: true, occurredAt: true },
    })));
  }
  const custom = present(sender.customFields);
  if (custom.length) {
    arbs.push(fc.tuple(fc.constantFrom(...custom), fc.jsonValue({ maxDepth: 3 })).map(([path, value]): Mutation => ({
      label: `${dotted(path)} = ${JSON.stringify(value)?.slice(0, 60)}`, apply: (b) => set(b, path, () => value), expect: { accepted: true },
    })));
  }
  const objects = objectPaths(body);
  arbs.push(fc.tuple(fc.constantFrom(...objects), fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 2 })).map(([path, key, value]): Mutation => {
    const field = `unknown_${key}`;
    return {
      label: `unknown field ${dotted([...path, field])}`,
      apply: (b) => {
        for (const m of path.length ? matches(b, path) : [{ parent: { root: b }, key: 'root' }]) {
          const target = m.parent[m.key];
          // defineProperty: a key such as "__proto__" is a field in JSON too, not the prototype.
          if (target !== null && typeof target === 'object' && !Array.isArray(target)) Object.defineProperty(target, field, { value, enumerable: true, writable: true, configurable: true });
        }
      },
      expect: sender.strict ? { accepted: false, field: dotted([...path, field]) } : { accepted: true },
    };
  }));
  const readLater = sender.candidateReadLater;
  if (readLater && (!readLater.fixtures || readLater.fixtures.includes(name)) && exists(body, readLater.path)) {
    arbs.push(fc.constantFrom('null', 'absent').map((how): Mutation => ({
      label: `candidate ${dotted(readLater.path)} ${how} (read from the ATS API)`,
      apply: (b) => (how === 'null' ? set(b, readLater.path, () => null) : remove(b, readLater.path)),
      expect: { accepted: true, touches: readLater.path, candidateReadLater: true },
    })));
  }
  const required = sender.required.filter((r) => (!r.fixtures || r.fixtures.includes(name)) && exists(body, r.path));
  if (required.length) {
    arbs.push(fc.tuple(fc.constantFrom(...required), fc.constantFrom('null', 'absent')).map(([r, how]): Mutation => ({
      label: `required ${dotted(r.path)} ${how}`,
      apply: (b) => (how === 'null' ? set(b, r.path, () => null) : remove(b, r.path)),
      expect: { accepted: false, field: r.field },
    })));
  }
  return arbs;
}

// ------------------------------------------------------------------ checks

/** The code the sender counts as delivered: 200, or the source's own (SmartRecruiters: 202). */
const takenStatus = (sender: Sender): number => atsSource(sender.source)?.takenStatus ?? 200;

const within = (path: Path | undefined, prefixes: Path[]) =>
  !!path && prefixes.some((p) => p.length <= path.length + 1 && p.slice(0, Math.min(p.length, path.length)).every((s, i) => s === path[i] || s === '*'));

function check(sender: Sender, baseline: Sent, sent: Sent, mutation: Mutation): void {
  const { answer, events } = sent;
  const expectation = mutation.expect;
  if (!expectation.accepted) {
    expect(answer.status, 'refused with a 4xx').toBe(400);
    expect((answer.body as { field?: string }).field, 'the 400 names the field').toBe(expectation.field);
    expect(events, 'nothing enqueued on a 4xx').toEqual([]);
    return;
  }
  expect(answer.status, `taken: ${JSON.stringify(answer.body)}`).toBe(takenStatus(sender));
  if (answer.status !== takenStatus(sender)) return;
  for (const event of events) {
    expect(normalizedAtsEventSchema.safeParse(event).success, 'a valid queue message').toBe(true);
    expect(atsEventKinds).toContain(event.kind);
  }
  const ignored = (answer.body as { status?: string }).status === 'ignored';
  if (sender.fanOut && within(expectation.touches, [sender.fanOut])) {
    // Without the list: one candidate-wide erasure of the same candidate, or nothing left to erase.
    if (!ignored) expect(events.map((e) => [e.kind, e.candidateId, e.candidateDeleted])).toEqual([['application.deleted', baseline.events[0]!.candidateId, true]]);
    return;
  }
  expect(ignored, 'not ignored').toBe(false);
  expect(events.length, 'as many events as the documented payload').toBe(baseline.events.length);
  events.forEach((event, i) => {
    const before = baseline.events[i]!;
    expect(event.applicationId, 'the same application').toBe(before.applicationId);
    if (expectation.candidateReadLater) {
      // No candidate named: the same event, its candidate to be read with the application.
      expect(event.candidateId, 'the candidate left to the read').toBe('');
      expect(event.needsProfileFetch, 'read before deciding').toBe(true);
      expect(event.kind, 'the same kind').toBe(before.kind);
      return;
    }
    expect(event.candidateId, 'the same candidate').toBe(before.candidateId);
    if (expectation.touches?.[0] === '(several)') return;
    if (!within(expectation.touches, sender.kindFields)) expect(event.kind, 'the same kind').toBe(before.kind);
    const stageTouched = within(expectation.touches, [...sender.stageName, ...sender.stagePaths]);
    if (before.stage && !stageTouched) expect(event.stage, 'the same stage').toEqual(before.stage);
    // A stage without a name is named by its id: never a stage whose name is missing.
    if (before.stage && stageTouched && event.stage) expect(typeof event.stage.name).toBe('string');
    if (expectation.occurredAt) expect(event.occurredAt, 'the same instant').toBe(before.occurredAt);
    if (expectation.candidateName && within(expectation.touches, sender.candidateNames)) {
      const profile = event.candidate;
      expect(profile, 'contact details kept').toBeDefined();
      expect(`${profile!.firstName} ${profile!.lastName}`).toContain(expectation.candidateName);
    }
    if (expectation.jobIds) expect(event.jobIds, 'every job, none or several').toEqual(expectation.jobIds);
    if (expectation.phones && before.candidate) expect(event.candidate!.phones.map((p) => p.value)).toEqual(expectation.phones);
  });
}

/** Several tolerated mutations at once (a real payload is messy in more than one place). */
function combined(sender: Sender, arbs: fc.Arbitrary<Mutation>[]): fc.Arbitrary<Mutation> {
  const tolerated = fc.oneof(...arbs).filter((m) => m.expect.accepted && !m.expect.candidateReadLater && !within(m.expect.touches, sender.fanOut ? [sender.fanOut] : []));
  return fc.array(tolerated, { minLength: 2, maxLength: 5 }).map((list): Mutation => ({
    label: list.map((m) => m.label).join(' + '),
    apply: (b) => list.forEach((m) => m.apply(b)),
    expect: { accepted: true, touches: ['(several)'] },
  }));
}

describe.each(senders.map((s) => [s.source, s] as const))('%s webhooks as real deliveries send them', (_source, sender) => {
  it.each(sender.fixtures)('%s: mutated as the docs allow → taken and normalized alike; without what is needed → 400 naming it; never a throw', async (name) => {
    const original = sender.load(name);
    const baseline = await send(sender, name, structuredClone(original));
    expect(baseline.answer.status, `the documented fixture is taken: ${JSON.stringify(baseline.answer.body)}`).toBe(takenStatus(sender));
    const arbs = mutationsOf(sender, name, original);
    await fc.assert(
      fc.asyncProperty(sender.strict ? fc.oneof(...arbs) : fc.oneof(...arbs, combined(sender, arbs)), async (mutation) => {
        const body = structuredClone(original);
        mutation.apply(body);
        const sent = await send(sender, name, body);
        check(sender, baseline, sent, mutation);
      }),
      { seed: RUN_SEED, numRuns: RUNS, endOnFailure: true },
    );
  });
});

describe.each(senders.map((s) => [s.source, s] as const))('%s: a body that is not an object', (_source, sender) => {
  it.each([null, [], 'text', 42, true])('%j → a 4xx, nothing enqueued, never a throw', async (body) => {
    const { answer, events } = await send(sender, sender.fixtures[0]!, body);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(events).toEqual([]);
  });
});
