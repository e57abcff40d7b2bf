import * as z from 'zod';

/**
 * SmartRecruiters webhook bodies carry ids only (the `Link` header points at the changed
 * entity); the event's name, version and id travel in headers. The vendor's published
 * example bodies are `{"job_id":"jid","candidate_id":"cid"}` (signature docs) and
 * `{"id":"…"}` (receiving notifications). The status fields of
 * application.status.updated are not in the public docs: `status` / `subStatus` are read
 * when present (snake_case and camelCase alike), otherwise the status is left to the
 * profile fetch.
 */
const id = z.union([z.string().min(1), z.number().int()]).transform(String);
/**
 * The status fields are a guess (not in the public docs): read when they are text, otherwise
 * absent, so a wrong guess costs a profile fetch, not a refused delivery.
 */
const guessedText = z.unknown().transform((v) => (typeof v === 'string' && v.trim() ? v : undefined));

export const smartRecruitersBodySchema = z.preprocess(
  (value) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const v = value as Record<string, unknown>;
    return {
      // "The id of the changed resource is provided in the body", {"id": "…"}: what it names
      // depends on the event (a candidate for candidate.*), so normalize decides.
      id: typeof v.id === 'string' || typeof v.id === 'number' ? v.id : undefined,
      job_id: v.job_id ?? v.jobId,
      candidate_id: v.candidate_id ?? v.candidateId,
      application_id: v.application_id ?? v.applicationId,
      status: v.status,
      sub_status: v.sub_status ?? v.subStatus,
    };
  },
  z.object({
    id: id.nullish(),
    job_id: id.nullish(),
    candidate_id: id.nullish(),
    application_id: id.nullish(),
    status: guessedText,
    sub_status: guessedText,
  }),
);
export type SmartRecruitersBody = z.output<typeof smartRecruitersBodySchema>;
