import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.ts';
import { captureIo } from '../../../cli/support/io.ts';
import { OpsError } from '#shared/use-cases/ops/errors';
import { FakeProviderAdmin } from './fakes.ts';
import { providerUsage } from '#shared/use-cases/ops/provider-webhooks';
import { createProviderCompany, deleteProviderCompany } from '#shared/use-cases/ops/provider-companies';
import { redriveDeadLetters } from '#shared/use-cases/ops/dead-letters';
import { providerAdminFor } from '../../../cli/adapters/instaview-admin.ts';
import { atsListingFor } from '../../../cli/adapters/ats-listing.ts';
import { testConfig } from '../../support/bridge.ts';

/**
 * The README: exit 2 means a wrong command line. A date the user mistyped, or a range that
 * ends before it starts, is one: a script must be able to tell it from a failed operation or
 * a broken config (exit 1). And it is caught before the CLI looks for a stack or a provider.
 */
const noStack = () => ['--target', 'local', '--state-dir', mkdtempSync(join(tmpdir(), 'bridge-cli-'))];

describe('bridge usage with a wrong --from or --to', () => {
  it.each([
    [['--from', 'last tuesday'], '--from "last tuesday" is not a date'],
    [['--to', '2026-11-31'], '--to "2026-11-31" is not a date'],
    [['--from', '1'], '--from "1" is not a date'],
    [['--from', '2026-12-01', '--to', '2026-11-01'], '--from is after --to'],
  ])('%j exits 2 and says why, before looking for a stack', async (dates, why) => {
    const io = captureIo();
    expect(await runCli(['usage', 'demo', ...dates, ...noStack()], io)).toBe(2);
    expect(io.err()).toContain(`bridge: ${why}`);
  });

  it('never sends the provider a date it would read differently (31 November, a year alone)', async () => {
    const admin = new FakeProviderAdmin();
    await expect(providerUsage(admin, { to: '2026-11-31' })).rejects.toMatchObject({ kind: 'bad_command_line' });
    await expect(providerUsage(admin, { from: '2026' })).rejects.toMatchObject({ kind: 'bad_command_line' });
    expect(admin.usageRequests).toEqual([]);
    await providerUsage(admin, { from: '2026-11-01T09:00:00+01:00', to: '2026-11-30' });
    expect(admin.usageRequests).toEqual([{ start: '2026-11-01T09:00:00+01:00', end: '2026-11-30T23:59:59.999Z' }]);
  });
});

describe('exit codes of operator errors', () => {
  const fake = (error: Error) => [{ words: ['do', 'it'], summary: 'does it', run: async () => { throw error; } }];

  it('a command-line mistake found by a use case exits 2; a config problem exits 1', async () => {
    expect(await runCli(['do', 'it'], captureIo(), fake(new OpsError('give either --all or --id, not both', 'bad_command_line')))).toBe(2);
    expect(await runCli(['do', 'it'], captureIo(), fake(new OpsError('tenant acme has no instaview.apiKey secret', 'misconfigured')))).toBe(1);
  });

  it('option values that can never work are command-line mistakes; what the tenant lacks is its config', async () => {
    const kindOf = async (run: () => unknown) => { try { await run(); } catch (error) { return (error as OpsError).kind; } return 'no error'; };
    const companies = { provider: 'instaview', createCompany: async () => { throw new Error('not asked'); }, deleteCompany: async () => { throw new Error('not asked'); } };
    expect(await kindOf(() => createProviderCompany(companies, {}))).toBe('bad_command_line');
    expect(await kindOf(() => createProviderCompany(companies, { name: 'X', ownerEmail: 'not-an-email' }))).toBe('bad_command_line');
    expect(await kindOf(() => deleteProviderCompany(companies, { companyId: 'comp_1' }))).toBe('bad_command_line');
    expect(await kindOf(() => redriveDeadLetters({} as never, {} as never, { all: true, ids: ['m1'] }))).toBe('bad_command_line');
    const tenant = testConfig().tenants[0]!;
    expect(await kindOf(() => providerAdminFor(tenant, {}, 'xobin'))).toBe('bad_command_line');
    expect(await kindOf(() => atsListingFor(tenant, {}, 'lever', { now: () => new Date() } as never))).toBe('bad_command_line');
    expect(await kindOf(() => providerAdminFor(tenant, {}, 'instaview'))).toBe('misconfigured');
    expect(await kindOf(() => atsListingFor(tenant, {}, 'greenhouse', { now: () => new Date() } as never))).toBe('misconfigured');
  });
});
