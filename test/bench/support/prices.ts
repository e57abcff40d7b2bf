import type { MeteredCall } from './aws-request-meter.ts';

/**
 * Public on-demand list prices, US East (N. Virginia) us-east-1, as published in 2026
 * (aws.amazon.com/<service>/pricing). Free tiers, volume discounts, Savings Plans and
 * taxes are left out, so this is the price of the marginal interview on a busy account.
 * Update here when AWS changes a price; every figure that uses it says which table it used.
 */
export const PRICE_TABLE = {
  region: 'us-east-1',
  asOf: '2026',
  currency: 'USD',
  apiGatewayHttpApiPerMillion: 1.0, // HTTP API, first 300 M requests/month; each 512 KB is one request
  lambdaRequestsPerMillion: 0.2,
  lambdaArmGbSecond: 0.0000133334, // arm64, first 7.5 B GB-s/month
  lambdaMemoryGb: 0.5, // BridgeFunction default memorySize 512 MB
  sqsFifoPerMillion: 0.5, // FIFO; each 64 KB chunk of a payload is one request
  dynamoWriteUnitsPerMillion: 0.625, // on-demand, standard table class (after the Nov 2024 cut)
  dynamoReadUnitsPerMillion: 0.125,
  schedulerInvocationsPerMillion: 1.0, // creating/deleting schedules is not billed
} as const;

export interface CostLine {
  item: string;
  quantity: number;
  unit: string;
  usd: number;
}

/** Dollar cost of what the meter counted (divide by interviews for the per-interview price). */
export function costOf(calls: MeteredCall[]): CostLine[] {
  const p = PRICE_TABLE;
  const sum = (filter: (c: MeteredCall) => boolean, pick: (c: MeteredCall) => number) => calls.filter(filter).reduce((s, c) => s + pick(c), 0);
  const apiRequests = sum((c) => c.category === 'API Gateway', (c) => c.requests);
  const invocations = sum((c) => c.category === 'Lambda', (c) => c.requests);
  // Lambda bills each invocation's duration rounded up to 1 ms; the meter holds totals, so this rounds the sum (≤ 1 ms per invocation off).
  const durationMs = sum((c) => c.category === 'Lambda', (c) => c.durationMs);
  const sqs = sum((c) => c.category === 'SQS', (c) => c.requests);
  const wru = sum((c) => c.category === 'DynamoDB', (c) => c.writeUnits);
  const rru = sum((c) => c.category === 'DynamoDB', (c) => c.readUnits);
  const fired = sum((c) => c.category === 'Scheduler' && c.operation.startsWith('Invocation'), (c) => c.requests);
  const schedulerApi = sum((c) => c.category === 'Scheduler' && !c.operation.startsWith('Invocation'), (c) => c.requests);
  return [
    { item: 'API Gateway HTTP API requests', quantity: apiRequests, unit: 'requests', usd: (apiRequests * p.apiGatewayHttpApiPerMillion) / 1e6 },
    { item: 'Lambda requests', quantity: invocations, unit: 'invocations', usd: (invocations * p.lambdaRequestsPerMillion) / 1e6 },
    { item: 'Lambda duration (local wall time, indicative)', quantity: durationMs / 1000, unit: 'seconds', usd: (Math.ceil(durationMs) / 1000) * p.lambdaMemoryGb * p.lambdaArmGbSecond },
    { item: 'SQS FIFO requests', quantity: sqs, unit: 'requests', usd: (sqs * p.sqsFifoPerMillion) / 1e6 },
    { item: 'DynamoDB on-demand write units', quantity: wru, unit: 'WRU', usd: (wru * p.dynamoWriteUnitsPerMillion) / 1e6 },
    { item: 'DynamoDB on-demand read units', quantity: rru, unit: 'RRU', usd: (rru * p.dynamoReadUnitsPerMillion) / 1e6 },
    { item: 'EventBridge Scheduler invocations', quantity: fired, unit: 'invocations', usd: (fired * p.schedulerInvocationsPerMillion) / 1e6 },
    { item: 'EventBridge Scheduler API calls (not billed)', quantity: schedulerApi, unit: 'calls', usd: 0 },
  ];
}
