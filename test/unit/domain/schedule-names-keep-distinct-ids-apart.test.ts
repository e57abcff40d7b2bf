import { describe, expect, it } from 'vitest';
import { scheduleName } from '#shared/domain/schedule-names';

/**
 * A schedule's name is its identity: creating a second schedule under a name already taken
 * is a ConflictException, which the scheduler adapter reads as "already planned". Two
 * different applications whose ids only differ in characters Scheduler refuses must not
 * share a name, or the second one's retry is silently never planned.
 * Application ids come from the ATS (the generic source takes any string up to 256 chars).
 */
const ALLOWED = /^[0-9A-Za-z_.-]{1,64}$/;
const callRetry = (applicationId: string) => scheduleName('acme', applicationId, 'call', 'phone-screen', 1, 2);

describe('scheduleName', () => {
  it('gives applications whose ids differ only in refused characters different names', () => {
    const ids = ['app 42', 'app/42', 'app-42', 'app#42', 'app_42', 'app.42', 'app:42', 'äpp-42', 'ápp-42'];
    const names = ids.map(callRetry);
    for (const name of names) expect(name).toMatch(ALLOWED);
    expect(new Set(names).size).toBe(ids.length);
  });

  it('keeps parts apart: a dot inside an id is not the separator between parts', () => {
    expect(scheduleName('acme', 'a.b', 'c')).not.toBe(scheduleName('acme', 'a', 'b.c'));
  });

  it('keeps long ids that differ only in refused characters apart once hashed', () => {
    const long = 'x'.repeat(80);
    const a = callRetry(`${long} 1`);
    const b = callRetry(`${long}/1`);
    expect(a).toMatch(ALLOWED);
    expect(b).toMatch(ALLOWED);
    expect(a).not.toBe(b);
  });

  it('leaves ids made of plain characters as they were (names of schedules already planned do not change)', () => {
    expect(callRetry('71234560')).toBe('acme.71234560.call.phone-screen.1.2');
    expect(callRetry('0f6c2a9e-5b1d-4c1e-9f3a-2d7e8b6c4a10')).toBe('acme.0f6c2a9e-5b1d-4c1e-9f3a-2d7e8b6c4a10.call.phone-screen.1.2');
  });

  it('starts with the application\'s own name, so listing one application by name prefix finds its schedules', () => {
    for (const id of ['app 42', 'app/42', '71234560']) {
      expect(callRetry(id).startsWith(`${scheduleName('acme', id)}.`)).toBe(true);
    }
  });
});
