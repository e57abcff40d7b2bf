import type { InterviewOutcome } from '../ports/ats-api.ts';
import { redactText } from '../observability/redact.ts';

/**
 * The note a recruiter reads in the ATS when an interview ends: what happened in words,
 * score, recommendation, summary, strong and weak points, and the provider's report link,
 * so they can act without leaving the ATS. Plain text for every ATS, and a light HTML
 * variant (p, strong, ul/li, a) for those that render it (Ashby).
 *
 * Never the candidate's email or phone: the outcome carries no contact data, and the free
 * text that comes from the provider (summary, points, reasons) is scrubbed of anything that
 * looks like an email address or a phone number before it is written.
 */

export interface RenderedNote {
  /** One line: "AI interview (InstaView): completed, score 82". */
  subject: string;
  text: string;
  html: string;
}

const providerNames: Record<string, string> = { instaview: 'InstaView', xobin: 'Xobin', drvn: 'DRVN' };

export function providerLabel(provider: string): string {
  return providerNames[provider.toLowerCase()] ?? provider;
}

/** The outcome in a few words, also used as the "outcome" custom field value. */
export function outcomeInWords(outcome: InterviewOutcome): string {
  switch (outcome.kind) {
    case 'completed':
      return 'completed';
    case 'failed':
      return `failed: ${clean(outcome.reason) ?? 'the provider reported a failure'}`;
    case 'gave_up': {
      const calls = outcome.attempts;
      const cutShort = outcome.cutShortCalls ?? 0;
      // A candidate who picked up is no no-show: say the calls were cut short.
      if (cutShort > 0) return calls && calls > cutShort ? `not finished after ${calls} calls (${cutShort} cut short)` : `cut short ${plural(cutShort, 'time')}`;
      return calls ? `never answered after ${plural(calls, 'call')}` : 'never answered';
    }
    case 'could_not_start':
      return `could not start: ${clean(outcome.reason) ?? 'no reason given'}`;
    case 'not_cancelled':
      if (outcome.statusUnknown) return `left as is at ${providerLabel(outcome.provider)}, status unknown to the bridge: check it there`;
      return `still open at ${providerLabel(outcome.provider)}: cancel it there if it should not take place`;
    case 'invited':
      return outcome.linkSentToCandidate ? 'invited to an online interview' : 'interview link ready, to send to the candidate';
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A short label for custom fields and tags ("completed", "no answer", ...). */
export function outcomeLabel(outcome: InterviewOutcome): string {
  const labels: Record<InterviewOutcome['kind'], string> = {
    completed: 'completed', failed: 'failed', gave_up: 'no answer', could_not_start: 'not started', invited: 'invited', not_cancelled: 'not cancelled',
  };
  if (outcome.kind === 'gave_up' && (outcome.cutShortCalls ?? 0) > 0) return 'cut short';
  return labels[outcome.kind];
}

interface Section {
  heading?: string;
  lines?: string[];
  items?: string[];
  link?: { label: string; url: string };
}

/**
 * `ref`: the write-back's key (write-back-key.ts), printed in the footer: the mark by which a
 * retry recognises the note an earlier try wrote when that try's answer was lost.
 */
export function renderNote(outcome: InterviewOutcome, ref?: string): RenderedNote {
  const provider = providerLabel(outcome.provider);
  const result = outcome.result;
  const score = typeof result?.score === 'number' && Number.isFinite(result.score) ? String(result.score) : undefined;
  const subject = `AI interview (${provider}): ${outcomeInWords(outcome)}${score && outcome.kind === 'completed' ? `, score ${score}` : ''}`;

  const sections: Section[] = [];
  const facts = [
    score ? `Score: ${score}` : undefined,
    clean(result?.rating) ? `Rating: ${clean(result?.rating)}` : undefined,
    clean(result?.recommendation) ? `Recommendation: ${clean(result?.recommendation)}` : undefined,
  ].filter((f): f is string => !!f);
  if (facts.length) sections.push({ lines: facts });
  if (outcome.kind === 'gave_up' && clean(outcome.reason)) sections.push({ lines: [`Why we stopped: ${clean(outcome.reason)}`] });
  if (outcome.kind === 'not_cancelled' && outcome.statusUnknown) {
    sections.push({ lines: [`${clean(outcome.reason) ? `${clean(outcome.reason)!.replace(/^./, (c) => c.toUpperCase())}, but ${provider}` : provider} offers no way for the bridge to cancel the interview, and reports it in a status the bridge does not know: it was left as is. Check it in ${provider} (it may already have taken place; a result that comes is still written here).`] });
  } else if (outcome.kind === 'not_cancelled') {
    sections.push({ lines: [`${clean(outcome.reason) ? `${clean(outcome.reason)!.replace(/^./, (c) => c.toUpperCase())}, but ${provider}` : provider} offers no way for the bridge to cancel the interview: it stays open (a booked slot stays booked, a link stays valid until it expires).`] });
  }
  const summary = clean(result?.summary);
  if (summary) sections.push({ heading: 'Summary', lines: [summary] });
  const strong = cleanList(result?.strongPoints);
  if (strong.length) sections.push({ heading: 'Strong points', items: strong });
  const weak = cleanList(result?.weakPoints);
  if (weak.length) sections.push({ heading: 'Weak points', items: weak });
  if (outcome.kind === 'invited' && safeUrl(outcome.inviteLink)) {
    // With Xobin's getlink nobody emails the candidate: the note is where the recruiter gets the link.
    const label = outcome.linkSentToCandidate ? 'Interview link sent to the candidate' : `Interview link (${provider} did not send it: send it to the candidate)`;
    sections.push({ link: { label, url: safeUrl(outcome.inviteLink)! } });
  }
  if (safeUrl(result?.reportUrl)) sections.push({ link: { label: `Full report in ${provider}`, url: safeUrl(result?.reportUrl)! } });
  const footer = [`${provider} interview ${outcome.providerInterviewId ?? '(no id)'}`, formatInstant(outcome.occurredAt), ref ? `ref ${ref}` : ''].filter(Boolean).join(' · ');
  sections.push({ lines: [footer] });

  return { subject, text: toText(subject, sections), html: toHtml(subject, sections) };
}

function toText(subject: string, sections: Section[]): string {
  const blocks = [subject];
  for (const s of sections) {
    const lines: string[] = [];
    if (s.heading) lines.push(`${s.heading}:`);
    if (s.lines) lines.push(...s.lines);
    if (s.items) lines.push(...s.items.map((i) => `- ${i}`));
    if (s.link) lines.push(`${s.link.label}: ${s.link.url}`);
    blocks.push(lines.join('\n'));
  }
  return blocks.join('\n\n');
}

function toHtml(subject: string, sections: Section[]): string {
  const parts = [`<p><strong>${esc(subject)}</strong></p>`];
  for (const s of sections) {
    if (s.heading) parts.push(`<p><strong>${esc(s.heading)}</strong></p>`);
    if (s.lines) parts.push(`<p>${s.lines.map(esc).join('<br>')}</p>`);
    if (s.items) parts.push(`<ul>${s.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`);
    if (s.link) parts.push(`<p><a href="${esc(s.link.url)}">${esc(s.link.label)}</a></p>`);
  }
  return parts.join('');
}

function clean(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed ? redactText(trimmed) : undefined;
}

function cleanList(items: string[] | undefined): string[] {
  return (items ?? []).map(clean).filter((i): i is string => !!i).slice(0, 10);
}

/** Only http(s) links are written (a javascript: URL in an HTML note would be an injection). */
function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : undefined;
  } catch {
    return undefined;
  }
}

function formatInstant(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? '' : `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
