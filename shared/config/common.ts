import * as z from 'zod';

/** Building blocks shared by the bridge config and each ATS / provider folder's own config schema. */

// Kept in the zone database's own spelling: "europe/bratislava" is valid to Intl, but the
// holiday calendars and country tables look zones up by their exact name.
export const ianaZone = z.string().refine(isTimeZone, { message: 'not an IANA time zone (e.g. "Europe/Bratislava")' }).transform(canonicalZone);

function canonicalZone(zone: string): string {
  const canonical = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  // Only the case: Intl also maps new names to old links (Europe/Kyiv → Europe/Kiev on older ICU).
  return canonical.toLowerCase() === zone.toLowerCase() ? canonical : zone;
}

/** The runtime's own zone database (Intl), so the webhook functions need no date library. */
function isTimeZone(zone: string): boolean {
  if (!zone.includes('/') && zone !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
export const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time must be HH:MM (24 h)');
export const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lowercase letters, digits and "-", at most 40 characters');
/** An API base URL; "sandbox" in local mode means "the local stand-in". */
export const apiBaseUrl = z.string().refine((v) => v === 'sandbox' || /^https?:\/\/[^\s]+$/.test(v), { message: 'an http(s) URL, or "sandbox" in local mode' });

export const callWindowSchema = z.strictObject({
  days: z.array(weekday).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
  start: hhmm.default('09:00'),
  end: hhmm.default('18:00'),
  /** Optional different hours on some days (e.g. Saturday 10:00–14:00). */
  weekend: z.strictObject({ days: z.array(weekday).min(1).default(['sat']), start: hhmm, end: hhmm })
    .refine((w) => w.start < w.end, { message: 'start must be before end', path: ['end'] })
    .optional(),
  /** Skip the public holidays of the candidate's country (date-holidays). */
  skipPublicHolidays: z.boolean().default(false),
}).refine((w) => !/^\d\d:\d\d$/.test(w.start) || !/^\d\d:\d\d$/.test(w.end) || w.start < w.end, { message: 'start must be before end', path: ['end'] });
export type CallWindowConfig = z.infer<typeof callWindowSchema>;

const retryFields = {
  minGapMinutes: z.number().int().min(15),
  /** Calls placed in all for one interview, the first included. */
  maxAttempts: z.number().int().min(1).max(20),
  maxSpanDays: z.number().min(0.5).max(30),
  /** Separate budget when the candidate answered but the interview did not complete. */
  maxIncompleteAttempts: z.number().int().min(0).max(10),
  /** Spread of first calls after a window opens, so thousands of candidates do not ring at 09:00:00. */
  jitterMinutes: z.number().int().min(0).max(240),
};

export const retryPolicySchema = z.strictObject({
  minGapMinutes: retryFields.minGapMinutes.default(120),
  maxAttempts: retryFields.maxAttempts.default(4),
  maxSpanDays: retryFields.maxSpanDays.default(5),
  maxIncompleteAttempts: retryFields.maxIncompleteAttempts.default(2),
  jitterMinutes: retryFields.jitterMinutes.default(30),
});
export type RetryPolicy = z.infer<typeof retryPolicySchema>;

/**
 * A rule's retry block: only the fields it names override the tenant's policy. (zod 4's
 * `.partial()` keeps each field's default, so `{maxAttempts: 8}` would reset the others.)
 */
export const retryOverrideSchema = z.strictObject({
  minGapMinutes: retryFields.minGapMinutes.optional(),
  maxAttempts: retryFields.maxAttempts.optional(),
  maxSpanDays: retryFields.maxSpanDays.optional(),
  maxIncompleteAttempts: retryFields.maxIncompleteAttempts.optional(),
  jitterMinutes: retryFields.jitterMinutes.optional(),
});

const tagsSchema = z.strictObject({ pass: z.string().optional(), fail: z.string().optional(), noShow: z.string().optional() });
const customFieldValue = z.enum(['score', 'recommendation', 'outcome']);
/**
 * The score is compared as the provider gives it (never rescaled: see README "Score scales"),
 * so the threshold is on that provider's scale; a rule may set its own (ruleWriteBackSchema).
 */
const threshold = z.number();

/**
 * What goes back into the ATS when an interview ends. The note is on by default; tags,
 * a custom field and a stage move by score are opt-in per tenant (and source).
 */
export const writeBackSchema = z.strictObject({
  note: z.boolean().default(true),
  /** Note visibility where the ATS has one (Greenhouse: admin_only | private | public). */
  noteVisibility: z.string().optional(),
  tags: tagsSchema.optional(),
  customField: z.strictObject({ id: z.string().min(1), value: customFieldValue.default('score') }).optional(),
  moveStage: z.strictObject({ threshold, passStageId: z.string().optional(), failStageId: z.string().optional() }).optional(),
}).default({ note: true });
export type WriteBackConfig = z.infer<typeof writeBackSchema>;

/**
 * A rule's writeBack: merged key by key over its source's (or the tenant's) for that rule's
 * interviews (shared/config/write-back-settings.ts). Every key is optional and has no default,
 * so a rule giving only `moveStage.threshold` keeps the stage ids it does not name; `null` for
 * `tags`, `customField` or `moveStage` turns that step off for the rule.
 */
export const ruleWriteBackSchema = z.strictObject({
  note: z.boolean().optional(),
  noteVisibility: z.string().optional(),
  tags: tagsSchema.nullable().optional(),
  customField: z.strictObject({ id: z.string().min(1).optional(), value: customFieldValue.optional() }).nullable().optional(),
  moveStage: z.strictObject({ threshold: threshold.optional(), passStageId: z.string().optional(), failStageId: z.string().optional() }).nullable().optional(),
});
export type RuleWriteBackConfig = z.infer<typeof ruleWriteBackSchema>;
