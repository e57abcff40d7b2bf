import { describe, expect, it } from 'vitest';
import { lenientInstant } from '#shared/providers/lenient-fields';

/**
 * Only epoch seconds (10 digits) and milliseconds (13 digits) are read as an instant from
 * digit text. Any other run of digits ("20261126", a basic ISO date) was read as epoch
 * seconds: a booked time or a call time became a day in 1970, which the ATS note and the call
 * watch then used. Such text is kept as sent, like any other text that is no ISO instant.
 */
describe('digit text in a provider time field', () => {
  it.each(['20261126', '202611261000', '7', '123456789012345'])('%s is not read as a 1970 epoch', (text) => {
    const read = lenientInstant.parse(text);
    expect(read === undefined || !read.startsWith('1970')).toBe(true);
    expect(read).toBe(text);
  });

  it.each([
    ['seconds', '1772445603', '2026-03-02T10:00:03.000Z'],
    ['milliseconds', '1772445603000', '2026-03-02T10:00:03.000Z'],
    ['seconds, padded', ' 1772445603 ', '2026-03-02T10:00:03.000Z'],
  ])('epoch %s as text is still that instant', (_, text, iso) => {
    expect(lenientInstant.parse(text)).toBe(iso);
  });
});
