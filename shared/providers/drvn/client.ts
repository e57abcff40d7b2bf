import { ProviderError } from '#shared/ports/interview-provider';
import { drvnInterviewResponseSchema, type DrvnInterview } from './schemas.ts';
import { unreadableAnswerMayPass, unreadableAnswerNote } from '../http/unreadable-answer.ts';
import { DrvnTransport, drvnErrorCodes, refusalIn200, type DrvnRequestSpec, type DrvnTransportOptions } from './transport.ts';

/**
 * Every path, parameter name and encoding choice of the DRVN client, one line each.
 * The docs list the parameters in Rails form style (`interview[start_at]`); Rails reads
 * the same names from a nested JSON body, which is what we send unless `encoding` says 'form'.
 * Values go in the types the documented requests show: integer ids (`"interviewee_id": 274`)
 * and UTC times (`"start_at": "2025-01-22T13:12:53Z"`), whatever form config and slot use.
 */
export const DRVN_API = {
  paths: {
    interviews: '/api/v1/interviews/',
    amend: '/api/v1/interviews/{id}/amend',
    accept: '/api/v1/interviews/{id}/accept',
    /** Not documented (no list/show pages found). Set to '/api/v1/interviews/{id}' once DRVN confirms one. */
    show: null as string | null,
  },
  /** 'json': {"interview": {...}}; 'form': interview[kind]=…&interview[start_at]=… */
  encoding: 'json' as 'json' | 'form',
  root: 'interview',
  fields: {
    kind: 'kind',
    startAt: 'start_at',
    endAt: 'end_at',
    intervieweeId: 'interviewee_id',
    interviewerId: 'interviewer_id',
    location: 'location',
    amendStartAt: 'amend_start_at',
    amendEndAt: 'amend_end_at',
  },
};

const P = DRVN_API.paths;
const F = DRVN_API.fields;

/** An instant as the docs send it: UTC to the second, `2025-01-22T13:12:53Z` (any ISO 8601 input). */
export function drvnTime(iso: string, field: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new ProviderError(`DRVN ${field}: not an ISO 8601 time`, drvnErrorCodes.invalidRequest, false);
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * An id as the docs send it: an integer when that integer is the same id (config may write it
 * as text), else as given: never another id ("007" is not 7; config refuses both kinds).
 */
export function drvnId(id: string): string | number {
  const integer = Number(id);
  return /^\d+$/.test(id) && Number.isSafeInteger(integer) && String(integer) === id ? integer : id;
}

export interface DrvnClientOptions extends DrvnTransportOptions {
  encoding?: 'json' | 'form';
  /** Overrides DRVN_API.paths.show (null: no show endpoint). */
  showPath?: string | null;
}

export interface CreateDrvnInterviewInput {
  kind: string;
  /** ISO 8601 (the slot carries the candidate's offset); sent as UTC. */
  startAt: string;
  endAt: string;
  intervieweeId: string;
  interviewerId: string;
  location?: string;
}

export class DrvnClient {
  private readonly http: DrvnTransport;
  private readonly form: boolean;
  readonly showPath: string | null;

  constructor(options: DrvnClientOptions) {
    this.http = new DrvnTransport(options);
    this.form = (options.encoding ?? DRVN_API.encoding) === 'form';
    this.showPath = options.showPath === undefined ? P.show : options.showPath;
  }

  /** 200 (not 201) with the new interview, status "pending". Not idempotent. */
  async createInterview(input: CreateDrvnInterviewInput): Promise<DrvnInterview> {
    const fields: Record<string, unknown> = {
      [F.kind]: input.kind,
      [F.startAt]: drvnTime(input.startAt, F.startAt),
      [F.endAt]: drvnTime(input.endAt, F.endAt),
      [F.intervieweeId]: drvnId(input.intervieweeId),
      [F.interviewerId]: drvnId(input.interviewerId),
    };
    if (input.location !== undefined) fields[F.location] = input.location;
    return this.call({ method: 'POST', path: P.interviews, body: { [DRVN_API.root]: fields }, idempotent: false });
  }

  /** Proposes new times (status "amended", amended_by "interviewer"). Repeating it proposes the same times. */
  async amendInterview(id: string, slot: { startAt: string; endAt: string }): Promise<DrvnInterview> {
    const body = { [DRVN_API.root]: { [F.amendStartAt]: drvnTime(slot.startAt, F.amendStartAt), [F.amendEndAt]: drvnTime(slot.endAt, F.amendEndAt) } };
    return this.call({ method: 'POST', path: P.amend, params: { id }, body, idempotent: true });
  }

  /** Status "scheduled". Empty body. */
  async acceptInterview(id: string): Promise<DrvnInterview> {
    return this.call({ method: 'POST', path: P.accept, params: { id }, idempotent: true });
  }

  /** Only when a show endpoint is configured; callers check `showPath` first. */
  async getInterview(id: string): Promise<DrvnInterview> {
    if (!this.showPath) throw new Error('DRVN documents no endpoint that reads an interview (DRVN_API.paths.show is null)');
    return this.call({ method: 'GET', path: this.showPath, params: { id }, idempotent: true });
  }

  private async call(spec: Omit<DrvnRequestSpec, 'form'>): Promise<DrvnInterview> {
    const data = await this.http.request({ ...spec, form: this.form });
    const parsed = drvnInterviewResponseSchema.safeParse(data);
    if (parsed.success) return parsed.data;
    // A 200 carrying only Rails' error keys refused the request: nothing was booked.
    const refusal = refusalIn200(`DRVN ${spec.method} ${spec.path}`, data);
    if (refusal) throw refusal;
    const where = parsed.error.issues.slice(0, 3).map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ProviderError(
      `DRVN ${spec.method} ${spec.path}: unexpected response (${where})${unreadableAnswerNote(spec.idempotent)}`,
      drvnErrorCodes.invalidResponse, unreadableAnswerMayPass(spec.idempotent, data),
    );
  }
}
