/** Where a message that cannot be processed goes, with the reason a human needs. */
export interface DeadLetterQueue {
  park(message: { body: string; groupId: string; messageId: string }, reason: { code: string; message: string }): Promise<void>;
}
