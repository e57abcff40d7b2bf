// HTTP load generator for test/bench/ingest-throughput.ts, run as its own `node` process
// (forked, plain JS, no loader) so that the client does not share an event loop or a core
// with the server under test. Protocol (IPC): the parent sends
//   { id, url, requests: [{ path, headers, body (base64) }], concurrency, durationMs, freshHeader? }
// and gets back { id, completed, elapsedMs, statuses: { [code]: n }, errors, latenciesMs: number[] }.
// Each of `concurrency` keep-alive connections sends its next request as soon as the previous
// answer is read (closed loop), cycling through `requests`; `freshHeader` gets a new UUID per
// request (a new Greenhouse-Event-ID, so no request is a duplicate delivery).
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';

async function runJob(job) {
  const url = new URL(job.url);
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
  const requests = job.requests.map((r) => ({ ...r, body: Buffer.from(r.body, 'base64') }));
  const statuses = {};
  const latencies = [];
  let errors = 0;
  let next = 0;
  const deadline = performance.now() + job.durationMs;

  const once = (r) => new Promise((resolve) => {
    const headers = { ...r.headers, 'content-length': String(r.body.length) };
    if (job.freshHeader) headers[job.freshHeader] = randomUUID();
    const started = performance.now();
    const req = request({ host: url.hostname, port: url.port, method: 'POST', path: r.path, headers, agent }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => {
        latencies.push(performance.now() - started);
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        resolve();
      });
    });
    req.on('error', () => {
      errors++;
      resolve();
    });
    req.end(r.body);
  });

  const started = performance.now();
  await Promise.all(Array.from({ length: job.concurrency }, async () => {
    while (performance.now() < deadline) await once(requests[next++ % requests.length]);
  }));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { id: job.id, completed: latencies.length, elapsedMs, statuses, errors, latenciesMs: latencies };
}

process.on('message', (job) => {
  if (job === 'exit') process.exit(0);
  runJob(job).then((result) => process.send(result), (error) => process.send({ id: job.id, error: String(error?.stack ?? error) }));
});
