import * as z from 'zod';

/**
 * The parts of Workable webhooks the bridge reads (workable.readme.io, "Candidate Events";
 * the data is shaped like GET /jobs/{shortcode}/candidates/{id}). Envelope:
 * `{ id, event_type, fired_at, resource_type, data }`. A Workable candidate belongs to one
 * job: `data.id` identifies the application as much as the person.
 */
const id = z.union([z.string().min(1), z.number().int()]).transform(String);
const text = z.string().nullish();
/** ISO 8601 in Workable's samples; epoch seconds or milliseconds are read too. */
const instant = z.union([z.string().min(1), z.number().nonnegative()]).nullish();

export const workableEnvelopeSchema = z.object({
  id: id.nullish(),
  event_type: z.string().min(1),
  fired_at: instant,
  resource_type: text,
  data: z.record(z.string(), z.unknown()).nullish().transform((v) => v ?? {}),
});

export const workableCandidateSchema = z.object({
  id,
  firstname: text,
  lastname: text,
  name: text,
  email: text,
  phone: text,
  address: text,
  location: z.object({
    location_str: text,
    city: text,
    region: text,
    region_code: text,
    country: text,
    country_code: text,
  }).nullish(),
  job: z.object({ shortcode: id, title: text }).nullish(),
  /** The stage's name ("Phone Screen", as candidate details give it) or its slug ("phone-screen"). */
  stage: text,
  /** The stage's kind (sourced, applied, …, hired): in candidate lists, read when a hook carries it. */
  stage_kind: text,
  disqualified: z.boolean().nullish(),
  withdrew: z.boolean().nullish(),
  hired_at: instant,
  updated_at: instant,
});
export type WorkableCandidate = z.output<typeof workableCandidateSchema>;
