/**
 * The dossiers' events on /metrics (platform/metrics): counted by the process that committed
 * them, added up over the processes by Prometheus.
 */
import { defineCounter } from '../../platform/metrics/index.ts';

/** Submitted dossiers by channel (a draft counts when it is submitted). */
export const filings = defineCounter(
  'mocua_filings_total',
  'Dossiers filed (submitted), by channel: online, counter, post; per process',
  'channel',
);

/** Lifecycle actions taken on dossiers, by action (receive, request_supplement, approve…). */
export const dossierActions = defineCounter(
  'mocua_dossier_actions_total',
  'Actions taken on dossiers, by action; per process',
  'action',
);
