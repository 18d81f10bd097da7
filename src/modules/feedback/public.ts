/**
 * The public side (§8.2): published answers, searchable, with personal data masked (the
 * copy built at publication), and the like / dislike of citizens on them (indicator 5.3).
 */
import { and, desc, eq, isNotNull, type SQL, sql } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import { foldVietnamese } from '../../platform/codes/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { enqueue } from '../../platform/notify/index.ts';
import { findItem, trackingKeyMatches } from './core.ts';
import './errors.ts';
import { feedbackItems, feedbackReactions, type PublishedFeedback } from './schema.ts';

export interface PublicAnswer extends PublishedFeedback {
  likes: number;
  dislikes: number;
}

export interface ListPublishedInput {
  provinceCode: string;
  /** Words to find in the code, subject, content, answer, category or agency (case and diacritics ignored). */
  q?: string | undefined;
  categoryCode?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

/** `%`, `_` and `\` typed by a visitor are searched literally. */
const likePattern = (folded: string) => `%${folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listPublishedAnswers(
  db: Executor,
  input: ListPublishedInput,
): Promise<{ items: PublicAnswer[]; total: number }> {
  const where: SQL[] = [eq(feedbackItems.provinceCode, input.provinceCode), isNotNull(feedbackItems.publishedAt)];
  for (const word of foldVietnamese(input.q ?? '')
    .split(' ')
    .filter((w) => w.length > 0)
    .slice(0, 8)) {
    where.push(sql`${feedbackItems.publicSearch} like ${likePattern(word)}`);
  }
  if (input.categoryCode) where.push(eq(feedbackItems.categoryCode, input.categoryCode));
  const condition = and(...where);
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(feedbackItems).where(condition);
  const rows = await db
    .select({ published: feedbackItems.published, likes: feedbackItems.likes, dislikes: feedbackItems.dislikes })
    .from(feedbackItems)
    .where(condition)
    .orderBy(desc(feedbackItems.publishedAt))
    .limit(Math.min(input.limit ?? 20, 100))
    .offset(input.offset ?? 0);
  const items: PublicAnswer[] = [];
  for (const r of rows) if (r.published) items.push({ ...r.published, likes: r.likes, dislikes: r.dislikes });
  return { items, total: count?.n ?? 0 };
}

export async function getPublishedAnswer(db: Executor, provinceCode: string, code: string): Promise<PublicAnswer> {
  const row = await findItem(db, provinceCode, code);
  if (!row?.published || !row.publishedAt) throw new DomainError('FEEDBACK_NOT_FOUND', { code });
  return { ...row.published, likes: row.likes, dislikes: row.dislikes };
}

export interface RateAnswerInput {
  provinceCode: string;
  code: string;
  reaction: 'like' | 'dislike';
  /** The sender may rate without an account, with the tracking key. */
  trackingKey?: string | undefined;
}

/** One like or dislike per citizen (or per sender holding the key) on a published answer. */
export async function rateAnswer(
  db: Executor,
  caller: Caller,
  input: RateAnswerInput,
): Promise<{ likes: number; dislikes: number; reaction: 'like' | 'dislike' }> {
  return db.transaction(async (tx) => {
    const row = await findItem(tx, input.provinceCode, input.code);
    if (!row) throw new DomainError('FEEDBACK_NOT_FOUND', { code: input.code });
    const keyOk = trackingKeyMatches(row, input.trackingKey);
    // The sender counts once however they come (signed in or with the key).
    const voter =
      keyOk || (caller.kind === 'citizen' && caller.id === row.senderAccountId)
        ? 'sender'
        : caller.kind === 'citizen'
          ? `citizen:${caller.id}`
          : undefined;
    if (!voter) {
      if (input.trackingKey) throw new DomainError('FEEDBACK_TRACKING_KEY_INVALID', { code: input.code });
      throw new DomainError(caller.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
    }
    if (!row.publishedAt) throw new DomainError('FEEDBACK_NOT_PUBLISHED', { code: input.code });
    const inserted = await tx
      .insert(feedbackReactions)
      .values({ feedbackId: row.id, provinceCode: row.provinceCode, voter, reaction: input.reaction })
      .onConflictDoNothing()
      .returning({ voter: feedbackReactions.voter });
    if (inserted.length === 0) throw new DomainError('FEEDBACK_ALREADY_RATED', { code: input.code });
    const column = input.reaction === 'like' ? feedbackItems.likes : feedbackItems.dislikes;
    const [updated] = await tx
      .update(feedbackItems)
      .set(input.reaction === 'like' ? { likes: sql`${column} + 1` } : { dislikes: sql`${column} + 1` })
      .where(eq(feedbackItems.id, row.id))
      .returning({ likes: feedbackItems.likes, dislikes: feedbackItems.dislikes });
    // Likes and dislikes count in indicator 5.3: the event readers hear of them.
    await enqueue(tx, {
      provinceCode: row.provinceCode,
      channel: 'event',
      topic: 'feedback.reacted',
      payload: { feedbackId: row.id, code: row.code },
      dedupeKey: `feedback:${row.id}:reaction:${voter}`,
    });
    return {
      likes: updated?.likes ?? row.likes,
      dislikes: updated?.dislikes ?? row.dislikes,
      reaction: input.reaction,
    };
  });
}
