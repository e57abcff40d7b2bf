import { describe, expect, it } from 'vitest';
import { AshbyApi } from '#shared/ats/ashby/api';
import { GreenhouseApi } from '#shared/ats/greenhouse/api';
import { LeverApi } from '#shared/ats/lever/api';
import { AtsApiError, type AtsApi, type ReportAttachment } from '#shared/ports/ats-api';
import { completed, fakeFetch, noSleep, refOf, routes, settings, type FakeRequest, type Reply } from './support.ts';

/**
 * The ATS stored the provider's report file but its answer was lost (a 504 after the upload): the
 * retry of the write-back (attachmentMayExist) finds the file by its name among the candidate's
 * files and uploads none; the recruiter sees one report. A first try lists nothing.
 */
const FILENAME = 'instaview-analysis-iv-1.pdf';
const report: ReportAttachment = { load: async () => ({ filename: FILENAME, contentType: 'application/pdf', content: new TextEncoder().encode('%PDF-1.7') }) };
const noNote = settings({ note: false });

interface Stored { id: string; name: string }

/** A fetch that also hands the route the multipart form (fakeFetch reads JSON bodies only). */
function withForms(table: (files: Stored[], form: () => FormData | undefined) => Record<string, Reply | ((req: FakeRequest) => Reply)>) {
  const files: Stored[] = [{ id: 'file-0', name: 'resume.pdf' }];
  let form: FormData | undefined;
  const fake = fakeFetch(routes(table(files, () => form)));
  const fetch = ((input: string | URL | Request, init?: RequestInit) => {
    form = init?.body instanceof FormData ? init.body : undefined;
    return fake.fetch(input, init);
  }) as typeof globalThis.fetch;
  return { files, fetch, calls: (key: string) => fake.calls.filter((c) => `${c.method} ${c.path}` === key) };
}

/** Stores the upload, then loses the answer the first time. */
function losesFirstAnswer(files: Stored[], name: string, answer: (id: string) => Reply): () => Reply {
  let uploads = 0;
  return () => {
    files.push({ id: `file-${files.length}`, name });
    return ++uploads === 1 ? { status: 504, body: { message: 'gateway timeout' } } : answer(files.at(-1)!.id);
  };
}

function greenhouse() {
  const ats = withForms((files) => ({
    'POST /token': { body: { access_token: 'token', token_type: 'Bearer', expires_in: 3600 } },
    'POST /v3/attachments': (req) => losesFirstAnswer(files, (req.body as { filename: string }).filename, (id) => ({ status: 201, body: { id } }))(),
    'GET /v3/attachments': (req) => ({
      body: req.url.searchParams.get('application_ids') === '2001' ? files.map((f) => ({ id: f.id, application_id: 2001, filename: f.name, type: 'other' })) : [],
    }),
  }));
  const api = new GreenhouseApi(
    { harvestBaseUrl: 'https://harvest.test/v3', tokenUrl: 'https://auth.test/token', onBehalfOfUserId: '7001', writeBack: { note: true } },
    { webhookSecret: 'hook', clientId: 'client-id', clientSecret: 'client-secret' },
    { fetch: ats.fetch, sleep: noSleep, random: () => 0.5 },
  );
  return { api, ...ats, upload: 'POST /v3/attachments', list: 'GET /v3/attachments' };
}

function lever() {
  const ats = withForms((files, form) => ({
    'POST /v1/opportunities/2001/files': () => losesFirstAnswer(files, (form()?.get('file') as File).name, (id) => ({ body: { data: { id } } }))(),
    'GET /v1/opportunities/2001/files': (req) => {
      // One file a page: the retry reads on through `next`.
      const offset = Number(req.url.searchParams.get('offset') ?? 0);
      const more = offset + 1 < files.length;
      return { body: { data: files.slice(offset, offset + 1).map((f) => ({ id: f.id, name: f.name, ext: 'pdf' })), hasNext: more, ...(more ? { next: String(offset + 1) } : {}) } };
    },
  }));
  const api = new LeverApi({ apiBaseUrl: 'https://api.lever.test/v1', performAs: 'user-7', freshnessSeconds: 300, writeBack: { note: true } }, { signatureTokens: ['t'], apiKey: 'lever-key' }, { fetch: ats.fetch, sleep: noSleep });
  return { api, ...ats, upload: 'POST /v1/opportunities/2001/files', list: 'GET /v1/opportunities/2001/files' };
}

function ashby() {
  const ats = withForms((files, form) => ({
    'POST /candidate.uploadFile': () => losesFirstAnswer(files, (form()?.get('file') as File).name, () => ({ body: { success: true, results: {} } }))(),
    'POST /candidate.info': (req) => ({
      body: (req.body as { id?: string }).id === '1001'
        ? { success: true, results: { id: '1001', name: 'Ada', fileHandles: files.map((f) => ({ id: f.id, name: f.name, handle: `handle-${f.id}` })) } }
        : { success: false, errorInfo: { code: 'candidate_not_found', message: 'no such candidate' } },
    }),
  }));
  const api = new AshbyApi({ apiBaseUrl: 'https://api.ashby.test', writeBack: { note: true } }, { webhookSecret: 'w', apiKey: 'ashby-key' }, { fetch: ats.fetch, sleep: noSleep });
  return { api, ...ats, upload: 'POST /candidate.uploadFile', list: 'POST /candidate.info' };
}

const atsWithFiles: [string, () => { api: AtsApi; files: Stored[]; calls: (key: string) => unknown[]; upload: string; list: string }][] = [
  ['Greenhouse', greenhouse],
  ['Lever', lever],
  ['Ashby', ashby],
];

describe.each(atsWithFiles)('%s: a report file whose answer was lost is not uploaded twice', (_name, make) => {
  it('the retry finds the file the first try uploaded and uploads none', async () => {
    const ats = make();
    const first = await ats.api.writeBack(refOf(), completed(82), noNote, report).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(AtsApiError);
    expect((first as AtsApiError).retryable).toBe(true);
    // A first try costs no look: the file is uploaded straight away.
    expect(ats.calls(ats.list)).toHaveLength(0);

    const receipt = await ats.api.writeBack(refOf(), completed(82), noNote, report, { attachmentMayExist: true });

    expect(ats.files.filter((f) => f.name === FILENAME)).toHaveLength(1);
    expect(ats.calls(ats.upload)).toHaveLength(1);
    expect(receipt).toMatchObject({ foundWritten: ['attachment'] });
  });

  it('the retry uploads the file when the first try did not', async () => {
    const ats = make();
    const receipt = await ats.api.writeBack(refOf(), completed(82), noNote, report, { attachmentMayExist: true }).catch((e: unknown) => e);
    // The look found nothing, so the file went out (its answer lost again here); the next retry finds it.
    expect(receipt).toBeInstanceOf(AtsApiError);
    expect(ats.files.filter((f) => f.name === FILENAME)).toHaveLength(1);
    await ats.api.writeBack(refOf(), completed(82), noNote, report, { attachmentMayExist: true });
    expect(ats.files.filter((f) => f.name === FILENAME)).toHaveLength(1);
  });
});

describe('a file list the ATS refuses for good (no such path, no scope)', () => {
  it('cannot tell: the file is uploaded, as before', async () => {
    const refusing = fakeFetch(routes({
      'POST /token': { body: { access_token: 'token', token_type: 'Bearer', expires_in: 3600 } },
      'POST /v3/attachments': { status: 201, body: { id: 5100 } },
      'GET /v3/attachments': { status: 403, body: { message: 'missing scope harvest:attachments:list' } },
    }));
    const api = new GreenhouseApi(
      { harvestBaseUrl: 'https://harvest.test/v3', tokenUrl: 'https://auth.test/token', onBehalfOfUserId: '7001', writeBack: { note: true } },
      { webhookSecret: 'hook', clientId: 'client-id', clientSecret: 'client-secret' },
      { fetch: refusing.fetch, sleep: noSleep, random: () => 0.5 },
    );
    expect(await api.writeBack(refOf(), completed(82), noNote, report, { attachmentMayExist: true })).toEqual({ attachmentId: '5100' });
  });
});
