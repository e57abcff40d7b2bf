import type { ApplicationPage, AtsApplicationListing, ListedApplication, StageRef } from '#shared/ports/ops-ats-listing';
import type { DeadLetterInbox, HeldMessage, ParkedMessage, RawQueueSender } from '#shared/ports/ops-dead-letters';
import type { BackfillCheckpoint, CheckpointStore, ProgressReporter } from '#shared/ports/ops-progress';
import type { ProviderUsage, ProviderWebhookAdmin, ProviderWebhookInfo } from '#shared/ports/ops-provider-admin';
import type { PendingSchedule, ScheduleListing } from '#shared/ports/ops-schedules';

/** In-memory versions of the operator ports, behaving like SQS/Scheduler/ATS where a test relies on it. */

/** A DLQ. FIFO: only the first message of a group can be held, and not while another of the group is held. */
export class FakeDeadLetterInbox implements DeadLetterInbox {
  readonly name = 'events DLQ';
  private readonly messages: { message: ParkedMessage; held?: string }[] = [];
  private handles = 0;
  readonly removed: string[] = [];
  constructor(private readonly fifo = true) {}

  add(...messages: ParkedMessage[]): this {
    for (const message of messages) this.messages.push({ message: structuredClone(message) });
    return this;
  }

  ids(): string[] {
    return this.messages.map((m) => m.message.messageId);
  }

  async approximateCount(): Promise<number> {
    return this.messages.length;
  }

  private available(): { message: ParkedMessage; held?: string }[] {
    if (!this.fifo) return this.messages.filter((m) => !m.held);
    const heads = new Map<string, { message: ParkedMessage; held?: string }>();
    for (const m of this.messages) {
      const group = m.message.groupId ?? m.message.messageId;
      if (!heads.has(group)) heads.set(group, m);
    }
    return [...heads.values()].filter((m) => !m.held);
  }

  async peek(max: number): Promise<ParkedMessage[]> {
    return this.available().slice(0, max).map((m) => structuredClone(m.message));
  }

  async hold(max: number): Promise<HeldMessage[]> {
    return this.available().slice(0, Math.min(10, max)).map((m) => {
      m.held = `h${++this.handles}`;
      return { ...structuredClone(m.message), handle: m.held };
    });
  }

  async release(message: HeldMessage): Promise<void> {
    const found = this.messages.find((m) => m.held === message.handle);
    if (found) delete found.held;
  }

  private removeFailures = 0;
  /** The next remove throws (sent, but the run dies before the delete). */
  failRemoveOnce(): this {
    this.removeFailures += 1;
    return this;
  }

  async remove(message: HeldMessage): Promise<void> {
    if (this.removeFailures > 0) {
      this.removeFailures -= 1;
      throw new Error('interrupted before the delete');
    }
    const i = this.messages.findIndex((m) => m.held === message.handle);
    if (i >= 0) {
      this.removed.push(this.messages[i]!.message.messageId);
      this.messages.splice(i, 1);
    }
  }

  /** Like a visibility timeout running out after an interrupted run. */
  expireHolds(): void {
    for (const m of this.messages) delete m.held;
  }
}

export class RecordingRawSender implements RawQueueSender {
  readonly sent: { body: string; groupId: string; deduplicationId: string }[] = [];
  private failAfter: number | undefined;
  /** The send after `n` more successful ones throws (a crash mid-redrive). */
  crashAfter(n: number): this {
    this.failAfter = n;
    return this;
  }
  async sendRaw(message: { body: string; groupId: string; deduplicationId: string }): Promise<void> {
    if (this.failAfter !== undefined) {
      if (this.failAfter === 0) {
        this.failAfter = undefined;
        throw new Error('connection reset');
      }
      this.failAfter -= 1;
    }
    this.sent.push({ ...message });
  }
}

export class FakeScheduleListing implements ScheduleListing {
  readonly filters: { tenantId?: string; applicationId?: string }[] = [];
  constructor(readonly schedules: PendingSchedule[] = []) {}
  async list(filter: { tenantId?: string; applicationId?: string } = {}): Promise<PendingSchedule[]> {
    this.filters.push(filter);
    return structuredClone(this.schedules);
  }
}

/** An ATS listing served in pages; the cursor is the next page's index. */
export class FakeApplicationListing implements AtsApplicationListing {
  readonly source = 'greenhouse';
  readonly requests: { stage: StageRef; cursor?: string }[] = [];
  private failing = new Set<number>();
  constructor(public pages: ListedApplication[][]) {}
  /** Reading page `index` (0-based) fails once. */
  failOnce(index: number): this {
    this.failing.add(index);
    return this;
  }
  async listApplicationsInStage(stage: StageRef, cursor?: string): Promise<ApplicationPage> {
    this.requests.push({ stage, ...(cursor ? { cursor } : {}) });
    const index = cursor ? Number(cursor) : 0;
    if (this.failing.delete(index)) throw new Error(`page ${index} unavailable`);
    const applications = structuredClone(this.pages[index] ?? []);
    return { applications, ...(index + 1 < this.pages.length ? { nextCursor: String(index + 1) } : {}) };
  }
}

export class InMemoryCheckpointStore implements CheckpointStore {
  readonly location = 'memory://checkpoint';
  readonly saves: BackfillCheckpoint[] = [];
  current: BackfillCheckpoint | undefined;
  async load(): Promise<BackfillCheckpoint | undefined> {
    return this.current && structuredClone(this.current);
  }
  async save(checkpoint: BackfillCheckpoint): Promise<void> {
    this.current = structuredClone(checkpoint);
    this.saves.push(structuredClone(checkpoint));
  }
}

export class RecordingProgress implements ProgressReporter {
  readonly events: string[] = [];
  start(label: string, total?: number): void {
    this.events.push(`start ${label}${total === undefined ? '' : ` /${total}`}`);
  }
  advance(by = 1, note?: string): void {
    this.events.push(`+${by}${note ? ` ${note}` : ''}`);
  }
  finish(): void {
    this.events.push('finish');
  }
}

export class FakeProviderAdmin implements ProviderWebhookAdmin, ProviderUsage {
  readonly provider = 'instaview';
  readonly webhooks: (ProviderWebhookInfo & { token?: string })[] = [];
  readonly tested: string[] = [];
  readonly reset: string[] = [];
  readonly usageRequests: { start?: string; end?: string }[] = [];
  async listWebhooks(): Promise<ProviderWebhookInfo[]> {
    return this.webhooks.map(({ token: _token, ...w }) => ({ ...w }));
  }
  async registerWebhook(url: string, token: string) {
    const id = `wh_${this.webhooks.length + 1}`;
    this.webhooks.push({ id, url, token, isActive: true });
    return { id, signingSecret: `whsec_${id}` };
  }
  async testWebhook(id: string) {
    this.tested.push(id);
    return { success: true, httpStatus: 200, durationMs: 12 };
  }
  async resetWebhookCircuit(id: string) {
    this.reset.push(id);
  }
  async usageByCompany(range: { start?: string; end?: string }) {
    this.usageRequests.push(range);
    return [{ companyId: 'c1', companyName: 'Acme', billingSystem: 'credits' as const, used: 42, interviews: 7 }];
  }
}
