import * as z from 'zod';
import { messageGroupOf } from '#shared/domain/messages';
import type { StateStore } from '#shared/ports/state-store';
import type { AdminRoute } from './local-http-server.ts';
import { peekDeadLetters, type LocalBridge } from './local-bridge.ts';

const clockMove = z.object({
  advanceMinutes: z.number().nonnegative().optional(),
  advanceMs: z.number().nonnegative().optional(),
  /** Jump to this instant (ISO 8601); forward only. */
  to: z.string().datetime({ offset: true }).optional(),
}).refine((b) => b.advanceMinutes !== undefined || b.advanceMs !== undefined || b.to !== undefined, { message: 'give advanceMinutes, advanceMs or to' });

const BACKWARD_SLACK_MS = 10_000;

const faults = z.object({
  crashAfterInterviewCreated: z.number().int().min(0).max(100).optional(),
  crashAfterWrittenBack: z.number().int().min(0).max(100).optional(),
});

/** The local stack's inspection routes (loopback only): state, schedules, DLQ, clock, faults. */
export function adminRoutes(bridge: LocalBridge, store: StateStore): Record<string, AdminRoute> {
  return {
    'GET /admin/health': async () => ({
      body: {
        status: 'ok',
        now: bridge.clock.now().toISOString(),
        webhookBase: `${bridge.url}/webhooks`,
        sandbox: bridge.sandbox?.url,
        tenants: bridge.config.tenants.map((t) => t.id),
      },
    }),
    'GET /admin/applications': async ({ query }) => {
      const states = await store.list(query.get('tenant') ?? undefined);
      return {
        body: states.map((s) => ({
          tenantId: s.tenantId,
          applicationId: s.applicationId,
          atsStatus: s.atsStatus,
          stage: s.stage?.name,
          interview: s.interview && { ruleId: s.interview.ruleId, phase: s.interview.phase, providerInterviewId: s.interview.providerInterviewId, scheduledAt: s.interview.scheduledAt, timeZone: s.interview.timeZone },
          updatedAt: s.updatedAt,
        })),
      };
    },
    'GET /admin/applications/:tenantId/:applicationId': async ({ params }) => {
      const state = await store.get(params.tenantId!, params.applicationId!);
      return state ? { body: state } : { status: 404, body: { error: 'no state for this application' } };
    },
    'GET /admin/schedules': async ({ query }) => {
      // ?tenant= (and &application=): the schedules delivering into that tenant's (application's) groups.
      const tenant = query.get('tenant');
      const application = query.get('application');
      // The group the bridge sends into (hashed for an id SQS would refuse), as on AWS.
      const group = tenant && application ? messageGroupOf(tenant, application) : undefined;
      const pending = bridge.scheduler.list().filter((s) => (!tenant || s.message.tenantId === tenant) && (!group || s.groupId === group));
      return { body: pending.map((s) => ({ name: s.name, at: s.at.toISOString(), groupId: s.groupId, message: s.message })) };
    },
    'GET /admin/dlq': async () => ({ body: await peekDeadLetters(bridge.aws) }),
    'GET /admin/metrics': async () => ({ body: bridge.telemetry.snapshot() }),
    'GET /admin/clock': async () => ({ body: { now: bridge.clock.now().toISOString() } }),
    'POST /admin/clock': async ({ body }) => {
      const move = clockMove.parse(body ?? {});
      const now = bridge.clock.now();
      // Forward only: a time already past is a mistake to name, not a silent no-op (a few seconds
      // of slack: a schedule's time the running clock has just crept past).
      if (move.to && Date.parse(move.to) < now.getTime() - BACKWARD_SLACK_MS) {
        return { status: 400, body: { error: 'InvalidInput', problems: [`to: ${new Date(move.to).toISOString()} is before the local clock (${now.toISOString()}), which only moves forward: give a later time, or see GET /admin/clock`] } };
      }
      if (move.to) bridge.clock.set(new Date(move.to));
      if (move.advanceMinutes) bridge.clock.advance(move.advanceMinutes * 60_000);
      if (move.advanceMs) bridge.clock.advance(move.advanceMs);
      const fired = await bridge.scheduler.fireDue();
      await bridge.sandbox?.tick();
      return { body: { now: bridge.clock.now().toISOString(), schedulesFired: fired } };
    },
    'POST /admin/faults': async ({ body }) => {
      const f = faults.parse(body ?? {});
      if (f.crashAfterInterviewCreated !== undefined) bridge.faults.crashAfterInterviewCreated(f.crashAfterInterviewCreated);
      if (f.crashAfterWrittenBack !== undefined) bridge.faults.crashAfterWrittenBack(f.crashAfterWrittenBack);
      return { body: { armed: f } };
    },
    'POST /admin/drain': async () => {
      await bridge.drain();
      return { body: { drained: true } };
    },
    'GET /admin/sandbox': async () => (bridge.sandbox ? { body: bridge.sandbox.state() } : { status: 404, body: { error: 'no sandbox running' } }),
  };
}
