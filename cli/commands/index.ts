import type { Command } from '../support/command.ts';
import { backfill } from './backfill.ts';
import { configValidate, tenantsList } from './config.ts';
import { dlqList, dlqRedrive } from './dlq.ts';
import { companyCreate, companyDelete, usage, webhooksRegister, webhooksReset, webhooksTest } from './provider.ts';
import { retriesList } from './retries.ts';
import { status } from './status.ts';

/** Every command, in the order `bridge --help` lists them. */
export const commands: Command[] = [
  configValidate,
  tenantsList,
  status,
  dlqList,
  dlqRedrive,
  retriesList,
  webhooksRegister,
  webhooksTest,
  webhooksReset,
  usage,
  companyCreate,
  companyDelete,
  backfill,
];
