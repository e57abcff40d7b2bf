import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AtsApiError } from '#shared/ports/ats-api';
import { SEED } from './arbitraries.ts';
import { scenarios, type Answer, type Path, type Scenario } from './ats-api-scenarios.ts';

/**
 * The ATS adapters read more than webhooks: profile fetches for id-only hooks, backfill
 * listings (Link headers, cursors), tag dictionaries, the answers to their note/tag/stage
 * writes and the error bodies of every call. Each documented answer (ats-api-scenarios.ts) is
 * mutated the way real answers differ from samples: unknown fields, ids as numbers or
 * strings, other spellings of the same instant, optional fields null or absent, empty lists,
 * unicode text, Link headers spelled otherwise, writes answered with any 2xx and any body,
 * error statuses with any body and Retry-After in seconds or as an HTTP date. The adapter
 * runs through a stubbed fetch. Nothing may throw anything but an AtsApiError; what the docs
 * allow gives the same result (or at least a result); what they do not is an AtsApiError
 * that says so (INVALID_RESPONSE, or the status's code with the right retryability).
 * ATS_API_TOLERANCE_SEED / _RUNS search further; ATS_API_SURVEY=<n> lists every distinct
 * failure among n samples instead of stopping at the first.
 */

const RUNS = Number(process.env.ATS_API_TOLERANCE_RUNS ?? 800);
const RUN_SEED = Number(process.env.ATS_API_TOLERANCE_SEED ?? SEED);
const NOW = Date.parse('2026-09-15T10:00:00Z');
const clock = { now: () => new Date(NOW) };

// ------------------------------------------------------------------ the stubbed ATS

interface Outcome {
  ok: boolean;
  value?: unknown;
  error?: unknown;
  unmatched: string[];
}

function routeKey(method: string, url: URL, body: unknown): string {
  const cursor = url.searchParams.get('cursor') ?? (body && typeof body === 'object' ? (body as { cursor?: unknown }).cursor : undefined);
  return `${method} ${url.pathname}${typeof cursor === 'string' ? `#${cursor}` : ''}`;
}

interface Served { status: number; text?: string; headers?: Record<string, string> }

async function runScenario(scenario: Scenario, answers: Record<string, Served>, run: number): Promise<Outcome> {
  const unmatched: string[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    let body: unknown;
    try {
      body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    } catch {
      body = undefined;
    }
    const key = routeKey(init?.method ?? 'GET', url, body);
    const served = answers[key];
    if (!served) {
      unmatched.push(key);
      return new Response(JSON.stringify({ message: 'no route' }), { status: 404 });
    }
    const noBody = served.status === 204 || served.status === 304 || served.text === undefined;
    return new Response(noBody ? null : served.text, { status: served.status, headers: served.headers });
  }) as typeof globalThis.fetch;
  try {
    const value = await scenario.run(fetch, { clock, sleep: async () => {}, random: () => 0.5, maxRetries: 0 }, run);
    return { ok: true, value: JSON.parse(JSON.stringify(value ?? null)), unmatched };
  } catch (error) {
    return { ok: false, error, unmatched };
  }
}

const serve = (answer: Answer): Served => ({
  status: answer.status ?? 200,
  ...(answer.body === undefined ? {} : { text: JSON.stringify(answer.body) }),
  ...(answer.headers ? { headers: { 'content-type': 'application/json', ...answer.headers } } : { headers: { 'content-type': 'application/json' } }),
});

const servedAll = (scenario: Scenario) => Object.fromEntries(Object.entries(scenario.answers).map(([k, a]) => [k, serve(a)]));

// ------------------------------------------------------------------ JSON paths

function at(body: unknown, path: Path): { parent: any; key: string | number } | undefined {
  if (path.length === 0) return { parent: { root: body }, key: 'root' };
  let node: any = body;
  for (const step of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object' || !(step in node)) return undefined;
    node = node[step];
  }
  const last = path[path.length - 1]!;
  return node !== null && typeof node === 'object' && last in node ? { parent: node, key: last } : undefined;
}

/** Every path in a JSON value, with its value. */
function walk(value: unknown, path: Path = [], out: { path: Path; value: unknown }[] = []): { path: Path; value: unknown }[] {
  out.push({ path, value });
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k], out);
  return out;
}

const ID_KEY = /(^id$|Id$|_id$|^candidate$|^job$|^current_stage$|^posting$|^stage$|^reason$)/;
const ISO = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/;

/** The same instant, spelled another way. */
function respell(iso: string, how: number): string {
  const [, date, time, millis] = ISO.exec(iso)!;
  switch (how % 4) {
    case 0: return `${date}T${time}${millis ?? ''}+00:00`;
    case 1: return `${date}T${time}${millis ? '' : '.000'}Z`;
    case 2: return new Date(Date.parse(iso)).toISOString().replace('Z', '000Z').replace(/\.(\d{3})000Z$/, '.$1000Z');
    default: {
      const shifted = new Date(Date.parse(iso) + 2 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, '');
      return `${shifted}${millis ?? ''}+02:00`;
    }
  }
}

// ------------------------------------------------------------------ mutations

type Expect = 'same' | 'same-but-ids' | 'ok' | 'invalid' | { status: number; retryAfter?: number };

interface Mutation {
  scenario: Scenario;
  label: string;
  answers: Record<string, Served>;
  expect: Expect;
  tolerated?: boolean;
}

const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

function withBody(scenario: Scenario, route: string, change: (body: any) => any, extra: Partial<Served> = {}): Record<string, Served> {
  const answers = servedAll(scenario);
  const body = change(clone(scenario.answers[route]!.body));
  answers[route] = { ...answers[route]!, ...(body === undefined ? { text: undefined } : { text: JSON.stringify(body) }), ...extra };
  return answers;
}

const errorBodies = [
  undefined,
  '{"message":"Something went wrong"}',
  '{"errors":[{"message":"Validation failed","field":"candidate_id"}]}',
  '{"error":{"code":"rate_limited","message":"Slow down"}}',
  '<html><body><h1>502 Bad Gateway</h1></body></html>',
  '{"success":false,"errorInfo":{"code":"internal_error","message":"x"}}',
  'null',
  '{"message":"Candidate ada.lovelace@example.com (+1 604 555 0199) is locked"}',
];

const linkSpellings = (url: string) => [
  `<${new URL(url).pathname}${new URL(url).search}>; rel="next"`,
  `<${url}>; rel=next`,
  `<${url}>;rel="next"`,
  `<https://prev.test/x>; rel="prev", <${url}>; rel="next"`,
  `<${url}>; rel="next", <https://last.test/x>; rel="last"`,
  `<${url}>; rel="Next"`,
];

const pick = <T>(items: T[], n: number): T | undefined => (items.length ? items[n % items.length] : undefined);

function mutation(choice: { scenario: number; kind: number; route: number; target: number; variant: number; text: string; seconds: number }): Mutation | undefined {
  const scenario = scenarios[choice.scenario % scenarios.length]!;
  const routes = Object.keys(scenario.answers);
  const kind = choice.kind % 13;
  // Each kind picks among the answers it applies to, so no run is wasted.
  const applies = (a: Answer) => [true, true, true, !!a.optional?.length, !!a.optional?.length, !!a.lists?.length, !!a.texts?.length, !!a.required?.length, true, true, !!a.headers?.link, true, !a.write][kind];
  const usable = routes.filter((r) => applies(scenario.answers[r]!));
  const route = usable[choice.route % Math.max(1, usable.length)] ?? routes[0]!;
  const answer = scenario.answers[route]!;
  const nodes = walk(answer.body);
  const base = { scenario };
  const set = (path: Path, value: (old: unknown) => unknown) => (body: any) => {
    const found = at(body, path);
    if (!found) return body;
    if (found.key === 'root') return value(body);
    found.parent[found.key] = value(found.parent[found.key]);
    return body;
  };
  const remove = (path: Path) => (body: any) => {
    const found = at(body, path);
    if (found && found.key !== 'root') {
      if (Array.isArray(found.parent)) found.parent.splice(Number(found.key), 1);
      else delete found.parent[found.key];
    }
    return body;
  };

  switch (kind) {
    case 0: { // an unknown field anywhere
      const objects = nodes.filter((n) => n.value && typeof n.value === 'object' && !Array.isArray(n.value));
      const target = pick(objects, choice.target);
      if (!target) return undefined;
      return { ...base, label: `${route}: unknown field at ${target.path.join('.') || '(root)'}`, expect: 'same',
        answers: withBody(scenario, route, set(target.path, (o: any) => ({ ...o, zz_unknown: { nested: [1, 'x', null] }, zz_flag: true }))) };
    }
    case 1: { // an id as number vs string
      const ids = nodes.filter((n) => ID_KEY.test(String(n.path[n.path.length - 1] ?? '')) && (Number.isSafeInteger(n.value) || (typeof n.value === 'string' && /^\d{1,15}$/.test(n.value))));
      const target = pick(ids, choice.target);
      if (!target) return undefined;
      return { ...base, label: `${route}: id ${target.path.join('.')} as ${typeof target.value === 'number' ? 'string' : 'number'}`, expect: 'same',
        answers: withBody(scenario, route, set(target.path, (v) => (typeof v === 'number' ? String(v) : Number(v)))) };
    }
    case 2: { // the same instant spelled otherwise
      // ISO strings, and epoch milliseconds (Lever) under a name that says it is a time.
      const epochMs = (n: { path: Path; value: unknown }) => typeof n.value === 'number' && n.value > 1e12 && /(At|_at)$/.test(String(n.path[n.path.length - 1]));
      const stamps = nodes.filter((n) => (typeof n.value === 'string' && ISO.test(n.value)) || epochMs(n));
      const target = pick(stamps, choice.target);
      if (!target) return undefined;
      const iso = typeof target.value === 'number' ? new Date(target.value).toISOString() : target.value as string;
      const spelled = typeof target.value === 'number' && choice.variant % 2 === 0 ? String(target.value) : respell(iso, choice.variant);
      return { ...base, label: `${route}: ${target.path.join('.')} spelled ${spelled}`, expect: 'same', answers: withBody(scenario, route, set(target.path, () => spelled)) };
    }
    case 3: { // an optional field null
      const target = pick(answer.optional ?? [], choice.target);
      if (!target) return undefined;
      return { ...base, label: `${route}: ${target.join('.')} null`, expect: 'ok', answers: withBody(scenario, route, set(target, () => null)) };
    }
    case 4: { // an optional field absent
      const target = pick(answer.optional ?? [], choice.target);
      if (!target) return undefined;
      return { ...base, label: `${route}: ${target.join('.')} absent`, expect: 'ok', answers: withBody(scenario, route, remove(target)) };
    }
    case 5: { // an empty list
      const target = pick(answer.lists ?? [], choice.target);
      if (!target) return undefined;
      return { ...base, label: `${route}: ${target.join('.') || '(root)'} empty`, expect: 'ok', answers: withBody(scenario, route, set(target, () => [])) };
    }
    case 6: { // unicode text
      const target = pick(answer.texts ?? [], choice.target);
      if (!target) return undefined;
      return { ...base, label: `${route}: ${target.join('.')} = ${JSON.stringify(choice.text)}`, expect: 'ok', answers: withBody(scenario, route, set(target, () => choice.text)) };
    }
    case 7: { // a field the adapter needs is missing
      const target = pick(answer.required ?? [], choice.target);
      if (!target) return undefined;
      return { ...base, label: `${route}: ${target.join('.')} missing`, expect: 'invalid', answers: withBody(scenario, route, remove(target)) };
    }
    case 8: { // a write answered with any 2xx, with or without a body
      const writes = routes.filter((r) => scenario.answers[r]!.write);
      const write = pick(writes, choice.target);
      if (!write) return undefined;
      const status = [200, 201, 202, 204][choice.variant % 4]!;
      const text = [undefined, '{}', 'OK', JSON.stringify(scenario.answers[write]!.body ?? null), '{"data":null}', ''][choice.seconds % 6];
      const answers = servedAll(scenario);
      answers[write] = { status, ...(text === undefined ? {} : { text }), headers: { 'content-type': text === 'OK' ? 'text/plain' : 'application/json' } };
      return { ...base, label: `${write}: answered ${status} ${text === undefined ? '(no body)' : JSON.stringify(text)}`, expect: 'same-but-ids', answers };
    }
    case 9: { // an error status, any body, Retry-After in seconds or as a date
      const status = [400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504][choice.variant % 11]!;
      const text = errorBodies[choice.target % errorBodies.length];
      const seconds = 20 + choice.seconds;
      const retry = [undefined, String(seconds), new Date(NOW + seconds * 1000).toUTCString(), 'soon'][choice.seconds % 4];
      const retryAfter = status === 429 && retry !== undefined && retry !== 'soon' ? seconds : undefined;
      const answers = servedAll(scenario);
      answers[route] = { status, ...(text === undefined ? {} : { text }), headers: { 'content-type': text?.startsWith('<') ? 'text/html' : 'application/json', ...(retry ? { 'retry-after': retry } : {}) } };
      return { ...base, label: `${route}: ${status} ${text ?? '(no body)'} retry-after ${retry ?? '(none)'}`, expect: { status, ...(retryAfter ? { retryAfter } : {}) }, answers, tolerated: !!answer.errorTolerated };
    }
    case 11: { // Ashby's way to fail: HTTP 200 with success:false
      if (!scenario.name.startsWith('ashby')) return undefined;
      const answers = servedAll(scenario);
      const retryable = choice.variant % 2 === 0;
      answers[route] = { status: 200, text: JSON.stringify({ success: false, errorInfo: { code: retryable ? 'internal_error' : 'invalid_input', message: 'Ünïcode — message' }, errors: ['x'] }), headers: { 'content-type': 'application/json' } };
      return { ...base, label: `${route}: 200 success:false (${retryable ? 'retryable' : 'final'})`, expect: { status: retryable ? 503 : 422 }, answers };
    }
    case 12: { // a read answered 2xx with nothing readable (an empty body, a proxy's HTML page)
      if (answer.write) return undefined;
      const text = [undefined, '<html><body>Service temporarily unavailable</body></html>', '"ok"'][choice.variant % 3];
      const answers = servedAll(scenario);
      answers[route] = { status: 200, ...(text === undefined ? {} : { text }), headers: { 'content-type': text?.startsWith('<') ? 'text/html' : 'application/json' } };
      return { ...base, label: `${route}: 200 ${text ?? '(no body)'}`, expect: 'invalid', answers, tolerated: !!answer.errorTolerated };
    }
    default: { // a Link header spelled otherwise (or a page that is empty)
      const link = answer.headers?.link;
      if (!link) return undefined;
      const url = /<([^>]+)>/.exec(link)![1]!;
      const spellings = linkSpellings(url);
      const spelled = spellings[choice.variant % spellings.length]!;
      const answers = servedAll(scenario);
      answers[route] = { ...answers[route]!, headers: { ...answers[route]!.headers, link: spelled } };
      return { ...base, label: `${route}: Link: ${spelled}`, expect: 'same', answers };
    }
  }
}

const baselines = new Map<Scenario, Outcome>();
async function baseline(scenario: Scenario): Promise<Outcome> {
  let known = baselines.get(scenario);
  if (!known) {
    known = await runScenario(scenario, servedAll(scenario), 0);
    baselines.set(scenario, known);
  }
  return known;
}

const withoutIds = (value: unknown) => JSON.parse(JSON.stringify(value, (k, v) => (k === 'noteId' || k === 'attachmentId' ? undefined : v)));

let run = 0;
async function check(m: Mutation): Promise<void> {
  const before = await baseline(m.scenario);
  const after = await runScenario(m.scenario, m.answers, ++run);
  const where = `${m.scenario.name} — ${m.label}`;
  if (!after.ok && !(after.error instanceof AtsApiError)) {
    throw new Error(`${where}: threw a ${(after.error as Error)?.name ?? typeof after.error}, not an AtsApiError: ${(after.error as Error)?.stack ?? String(after.error)}`);
  }
  const failure = () => (after.ok ? 'succeeded' : `${(after.error as AtsApiError).code}: ${(after.error as Error).message}`);
  switch (m.expect) {
    case 'same':
      expect(after.ok, `${where}: ${failure()}`).toBe(true);
      expect(after.value, where).toEqual(before.value);
      return;
    case 'same-but-ids':
      expect(after.ok, `${where}: ${failure()}`).toBe(true);
      expect(withoutIds(after.value), where).toEqual(withoutIds(before.value));
      return;
    case 'ok':
      expect(after.ok, `${where}: ${failure()}`).toBe(true);
      return;
    case 'invalid':
      if (after.ok && m.tolerated) return;
      expect(after.ok, `${where}: a missing required field was not noticed`).toBe(false);
      expect((after.error as AtsApiError).code, `${where}: ${failure()}`).toBe('INVALID_RESPONSE');
      expect((after.error as AtsApiError).retryable, where).toBe(false);
      return;
    default: {
      const { status, retryAfter } = m.expect;
      if (after.ok) {
        // Only a call whose failure the adapter absorbs by design (or that this operation does not always make).
        expect(m.tolerated, `${where}: an error answer was taken as success`).toBe(true);
        return;
      }
      const error = after.error as AtsApiError;
      expect(error.retryable, `${where}: ${failure()}`).toBe(status === 429 || status >= 500);
      // The message is stored and logged: contact data quoted by the ATS stays out.
      expect(error.message, where).not.toMatch(/ada\.lovelace@example\.com|604 555 0199/);
      if (status === 429) {
        if (retryAfter !== undefined) expect(Math.abs(error.retryAfterSeconds! - retryAfter), `${where}: Retry-After not honoured (${error.retryAfterSeconds})`).toBeLessThanOrEqual(1);
      }
    }
  }
}

const choices = fc.record({
  scenario: fc.nat(),
  kind: fc.nat(),
  route: fc.nat(),
  target: fc.nat(),
  variant: fc.nat(),
  text: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  seconds: fc.nat({ max: 3600 }),
});

if (process.env.ATS_API_SURVEY) {
  it('survey', async () => {
    const seen = new Map<string, string>();
    for (const choice of fc.sample(choices, { numRuns: Number(process.env.ATS_API_SURVEY), seed: RUN_SEED })) {
      const m = mutation(choice);
      if (!m) continue;
      try { await check(m); } catch (e) {
        const key = `${m.scenario.name} | ${m.label.replace(/[0-9]+/g, 'N').slice(0, 70)}`;
        if (!seen.has(key)) seen.set(key, (e as Error).message.split('\n')[0]!.slice(0, 300));
      }
    }
    console.log([...seen].map(([k, v]) => `${k}\n    ${v}`).join('\n'));
  }, 600_000);
}

describe('ATS API answers: what the adapters read', () => {
  it('every documented sample works as it is (the scenarios are right)', async () => {
    for (const scenario of scenarios) {
      const outcome = await baseline(scenario);
      expect(outcome.unmatched, scenario.name).toEqual([]);
      expect(outcome.ok, `${scenario.name}: ${(outcome.error as Error)?.message}`).toBe(true);
    }
  });

  it('mutated answers: no crash, the same result for what the docs allow, a clear AtsApiError for what they do not', async () => {
    await fc.assert(
      fc.asyncProperty(choices, async (choice) => {
        const m = mutation(choice);
        if (m) await check(m);
      }),
      { numRuns: RUNS, seed: RUN_SEED },
    );
  }, 60_000);
});
