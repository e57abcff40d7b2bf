import * as z from 'zod';
import { createdId, idText, optionalText } from '../http/common.ts';

/** The parts of SmartRecruiters answers the client reads (developers.smartrecruiters.com). */

export const candidateSchema = z.looseObject({
  id: idText,
  firstName: optionalText,
  lastName: optionalText,
  email: optionalText,
  phoneNumber: optionalText,
  location: z.looseObject({
    city: optionalText,
    region: optionalText,
    regionCode: optionalText,
    country: optionalText,
    /** Lower case in SmartRecruiters ("us"). */
    countryCode: optionalText,
  }).nullish(),
});

/** A candidate's application to one job. */
export const applicationSchema = z.looseObject({
  status: optionalText,
  subStatus: optionalText,
});

/** `{content: [...]}` per the tags reference; `{tags: [...]}` is read too. */
export const tagsSchema = z.looseObject({
  content: z.array(z.string()).optional(),
  tags: z.array(z.string()).optional(),
}).transform((t) => t.content ?? t.tags ?? []);

/** The Message object as documented carries no id (content, createdOn, visibility, authorId, context): read it when present. */
export const messageCreatedSchema = createdId;

/**
 * GET /messages?candidateId= (MessagesView in SmartRecruiters' message API; its shape here is
 * unconfirmed: `content` [{content}] and `nextPageId`, read leniently). An item's id is read
 * when it has one: the Message object as documented has none.
 */
export const messagesSchema = z.looseObject({
  content: z.array(z.looseObject({ id: idText.optional(), content: z.string().nullish() })).nullish().transform((v) => v ?? []),
  nextPageId: optionalText,
});
