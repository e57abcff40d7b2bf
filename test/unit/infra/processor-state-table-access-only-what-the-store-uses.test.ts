import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBridgeApp } from '#infra/bridge-app';
import type { BridgeStack } from '#infra/bridge-stack';
import { REPO_ROOT, stubSources, testApp } from './support.ts';

/**
 * The processor reads and writes application state (GetItem, conditional PutItem), the rate
 * limiter's buckets (GetItem, UpdateItem) and queries the two indexes. Nothing in shared/ or
 * functions/ deletes a state item or queries the base table, so the role must not allow it:
 * a DeleteItem on the state table would let a bug or a compromised dependency erase every
 * application's record (PITR is the only way back).
 */

type Json = Record<string, any>;
let stack: BridgeStack;
let resources: Record<string, Json>;
let dispose: () => void;

beforeAll(() => {
  const stubs = stubSources();
  const test = testApp();
  dispose = () => { test.dispose(); stubs.dispose(); };
  stack = buildBridgeApp(test.app, { sources: stubs.sources });
  resources = Template.fromStack(stack).toJSON().Resources as Record<string, Json>;
}, 120_000);
afterAll(() => dispose?.());

const idOf = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId((construct as any).node.defaultChild);

/** action → resources it is allowed on, for one role. */
function grantsOf(roleId: string): Map<string, string[]> {
  const grants = new Map<string, string[]>();
  for (const policy of Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy' && (r.Properties.Roles as Json[]).some((role) => role.Ref === roleId))) {
    for (const statement of policy.Properties.PolicyDocument.Statement as Json[]) {
      for (const action of [statement.Action].flat() as string[]) {
        grants.set(action, [...(grants.get(action) ?? []), ...[statement.Resource].flat().map((r) => JSON.stringify(r))]);
      }
    }
  }
  return grants;
}

/** DynamoDB commands the shared AWS adapters send (lib-dynamodb / client-dynamodb class names). */
function dynamoCommandsInCode(): Set<string> {
  const found = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) visit(path);
      else if (path.endsWith('.ts')) for (const m of readFileSync(path, 'utf8').matchAll(/new (Get|Put|Update|Delete|Query|Scan|BatchWrite|BatchGet|TransactWrite)(?:Item)?Command\(/g)) found.add(m[1]!);
    }
  };
  visit(join(REPO_ROOT, 'shared', 'aws'));
  return found;
}

describe('processor access to the state table', () => {
  it('the adapters never delete a state item (the premise of this test)', () => {
    expect(dynamoCommandsInCode().has('Delete')).toBe(false);
  });

  it('may not delete state items, nor query the base table; it queries only the two indexes', () => {
    const table = JSON.stringify({ 'Fn::GetAtt': [idOf(stack.stateful.stateTable), 'Arn'] });
    const grants = grantsOf(idOf(stack.functions.processEvents.role));
    expect(grants.get('dynamodb:DeleteItem') ?? []).not.toContain(table);
    expect(grants.get('dynamodb:Query') ?? []).not.toContain(table);
    expect((grants.get('dynamodb:Query') ?? []).filter((r) => r.includes(idOf(stack.stateful.stateTable))).map((r) => r.match(/\/index\/(\w+)/)?.[1]).sort()).toEqual(['byCandidate', 'byInterview']);
    for (const action of ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']) expect(grants.get(action), action).toContain(table);
  });

  it('keeps the full record set on the idempotency table (Powertools deletes a failed record)', () => {
    const idempotency = JSON.stringify({ 'Fn::GetAtt': [idOf(stack.stateful.idempotencyTable), 'Arn'] });
    const grants = grantsOf(idOf(stack.functions.processEvents.role));
    for (const action of ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']) expect(grants.get(action), action).toContain(idempotency);
  });
});
