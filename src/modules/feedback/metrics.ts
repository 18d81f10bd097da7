/** Feedback items on /metrics (platform/metrics): counted by the process that committed them. */
import { defineCounter } from '../../platform/metrics/index.ts';

export const feedbackReceived = defineCounter(
  'mocua_feedback_items_total',
  'Feedback items (phản ánh, kiến nghị) received, by channel; per process',
  'channel',
);
