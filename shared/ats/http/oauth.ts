import * as z from 'zod';
import { AtsApiError } from '../../ports/ats-api.ts';
import { systemClock, type Clock } from '../../ports/clock.ts';
import { retryAfterHeaderSeconds } from '../../http/outbound.ts';
import { atsErrorCodes, vendorMessage } from './errors.ts';
import type { AtsAuth } from './transport.ts';

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4) as Greenhouse Harvest v3 uses it
 * (harvestdocs.greenhouse.io/docs/authentication): POST the token URL with HTTP Basic
 * client_id:client_secret and a form body `grant_type=client_credentials[&sub=<user id>]`;
 * the answer carries `access_token` and `expires_in`. The token is kept in memory until
 * `renewBeforeSeconds` before it expires (a request never leaves with a token that dies in
 * flight), and dropped on a 401 so the next request fetches a new one. Concurrent callers
 * share one token request.
 */

export interface ClientCredentialsOptions {
  label: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Extra form fields (Greenhouse: `sub` = the user the token acts as). */
  extraFields?: Record<string, string>;
  renewBeforeSeconds?: number;
  /** Lifetime assumed when the answer has no expires_in (Greenhouse access tokens: 1 h). */
  defaultLifetimeSeconds?: number;
  timeoutMs?: number;
  clock?: Clock;
  fetch?: typeof globalThis.fetch;
}

const tokenSchema = z.looseObject({
  access_token: z.string().min(1),
  /** Optional ones may come as null: read as absent. */
  token_type: z.string().nullish(),
  expires_in: z.union([z.number(), z.string()]).nullish(),
  /** Some servers send an absolute expiry instead (ISO or epoch seconds). */
  expires_at: z.union([z.number(), z.string()]).nullish(),
});

export class ClientCredentialsToken implements AtsAuth {
  private token?: { value: string; renewAt: number };
  private inFlight?: Promise<string>;
  /** Tokens fetched so far (tests and diagnostics). */
  issued = 0;

  constructor(private readonly o: ClientCredentialsOptions) {}

  async headers(): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.accessToken()}` };
  }

  renew(): boolean {
    this.token = undefined;
    return true;
  }

  async accessToken(): Promise<string> {
    const now = (this.o.clock ?? systemClock).now().getTime();
    if (this.token && now < this.token.renewAt) return this.token.value;
    this.inFlight ??= this.fetchToken().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetchToken(): Promise<string> {
    const clock = this.o.clock ?? systemClock;
    const what = `${this.o.label} token request`;
    const form = new URLSearchParams({ grant_type: 'client_credentials', ...this.o.extraFields });
    let response: Response;
    let text: string;
    try {
      response = await (this.o.fetch ?? globalThis.fetch)(this.o.tokenUrl, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${this.o.clientId}:${this.o.clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000),
      });
      text = await response.text();
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new AtsApiError(`${what}: ${timedOut ? 'timed out' : 'network error'}`, timedOut ? atsErrorCodes.timeout : atsErrorCodes.network, true);
    }
    const body = safeJson(text);
    if (!response.ok) {
      const detail = vendorMessage(body);
      const message = `${what} → ${response.status}${detail ? `: ${detail}` : ''}`;
      if (response.status === 429 || response.status >= 500) {
        // Seconds or an HTTP date (RFC 9110), as every other ATS answer is read.
        const retryAfter = retryAfterHeaderSeconds(response.headers, clock.now().getTime());
        throw new AtsApiError(message, response.status === 429 ? atsErrorCodes.rateLimited : atsErrorCodes.server, true, response.status, retryAfter ? retryAfter : undefined);
      }
      // 400 invalid_grant / 401 invalid_client: the credential is wrong or revoked; retrying cannot help.
      throw new AtsApiError(message, atsErrorCodes.unauthorized, false, response.status);
    }
    const parsed = tokenSchema.safeParse(body);
    if (!parsed.success) {
      const where = parsed.error.issues.slice(0, 3).map((i) => i.path.map(String).join('.') || '(root)').join(', ');
      throw new AtsApiError(`${what}: unreadable answer (${where})`, atsErrorCodes.invalidResponse, false, response.status);
    }
    const now = clock.now().getTime();
    const lifetimeMs = lifetimeOf(parsed.data, now) ?? (this.o.defaultLifetimeSeconds ?? 3600) * 1000;
    const margin = Math.min((this.o.renewBeforeSeconds ?? 60) * 1000, lifetimeMs / 2);
    this.token = { value: parsed.data.access_token, renewAt: now + lifetimeMs - margin };
    this.issued += 1;
    return parsed.data.access_token;
  }
}

function lifetimeOf(token: z.infer<typeof tokenSchema>, nowMs: number): number | undefined {
  const expiresIn = Number(token.expires_in);
  if (token.expires_in != null && Number.isFinite(expiresIn) && expiresIn > 0) return expiresIn * 1000;
  if (token.expires_at == null) return undefined;
  const at = typeof token.expires_at === 'number' || /^\d+$/.test(token.expires_at)
    ? Number(token.expires_at) * (Number(token.expires_at) > 1e12 ? 1 : 1000)
    : Date.parse(token.expires_at);
  return Number.isFinite(at) && at > nowMs ? at - nowMs : undefined;
}

function safeJson(text: string): unknown {
  try {
    return text.trim() ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}
