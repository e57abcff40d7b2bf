import type { AtsWebhookSource } from '../ports/ats-source.ts';
import { greenhouseSource } from './greenhouse/index.ts';

/** Every ATS the bridge takes webhooks from. A new ATS is a new folder plus one line here. */
const sources: Record<string, AtsWebhookSource> = {
  [greenhouseSource.source]: greenhouseSource,
};

export function atsSource(name: string): AtsWebhookSource | undefined {
  return Object.hasOwn(sources, name) ? sources[name] : undefined;
}

export const atsSourceNames = Object.keys(sources);
