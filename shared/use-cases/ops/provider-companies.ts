import * as z from 'zod';
import type { ProviderCompanies } from '../../ports/ops-provider-admin.ts';
import { OpsError } from './errors.ts';

/**
 * `bridge provider company create|delete`: onboarding and offboarding a client company under
 * an ATS partner key. Create is not repeated on a lost answer (a second company would be
 * billed apart); delete cascades at the provider, so the operator repeats the id to confirm.
 */

const createInput = z.object({
  name: z.string().trim().min(1, 'the company needs a name (--name)').max(200),
  ownerEmail: z.email('not an email address').optional(),
});

export async function createProviderCompany(admin: ProviderCompanies, input: { name?: string; ownerEmail?: string }) {
  const parsed = createInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new OpsError(`${issue.path.join('.') || 'input'}: ${issue.message}`, 'bad_command_line');
  }
  const company = await admin.createCompany(parsed.data);
  return { provider: admin.provider, ...company, ...(parsed.data.ownerEmail ? { ownerInvited: true } : {}) };
}

export async function deleteProviderCompany(admin: ProviderCompanies, input: { companyId: string; confirm?: string }) {
  if (!input.companyId) throw new OpsError('which company? give its id', 'bad_command_line');
  if (input.confirm !== input.companyId) {
    throw new OpsError(
      `deleting ${admin.provider} company ${input.companyId} also deletes its jobs, candidates and interviews, and cannot be undone`,
      'bad_command_line',
      `repeat the id to confirm: --confirm ${input.companyId}`,
    );
  }
  const result = await admin.deleteCompany(input.companyId, { confirm: input.confirm });
  return { provider: admin.provider, companyId: input.companyId, result };
}
