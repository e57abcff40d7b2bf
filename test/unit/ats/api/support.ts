import type { WriteBackConfig } from '#shared/config/common';
import type { AtsApplicationRef, InterviewOutcome } from '#shared/ports/ats-api';
import type { Clock } from '#shared/ports/clock';

/** Shared fakes for the ATS client tests: a scripted fetch, a clock that sleeps by advancing. */

export class ManualClock implements Clock {
  private ms: number;
  readonly sleeps: number[] = [];

  constructor(start = '2026-09-15T10:00:00Z') {
    this.ms = Date.parse(start);
  }

  now(): Date {
    return new Date(this.ms);
  }

  advance(ms: number): void {
    this.ms += ms;
  }

  /** Inject as `sleep`: no real waiting, time moves on. */
  readonly sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.ms += ms;
  };
}

export interface FakeRequest {
  method: string;
  url: URL;
  path: string;
  headers: Headers;
  text: string;
  body: unknown;
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Throw this instead of answering (network failure). */
  error?: Error;
}

export function fakeFetch(handler: (req: FakeRequest) => Reply | Promise<Reply>) {
  const calls: FakeRequest[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const text = typeof init?.body === 'string' ? init.body : '';
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const req: FakeRequest = { method: init?.method ?? 'GET', url, path: url.pathname, headers: new Headers(init?.headers), text, body };
    calls.push(req);
    const reply = await handler(req);
    if (reply.error) throw reply.error;
    const status = reply.status ?? 200;
    return new Response(status === 204 || reply.body === undefined ? null : JSON.stringify(reply.body), { status, headers: reply.headers });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

/** Route table for fakeFetch: "POST /v1/x" → reply (or a function of the request). */
export function routes(table: Record<string, Reply | ((req: FakeRequest) => Reply)>, fallback: Reply = { status: 404, body: { message: 'no route' } }) {
  return (req: FakeRequest): Reply => {
    const entry = table[`${req.method} ${req.path}`];
    if (!entry) return fallback;
    return typeof entry === 'function' ? entry(req) : entry;
  };
}

export function refOf(overrides: Partial<AtsApplicationRef> = {}): AtsApplicationRef {
  return { tenantId: 'acme', source: 'test', applicationId: '2001', candidateId: '1001', jobIds: ['3001'], ...overrides };
}

export const CANDIDATE_EMAIL = 'ada.lovelace@example.com';
export const CANDIDATE_PHONE = '+1 604 555 0199';

/** A completed interview whose provider text quotes the candidate's contact details (they must not reach the ATS). */
export function completed(score = 82, extra: Partial<NonNullable<InterviewOutcome['result']>> = {}): InterviewOutcome {
  return {
    kind: 'completed',
    provider: 'instaview',
    providerInterviewId: 'iv_123',
    occurredAt: '2026-09-15T09:30:00Z',
    result: {
      outcome: 'completed',
      score,
      recommendation: 'advance',
      summary: `Clear communicator; asked us to reply to ${CANDIDATE_EMAIL} or call ${CANDIDATE_PHONE}.`,
      strongPoints: ['structured answers', 'knows TypeScript'],
      weakPoints: ['little AWS experience'],
      reportUrl: 'https://app.instaview.sk/reports/iv_123',
      fetchedAt: '2026-09-15T09:35:00Z',
      ...extra,
    },
  };
}

export function gaveUp(attempts = 4): InterviewOutcome {
  return { kind: 'gave_up', provider: 'instaview', providerInterviewId: 'iv_124', occurredAt: '2026-09-15T09:30:00Z', attempts, reason: 'every planned call went unanswered' };
}

export function settings(overrides: Partial<WriteBackConfig> = {}): WriteBackConfig {
  return { note: true, ...overrides };
}

/** Every opt-in step on: pass/fail/noShow tags, the score in a custom field, a move by threshold 70. */
export function everything(overrides: Partial<WriteBackConfig> = {}): WriteBackConfig {
  return {
    note: true,
    tags: { pass: 'ai-pass', fail: 'ai-fail', noShow: 'ai-no-show' },
    customField: { id: '6001', value: 'score' },
    moveStage: { threshold: 70, passStageId: '4002', failStageId: '4003' },
    ...overrides,
  };
}

export const noSleep = async (): Promise<void> => {};
