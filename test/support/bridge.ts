import { parseConfig } from '#shared/config/load-config';
import type { BridgeConfig } from '#shared/config/schema';
import type { ApplicationState } from '#shared/domain/application-state';
import type { CandidateProfile, NormalizedAtsEvent, ProviderEvent } from '#shared/domain/messages';
import type { BridgeMessage } from '#shared/domain/messages';
import { processBridgeMessage, type ProcessDeps } from '#shared/use-cases/process-bridge-message';
import {
  FakeInterviewProvider,
  FixedClock,
  InMemoryStateStore,
  RecordingLogger,
  RecordingTelemetry,
  StaticTenantSecrets, RecordingScheduler, FakeAtsApi } from './fakes.ts';

/** Test tenants and the events a test sends them. Values are fake (555 numbers, example.com). */

export const TENANT = 'acme';
export const OTHER_TENANT = 'globex';
export const APPLICATION = '71234560';
export const CANDIDATE = '58123401';
export const JOB = '4012345';
export const TRIGGER_STAGE = { id: '9012399', name: 'AI Phone Screen' } as const;
export const OTHER_STAGE = { id: '9012346', name: 'Preliminary Phone Screen' } as const;
export const GREENHOUSE_SECRET = 'acme-greenhouse-secret';
export const OTHER_GREENHOUSE_SECRET = 'globex-greenhouse-secret';

/** A valid config: tenant "acme" (Vancouver, CA numbers, one phone-screen rule) and tenant "globex". */
export function testConfig(patch: (raw: RawConfig) => void = () => undefined): BridgeConfig {
  const raw: RawConfig = {
    maxWebhookBytes: 65_536,
    tenants: [
      {
        id: TENANT,
        defaultTimezone: 'America/Vancouver',
        defaultCountry: 'CA',
        callWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' },
        retry: { jitterMinutes: 0 },
        providers: { instaview: { baseUrl: 'sandbox' } },
        rules: [
          {
            id: 'ai-phone-screen',
            source: 'greenhouse',
            stage: { name: TRIGGER_STAGE.name },
            instaview: { agentId: 'agent-1', jobMap: { [JOB]: 'iv-job-backend' } },
          },
        ],
      },
      {
        id: OTHER_TENANT,
        defaultTimezone: 'Europe/Bratislava',
        providers: { instaview: { baseUrl: 'sandbox' } },
        rules: [],
      },
    ],
  };
  patch(raw);
  return parseConfig(raw, 'test config');
}
/** The config as written in the file, before parsing (tests patch it freely). */
export type RawConfig = { maxWebhookBytes?: number; tenants: any[] };

export function candidateProfile(patch: Partial<CandidateProfile> = {}): CandidateProfile {
  return {
    firstName: 'Ada',
    lastName: 'Lovelace',
    emails: ['ada.lovelace@example.com'],
    phones: [{ value: '+1 604-555-0199', type: 'mobile' }],
    addresses: [],
    ...patch,
  };
}

let deliveries = 0;

/** A Greenhouse stage change of application 71234560 into the trigger stage, unless patched. */
export function atsEvent(patch: Partial<NormalizedAtsEvent> = {}): NormalizedAtsEvent {
  return {
    type: 'ats',
    source: 'greenhouse',
    tenantId: TENANT,
    deliveryId: `gh-delivery-${++deliveries}`,
    kind: 'application.stage_changed',
    occurredAt: '2026-04-13T16:00:00Z',
    receivedAt: '2026-04-13T16:00:01.000Z',
    applicationId: APPLICATION,
    candidateId: CANDIDATE,
    jobIds: [JOB],
    stage: { ...TRIGGER_STAGE },
    applicationStatus: 'active',
    candidate: candidateProfile(),
    jobLocations: ['Vancouver, BC, Canada'],
    ...patch,
  };
}

export function providerEvent(patch: Partial<ProviderEvent> & Pick<ProviderEvent, 'interviewId'>): ProviderEvent {
  return {
    type: 'provider',
    provider: 'instaview',
    tenantId: TENANT,
    deliveryId: `iv-delivery-${++deliveries}`,
    kind: 'interview.started',
    occurredAt: '2026-04-13T17:00:00Z',
    receivedAt: '2026-04-13T17:00:01.000Z',
    ...patch,
  };
}

/** The processor's use case wired to fakes; `now` defaults to Monday 2026-04-13 10:00 in Vancouver (inside the window). */
export function processorHarness(options: { config?: BridgeConfig; now?: string } = {}) {
  const config = options.config ?? testConfig();
  const clock = new FixedClock(options.now ?? '2026-04-13T17:00:00Z');
  const store = new InMemoryStateStore();
  const provider = new FakeInterviewProvider(clock);
  const telemetry = new RecordingTelemetry();
  const logger = new RecordingLogger();
  const providerRequests: { tenantId: string; provider: string }[] = [];
  const scheduler = new RecordingScheduler();
  const ats = new FakeAtsApi();
  const deps: ProcessDeps = {
    config,
    store,
    secrets: new StaticTenantSecrets({ [TENANT]: { instaview: { apiKey: 'k' } }, [OTHER_TENANT]: { instaview: { apiKey: 'k2' } } }),
    providers: (tenant, _secrets, name) => {
      providerRequests.push({ tenantId: tenant.id, provider: name });
      return provider;
    },
    atsApis: () => ats,
    scheduler,
    clock,
    telemetry,
    logger,
  };
  return {
    config, clock, store, provider, telemetry, logger, deps, providerRequests, scheduler, ats,
    process: (message: BridgeMessage) => processBridgeMessage(message, deps),
    state: async (applicationId = APPLICATION, tenantId = TENANT): Promise<ApplicationState> => {
      const state = await store.get(tenantId, applicationId);
      if (!state) throw new Error(`no state stored for ${tenantId}/${applicationId}`);
      return state;
    },
  };
}
export type ProcessorHarness = ReturnType<typeof processorHarness>;
