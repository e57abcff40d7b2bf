import type { AtsWebhookSource } from '../ports/ats-source.ts';
import { ashbySource } from './ashby/index.ts';
import { genericSource } from './generic/index.ts';
import { greenhouseSource } from './greenhouse/index.ts';
import { leverSource } from './lever/index.ts';
import { mergeSource } from './merge/index.ts';
import { smartRecruitersSource } from './smartrecruiters/index.ts';
import { workableSource } from './workable/index.ts';

/** Every ATS the bridge takes webhooks from. A new ATS is a new folder plus one line here. */
const sources: Record<string, AtsWebhookSource> = {
  [greenhouseSource.source]: greenhouseSource,
  [leverSource.source]: leverSource,
  [ashbySource.source]: ashbySource,
  [workableSource.source]: workableSource,
  [smartRecruitersSource.source]: smartRecruitersSource,
  [mergeSource.source]: mergeSource,
  [genericSource.source]: genericSource,
};

export function atsSource(name: string): AtsWebhookSource | undefined {
  return Object.hasOwn(sources, name) ? sources[name] : undefined;
}

export const atsSourceNames = Object.keys(sources);
