import { randomBytes } from 'node:crypto';
import type { Clock } from '#shared/ports/clock';
import { accessDenied, notFound } from './http.ts';
import type {
  Agent, CallOutcome, Candidate, Company, CreditPricing, Delivery, InstaViewSandboxOptions, Interview, Job, SandboxKey, Webhook,
} from './types.ts';

/** In-memory data of the sandbox and the company-isolation rules every route applies. */

export interface KeyRecord extends SandboxKey {
  id: string;
}

/** Who is calling and for which company (undefined: an ATS key on a route where companyId is optional). */
export interface Actor {
  key: KeyRecord;
  companyId?: string;
}

export class SandboxStore {
  readonly keys: KeyRecord[];
  readonly companies = new Map<string, Company>();
  readonly agents = new Map<string, Agent>();
  readonly jobs = new Map<string, Job>();
  readonly candidates = new Map<string, Candidate>();
  readonly interviews = new Map<string, Interview>();
  readonly webhooks = new Map<string, Webhook>();
  readonly deliveries: Delivery[] = [];
  /** Billed call minutes (test interviews are not billed). */
  readonly usage: { companyId: string; interviewId: string; minutes: number; at: string }[] = [];
  /** Outcomes set through /__sandbox/outcomes; they win over options.callOutcome. */
  readonly outcomesByCandidate = new Map<string, CallOutcome>();
  readonly outcomesByPhone = new Map<string, CallOutcome>();
  /** Companies billed in credits (the rest: minutes). */
  readonly creditPricing = new Map<string, CreditPricing>();

  constructor(options: InstaViewSandboxOptions, private readonly clock: Clock) {
    this.keys = options.keys.map((key, i) => ({ ...key, id: `key_${i + 1}` }));
    for (const [companyId, pricing] of Object.entries(options.billing ?? {})) this.creditPricing.set(companyId, pricing);
    for (const key of this.keys) this.ensureCompany(key.companyId);
    for (const agent of options.seed?.agents ?? []) {
      this.ensureCompany(agent.companyId);
      this.agents.set(agent.id, { name: agent.id, ...agent, createdAt: this.nowIso() });
    }
    for (const job of options.seed?.jobs ?? []) {
      this.ensureCompany(job.companyId);
      this.jobs.set(job.id, { ...job, status: 'OPEN', createdAt: this.nowIso() });
    }
  }

  nowIso(): string {
    return this.clock.now().toISOString();
  }

  newId(prefix: string): string {
    return `${prefix}_${randomBytes(8).toString('hex')}`;
  }

  keyFor(apiKey: string): KeyRecord | undefined {
    return this.keys.find((k) => k.apiKey === apiKey);
  }

  canActFor(key: KeyRecord, companyId: string): boolean {
    if (key.companyId === companyId) return true;
    return !!key.ats && !!this.companies.get(companyId)?.atsKeyIds.includes(key.id);
  }

  /** Companies the actor sees in lists: the acting one, or all an ATS key may act for. */
  visibleCompanies(actor: Actor): string[] {
    if (actor.companyId !== undefined) return [actor.companyId];
    return [...this.companies.keys()].filter((id) => this.canActFor(actor.key, id));
  }

  canSee(actor: Actor, companyId: string | null): boolean {
    if (companyId === null) return false;
    return actor.companyId !== undefined ? actor.companyId === companyId : this.canActFor(actor.key, companyId);
  }

  /** 404 when missing or deleted, 403 when it belongs to another company. */
  owned<T extends { companyId: string | null; deletedAt?: string }>(map: Map<string, T>, resourceType: string, id: string, actor: Actor): T {
    const item = map.get(id);
    if (!item || item.deletedAt) throw notFound(resourceType, id);
    if (!this.canSee(actor, item.companyId)) throw accessDenied(resourceType, id);
    return item;
  }

  ensureCompany(id: string, atsKeyId?: string): Company {
    let company = this.companies.get(id);
    if (!company) {
      company = { id, name: id, metadata: {}, atsKeyIds: [], createdAt: this.nowIso(), updatedAt: this.nowIso() };
      this.companies.set(id, company);
    }
    if (atsKeyId && !company.atsKeyIds.includes(atsKeyId)) company.atsKeyIds.push(atsKeyId);
    return company;
  }

  presentCandidate(c: Candidate) {
    const interviews = [...this.interviews.values()].filter((i) => i.candidateId === c.id && !i.deletedAt);
    const { companyId: _c, deletedAt: _d, ...rest } = c;
    return {
      ...rest,
      overallRating: null,
      analysisCount: interviews.filter((i) => i.analysis).length,
      interviewCount: interviews.length,
      links: { analyses: `/candidates/${c.id}/analyses`, interviews: `/interviews?candidateId=${c.id}` },
    };
  }

  presentInterview(i: Interview) {
    const { companyId: _c, deletedAt: _d, ...rest } = i;
    return structuredClone(rest);
  }

  presentWebhook(w: Webhook) {
    const { signingSecret: _s, headers, ...rest } = w;
    return { ...rest, headers: headers.map((h) => ({ name: h.name, isMasked: true })) };
  }

  presentCompany(c: Company) {
    const { atsKeyIds: _a, ...rest } = c;
    return rest;
  }

  snapshot() {
    return structuredClone({
      now: this.nowIso(),
      companies: [...this.companies.values()],
      agents: [...this.agents.values()],
      jobs: [...this.jobs.values()],
      candidates: [...this.candidates.values()],
      interviews: [...this.interviews.values()],
      webhooks: [...this.webhooks.values()],
      deliveries: this.deliveries,
      usage: this.usage,
      billing: Object.fromEntries(this.creditPricing),
      outcomes: { byCandidate: Object.fromEntries(this.outcomesByCandidate), byPhone: Object.fromEntries(this.outcomesByPhone) },
    });
  }
}

export type SandboxSnapshot = ReturnType<SandboxStore['snapshot']>;
