import * as z from 'zod';
import { apiBaseUrl } from '../../config/common.ts';

/** DRVN ids are numbers in the docs' samples; config may write them either way. */
const drvnId = z.union([z.string().min(1), z.number().int().positive()]).transform(String);

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
