import type { IncomingMessage } from 'node:http';

/** Host names that mean this machine (with or without a port); IPv6 in brackets as in a Host header. */
const loopbackHost = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i;

/**
 * Admin routes of the local stack and its sandboxes (they move the clock, seed and read
 * candidates, inject faults). Loopback is not enough: a page in the developer's browser can reach 127.0.0.1 too. A
 * cross-site request carries the page's Origin; a DNS-rebound one (the attacker's name now
 * resolving to 127.0.0.1) carries the attacker's Host. curl, the CLI and fetch from Node send
 * neither, so refusing both costs the real callers nothing.
 */
export function browserRefusal(req: IncomingMessage): string | undefined {
  if (!loopbackHost.test(req.headers.host ?? '')) return 'admin routes answer requests addressed to 127.0.0.1 or localhost only';
  const origin = req.headers.origin;
  if (origin !== undefined && !isLoopbackOrigin(origin)) return 'admin routes do not answer requests from web pages of other sites';
  return undefined;
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && loopbackHost.test(url.host);
  } catch {
    return false; // "null" (sandboxed frames, file://) or garbage: not one of ours
  }
}

/** The same refusal as a sandbox's admin reply (every sandbox answers `{status, body}`). */
export function refuseBrowserAdmin(req: IncomingMessage): { status: 403; body: { error: string } } | undefined {
  const refusal = browserRefusal(req);
  return refusal ? { status: 403, body: { error: refusal } } : undefined;
}
