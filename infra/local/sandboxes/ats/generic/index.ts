import { SignatureError } from '#shared/domain/errors';
import { verifyGenericSignature } from '#shared/ats/generic/verify';
import { record } from '../server.ts';
import { secret, text, type VendorModule } from '../vendor.ts';

/**
 * A stand-in for the tenant's own system behind the generic source's callbackUrl: it checks
 * the signature exactly as the bridge checks generic webhooks (X-Bridge-Signature over
 * "<X-Bridge-Timestamp>.<body>", 300 s freshness), answers 401 when it does not match,
 * drops a repeat of an Idempotency-Key (200, duplicate: true), and records what it got:
 * the note text, and the requested tag, custom field and stage move, in the shared state.
 */
export const genericSandbox: VendorModule = {
  defaultRateLimit: { limit: 100, windowSeconds: 10 },
  credentials: (given) => ({ webhookSecret: given.webhookSecret ?? secret('whsec_') }),
  sourceConfig: (server) => ({ callbackUrl: `${server.url}/bridge-results` }),
  definition(store, credentials, context) {
    const seen = new Set<string>();
    return {
      name: 'Generic callback',
      prefix: '/callback',
      authenticate: () => true,
      error: (status, code, message) => ({ status, body: { error: code, message } }),
      routes: [{
        method: 'POST',
        path: '/bridge-results',
        handler: (req) => {
          const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(',') : v ?? '']));
          let signatureValid = true;
          try {
            verifyGenericSignature(req.rawBody, headers, credentials.webhookSecret!, context.clock.now(), 300);
          } catch (error) {
            if (!(error instanceof SignatureError)) throw error;
            signatureValid = false;
          }
          const body = record(req.body);
          const deliveryId = headers['idempotency-key'] || text(body.deliveryId);
          store.callbacks.push({ ...(deliveryId ? { deliveryId } : {}), signatureValid, body: req.body, at: store.nowIso() });
          if (!signatureValid) return { status: 401, body: { error: 'invalid_signature' } };
          if (deliveryId && seen.has(deliveryId)) return { status: 200, body: { ok: true, duplicate: true } };
          if (deliveryId) seen.add(deliveryId);

          const on = text(body.applicationId) ?? 'unknown';
          const note = record(body.note);
          if (text(note.text)) store.addNote({ on, body: text(note.text)!, format: 'text' }, deliveryId);
          const actions = record(body.actions);
          if (text(actions.tag)) store.addTag(text(body.candidateId) ?? on, text(actions.tag)!);
          const field = record(actions.customField);
          if (text(field.id)) store.setField(on, text(field.id)!, field.value);
          if (text(actions.moveToStageId)) store.move(on, text(actions.moveToStageId)!);
          return { status: 200, body: { ok: true } };
        },
      }],
    };
  },
};
