import type { ApplicationState } from '#shared/domain/application-state';
import type { StateStore } from '#shared/ports/state-store';

/**
 * Test-only faults for the local stack (never part of a deployment): e.g. make the
 * processor die right after the provider created an interview and before the bridge
 * recorded it, the window the exactly-once design must survive.
 */
export class FaultInjector {
  private crashesAfterCreate = 0;
  private crashesAfterWriteBack = 0;
  injected = 0;

  crashAfterInterviewCreated(times: number): void {
    this.crashesAfterCreate = times;
  }

  /** The processor dies after the ATS took the write-back (note written) and before the bridge recorded it. */
  crashAfterWrittenBack(times: number): void {
    this.crashesAfterWriteBack = times;
  }

  wrap(store: StateStore): StateStore {
    return {
      get: (t, a) => store.get(t, a),
      findApplicationByInterview: (t, p, i) => store.findApplicationByInterview(t, p, i),
      findApplicationsByCandidate: (t, c) => store.findApplicationsByCandidate(t, c),
      recordCandidateErased: (t, s, c, e) => store.recordCandidateErased(t, s, c, e),
      recordCandidateMerged: (t, s, c, i, e) => store.recordCandidateMerged(t, s, c, i, e),
      wasCandidateErased: (t, s, c) => store.wasCandidateErased(t, s, c),
      candidateMergedInto: (t, s, c) => store.candidateMergedInto(t, s, c),
      candidateFate: (t, s, c) => store.candidateFate(t, s, c),
      list: (t) => store.list(t),
      save: async (state: ApplicationState) => {
        if (this.crashesAfterCreate > 0 && recordsCreation(state)) {
          this.crashesAfterCreate--;
          this.injected++;
          throw new Error('injected fault: processor crashed after the provider created the interview');
        }
        if (this.crashesAfterWriteBack > 0 && recordsWriteBack(state)) {
          this.crashesAfterWriteBack--;
          this.injected++;
          throw new Error('injected fault: processor crashed after the ATS took the write-back');
        }
        return store.save(state);
      },
    };
  }
}

function recordsCreation(state: ApplicationState): boolean {
  const last = state.timeline.at(-1)?.what;
  return state.interview?.phase === 'SCHEDULED' && (last === 'interview.created' || last === 'interview.recovered');
}

function recordsWriteBack(state: ApplicationState): boolean {
  return state.timeline.at(-1)?.what === 'write_back.done';
}
