/**
 * Outbox messages of a new record whose identity is only known at the last statement of its
 * transaction (platform/db/deferred.ts; dossiers/pending-code.ts): collected here, inserted by
 * that statement with the identity put in the recipient, payload and dedupe key.
 */
import { type SQL, sql } from 'drizzle-orm';
import { jsonText, resolvedText } from '../db/deferred.ts';
import type { OutboxInput } from './message.ts';

export class DeferredOutbox {
  readonly #messages: OutboxInput[] = [];

  constructor(readonly placeholder: string) {}

  get messages(): readonly OutboxInput[] {
    return this.#messages;
  }

  /** As `enqueue`, written by the last statement. */
  add(message: OutboxInput): void {
    this.#messages.push(message);
  }

  /** The common table expression inserting the messages, given a relation of one row with a text column `identity`. */
  statements(from: string): SQL[] {
    if (this.#messages.length === 0) return [];
    const values = sql.join(
      this.#messages.map(
        (m) =>
          sql`(${m.provinceCode}::text, ${m.channel}::text, ${m.topic}::text, ${m.recipient ?? null}::text, ${jsonText(m.payload)}::text, ${m.dedupeKey ?? null}::text)`,
      ),
      sql`, `,
    );
    const put = (column: string) => resolvedText(sql.raw(`v.${column}`), this.placeholder, sql`f.identity`);
    return [
      sql`outbox_insert as (insert into outbox (province_code, channel, topic, recipient, payload, dedupe_key)
        select v.p, v.ch, v.t, ${put('r')}, ${put('payload')}::jsonb, ${put('dk')}
        from ${sql.raw(from)} as f, (values ${values}) as v(p, ch, t, r, payload, dk) on conflict do nothing returning 1)`,
    ];
  }
}
