import { randomBytes } from 'node:crypto';
import type { Clock } from '#shared/ports/clock';

/**
 * What every ATS stand-in keeps, in one source-neutral shape: seeded candidates,
 * applications, stages and dictionaries (each vendor module renders them in its own API's
 * shape), and what the bridge wrote (notes, tags, custom fields, stage moves), so a test
 * can assert on any stand-in the same way.
 */

export interface SeedCandidate {
  id: string;
  firstName: string;
  lastName: string;
  emails: string[];
  phones: { value: string; type?: string }[];
  location?: { city?: string; region?: string; countryCode?: string };
  tags?: string[];
}

export interface SeedApplication {
  id: string;
  candidateId: string;
  jobId: string;
  stageId: string;
  status?: 'active' | 'rejected' | 'hired';
}

export interface AtsSandboxSeed {
  candidates: SeedCandidate[];
  applications: SeedApplication[];
  stages: { id: string; name: string }[];
  /** Tag dictionary (Greenhouse candidate_tags, Ashby candidateTag.list). */
  tags?: { id: string; name: string }[];
  customFields?: { id: string; name: string }[];
}

export interface SandboxNote {
  id: string;
  /** The entity the note hangs on (candidate, opportunity, application), by its id. */
  on: string;
  body: string;
  format: 'text' | 'html';
  visibility?: string;
  author?: string;
  at: string;
}

/** A file the bridge attached (the provider's report); the bytes are kept as their size and first bytes. */
export interface SandboxFile {
  id: string;
  on: string;
  filename: string;
  contentType?: string;
  size: number;
  /** The first bytes as text ("%PDF-" for a PDF), so a test can tell what arrived. */
  head: string;
  type?: string;
  visibility?: string;
  at: string;
}

export interface AtsSandboxState {
  notes: SandboxNote[];
  files: SandboxFile[];
  /** Tags by the entity carrying them (candidate or opportunity id). */
  tags: Record<string, string[]>;
  customFields: { objectId: string; fieldId: string; value: unknown; at: string }[];
  stageMoves: { applicationId: string; from?: string; to: string; at: string }[];
  applications: Required<SeedApplication>[];
  /** Deliveries received (generic callback stand-in). */
  callbacks: { deliveryId?: string; signatureValid: boolean; body: unknown; at: string }[];
  requests: { method: string; route: string; status: number; at: string }[];
  tokensIssued: number;
}

export class AtsSandboxStore {
  readonly candidates = new Map<string, SeedCandidate>();
  readonly applications = new Map<string, Required<SeedApplication>>();
  readonly stages: { id: string; name: string }[];
  readonly tagDictionary: { id: string; name: string }[];
  readonly customFieldDictionary: { id: string; name: string }[];
  readonly notes: SandboxNote[] = [];
  readonly files: SandboxFile[] = [];
  readonly tags = new Map<string, string[]>();
  readonly customFields: AtsSandboxState['customFields'] = [];
  readonly stageMoves: AtsSandboxState['stageMoves'] = [];
  readonly callbacks: AtsSandboxState['callbacks'] = [];
  readonly requests: AtsSandboxState['requests'] = [];
  tokensIssued = 0;

  constructor(seed: AtsSandboxSeed, private readonly clock: Clock) {
    this.stages = [];
    this.tagDictionary = [];
    this.customFieldDictionary = [];
    this.add(seed);
  }

  /**
   * Adds (or replaces, by id) candidates, applications, stages and dictionary entries. Used at
   * start and by `POST /__sandbox/seed`: a webhook the user builds for their own candidate
   * needs that candidate in the stand-in too, or the profile read and the note answer 404.
   */
  add(seed: Partial<AtsSandboxSeed>): void {
    for (const c of seed.candidates ?? []) {
      this.candidates.set(c.id, structuredClone(c));
      if (c.tags?.length) this.tags.set(c.id, [...c.tags]);
    }
    for (const a of seed.applications ?? []) this.applications.set(a.id, { status: 'active', ...a });
    const upsert = <T extends { id: string }>(list: T[], items: T[] | undefined) => {
      for (const item of items ?? []) {
        const at = list.findIndex((x) => x.id === item.id);
        if (at === -1) list.push({ ...item });
        else list[at] = { ...item };
      }
    };
    upsert(this.stages, seed.stages);
    upsert(this.tagDictionary, seed.tags);
    upsert(this.customFieldDictionary, seed.customFields);
  }

  nowIso(): string {
    return this.clock.now().toISOString();
  }

  newId(prefix: string): string {
    return `${prefix}${randomBytes(6).toString('hex')}`;
  }

  stage(id: string): { id: string; name: string } | undefined {
    return this.stages.find((s) => s.id === id);
  }

  addNote(note: Omit<SandboxNote, 'id' | 'at'>, id = this.newId('note_')): SandboxNote {
    const stored = { ...note, id, at: this.nowIso() };
    this.notes.push(stored);
    return stored;
  }

  addFile(on: string, file: { filename: string; contentType?: string; content: Uint8Array; type?: string; visibility?: string }): SandboxFile {
    const { content, ...rest } = file;
    const stored = { ...rest, id: this.newId('file_'), on, size: content.byteLength, head: Buffer.from(content.subarray(0, 8)).toString('latin1'), at: this.nowIso() };
    this.files.push(stored);
    return stored;
  }

  tagsOf(entity: string): string[] {
    return this.tags.get(entity) ?? [];
  }

  /** Adds a tag unless present (case-insensitive); true when added. */
  addTag(entity: string, tag: string): boolean {
    const current = this.tagsOf(entity);
    if (current.some((t) => t.toLowerCase() === tag.toLowerCase())) return false;
    this.tags.set(entity, [...current, tag]);
    return true;
  }

  setTags(entity: string, tags: string[]): void {
    this.tags.set(entity, [...tags]);
  }

  setField(objectId: string, fieldId: string, value: unknown): void {
    this.customFields.push({ objectId, fieldId, value, at: this.nowIso() });
  }

  move(applicationId: string, to: string): void {
    const application = this.applications.get(applicationId);
    this.stageMoves.push({ applicationId, ...(application ? { from: application.stageId } : {}), to, at: this.nowIso() });
    if (application) application.stageId = to;
  }

  snapshot(): AtsSandboxState {
    return structuredClone({
      notes: this.notes,
      files: this.files,
      tags: Object.fromEntries(this.tags),
      customFields: this.customFields,
      stageMoves: this.stageMoves,
      applications: [...this.applications.values()],
      callbacks: this.callbacks,
      requests: this.requests,
      tokensIssued: this.tokensIssued,
    });
  }
}

/** A seed that works out of the box for each ATS (its stage ids look like that ATS's). */
export function defaultSeed(source: string): AtsSandboxSeed {
  // Ids as each ATS gives them for these names, so a rule by name matches what the bridge reads:
  // SmartRecruiters names a stage by its sub-status ("STATUS:Sub-status"), Workable by the name's slug.
  const stageIds = source === 'smartrecruiters' ? ['IN_REVIEW:AI Phone Screen', 'INTERVIEW', 'OFFER']
    : source === 'workable' ? ['ai-phone-screen', 'interview', 'offer']
      : ['4001', '4002', '4003'];
  const candidateId = '1001';
  const jobId = '3001';
  const applicationId = source === 'workable' ? candidateId : source === 'smartrecruiters' ? `${candidateId}:${jobId}` : '2001';
  return {
    candidates: [{
      id: candidateId,
      firstName: 'Ada',
      lastName: 'Lovelace',
      emails: ['ada.lovelace@example.com'],
      phones: [{ value: '+1 604 555 0199', type: 'mobile' }],
      location: { city: 'Vancouver', region: 'BC', countryCode: 'CA' },
    }],
    applications: [{ id: applicationId, candidateId, jobId, stageId: stageIds[0]!, status: 'active' }],
    stages: [{ id: stageIds[0]!, name: 'AI Phone Screen' }, { id: stageIds[1]!, name: 'Interview' }, { id: stageIds[2]!, name: 'Offer' }],
    tags: [{ id: '5001', name: 'ai-pass' }, { id: '5002', name: 'ai-fail' }, { id: '5003', name: 'ai-no-show' }],
    customFields: [{ id: '6001', name: 'AI interview score' }],
  };
}
