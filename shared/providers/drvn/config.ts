import * as z from 'zod';
import { apiBaseUrl } from '../../config/common.ts';

/**
 * DRVN ids are integers in the docs' samples; config may write them as numbers or text, and
 * digits go out as JSON integers (client.ts drvnId). Refused here, naming the key: an id that
 * would reach DRVN as another one. Ids that are not digits pass as text, as before.
 */
const drvnId = z.union([z.string().min(1), z.number()]).superRefine((id, ctx) => {
  const problem = wouldChangeOnTheWire(id);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}).transform(String);

function wouldChangeOnTheWire(id: string | number): string | undefined {
  const tooBig = `is above ${Number.MAX_SAFE_INTEGER} (2^53 − 1), past which integers lose digits in JSON`;
  if (typeof id === 'number') {
    if (!Number.isInteger(id) || id <= 0) return 'must be a positive whole number';
    return Number.isSafeInteger(id) ? undefined : `${tooBig} (it already did when the file was read); DRVN would get another id`;
  }
  if (!/^\d+$/.test(id)) return undefined;
  if (id.length > 1 && id.startsWith('0')) return 'has a leading zero: DRVN ids are integers, so it would be sent without it, as another id; write it as DRVN shows it';
  return Number.isSafeInteger(Number(id)) ? undefined : `${tooBig}: it cannot be sent as the integer DRVN documents`;
}

export const drvnConfigSchema = z.strictObject({
  /** Host root; paths carry /api/v1. */
  baseUrl: apiBaseUrl.default('https://drvn-test.click'),
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
});

export const drvnRuleSchema = z.strictObject({
  kind: z.enum(['video_call', 'in_person']).default('video_call'),
  interviewerId: drvnId,
  /** Meeting link or address. */
  location: z.string().optional(),
  durationMinutes: z.number().int().min(10).max(240).default(30),
  /** The slot is at least this far ahead, so the candidate can plan for it. */
  leadHours: z.number().min(0).max(336).default(24),
  /** Accept the interview on the interviewer's behalf right after creating it. */
  autoAccept: z.boolean().default(false),
  /** ATS candidate id → DRVN interviewee id (when the ATS carries no such field). */
  intervieweeMap: z.record(z.string(), drvnId).default({}),
});

export const drvnSecretsSchema = z.strictObject({
  /** Bearer JWT of the DRVN account. */
  jwt: z.string().min(1),
});
