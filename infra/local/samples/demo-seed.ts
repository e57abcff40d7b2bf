import { readFileSync } from 'node:fs';
import type { AtsSandboxSeed } from '../sandboxes/ats/index.ts';

/** The Greenhouse stand-in's data for the sample stage change: its candidate, application, job and stages. */
export function demoGreenhouseSeed(samplePath: string): AtsSandboxSeed {
  const { payload } = JSON.parse(readFileSync(samplePath, 'utf8'));
  const application = payload.application;
  const candidate = application.candidate;
  return {
    candidates: [{
      id: String(candidate.id),
      firstName: candidate.first_name,
      lastName: candidate.last_name,
      emails: candidate.email_addresses.map((e: { value: string }) => e.value),
      phones: candidate.phone_numbers.map((p: { value: string; type: string }) => ({ value: p.value, type: p.type })),
    }],
    applications: [{ id: String(application.id), candidateId: String(candidate.id), jobId: String(application.jobs[0].id), stageId: String(application.current_stage.id), status: 'active' }],
    stages: [{ id: String(application.current_stage.id), name: application.current_stage.name }, { id: '9012400', name: 'Onsite' }, { id: '9012401', name: 'Rejected by AI screen' }],
    tags: [{ id: '5001', name: 'ai-pass' }, { id: '5002', name: 'ai-fail' }, { id: '5003', name: 'ai-no-show' }],
    customFields: [{ id: '6001', name: 'AI interview score' }],
  };
}
