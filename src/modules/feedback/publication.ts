import { foldVietnamese } from '../../platform/codes/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { staffOfAgency } from '../directory/index.ts';
import type { FeedbackCategory } from './categories.ts';
import { initials, maskText } from './masking.ts';
import type { FeedbackRow, PublishedFeedback } from './schema.ts';

export interface PublicationInput {
  row: Pick<
    FeedbackRow,
    'code' | 'kind' | 'classification' | 'subject' | 'content' | 'sender' | 'official' | 'submittedAt'
  >;
  category: Pick<FeedbackCategory, 'code' | 'name'>;
  agencyName: string;
  /** The answer as given, or the version the publisher edited for the public. */
  answer: string;
  answeredAt: Date;
  publishedAt: Date;
  /** Other names to mask: for conduct reports, the staff of the agency. */
  names: readonly string[];
}

/** Pure: the masked copy and its search key. */
export function buildPublication(input: PublicationInput): { published: PublishedFeedback; search: string } {
  const { row } = input;
  const names = [row.sender.fullName, ...(row.official?.name ? [row.official.name] : []), ...input.names];
  const conduct = row.classification === 'conduct';
  const published: PublishedFeedback = {
    code: row.code,
    kind: row.kind,
    classification: row.classification,
    categoryCode: input.category.code,
    categoryName: input.category.name,
    subject: conduct ? input.category.name : maskText(row.subject, names),
    content: conduct ? null : maskText(row.content, names),
    answer: maskText(input.answer, names),
    sender: initials(row.sender.fullName),
    agencyName: input.agencyName,
    submittedAt: row.submittedAt.toISOString(),
    answeredAt: input.answeredAt.toISOString(),
    publishedAt: input.publishedAt.toISOString(),
  };
  const search = foldVietnamese(
    [
      published.code,
      published.subject,
      published.content ?? '',
      published.answer,
      published.categoryName,
      published.agencyName,
    ].join(' '),
  );
  return { published, search };
}

/** Names of the agency's staff, masked in a conduct report's published answer. */
export async function staffNamesOf(db: Executor, agencyId: string): Promise<string[]> {
  const rows = await staffOfAgency(db, agencyId);
  return rows.map((r) => r.fullName);
}
