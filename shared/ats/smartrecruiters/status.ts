import type { Stage } from '../../domain/messages.ts';

/**
 * One reading of a SmartRecruiters application status, for webhooks and API reads alike: the
 * fetched stage replaces the webhook's, so a rule that matches one must match the other. The
 * API spells some "IN-REVIEW", the help pages "In Review": case and separators do not count.
 */
export function statusCode(status: string): string {
  return status.trim().toUpperCase().replace(/[\s-]+/g, '_');
}

/** The stage a status stands for: "STATUS" named "Status", or "STATUS:Sub-status" named by the sub-status. */
export function stageOfStatus(code: string, subStatus?: string): Stage {
  return { id: subStatus ? `${code}:${subStatus}` : code, name: subStatus ?? titleOf(code) };
}

const titleOf = (code: string): string => code.toLowerCase().split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
