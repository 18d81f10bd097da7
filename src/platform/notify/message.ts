/** A message to send, as written to the outbox. */
export interface OutboxInput {
  provinceCode: string;
  channel: string;
  topic: string;
  recipient?: string | null;
  payload: Record<string, unknown>;
  /** Same key twice → one message (a retried transaction cannot send twice). */
  dedupeKey?: string;
}
