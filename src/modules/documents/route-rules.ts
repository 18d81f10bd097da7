/**
 * Who may call the documents module's pages, on the test's sample document: a SECRET incoming
 * document of the justice department registered by its clerk (`vanthu.tuphap`), so the clerk
 * is the only persona named on it — the leader and the specialist of the same agency get 404,
 * as everyone else (Law on State Secrets 2018; the issue: "secret documents visible only to the
 * people named on them"). See platform/auth/route-rules.ts.
 */
import type { RouteRules } from '../../platform/auth/route-rules.ts';

const staffWhoHandle = ['specialist', 'leader', 'clerk', 'communeAdmin'] as const;

export const documentRouteRules: RouteRules = {
  'GET /workspace/van-ban': {
    allow: 'staff',
    why: 'each staff member’s inboxes and the agency’s search (secret documents filtered)',
  },
  'GET /workspace/van-ban/so': {
    allow: 'staff',
    why: 'the agency’s registers (secret entries only to those named on them)',
  },
  'GET /workspace/van-ban/so.xlsx': { allow: 'staff', why: 'the same register as Excel' },
  'GET /workspace/van-ban/theo-doi': { allow: 'staff', why: 'the agency’s follow-up book' },
  'GET /workspace/van-ban/vao-so': {
    allow: ['clerk', 'communeAdmin'],
    why: 'only the clerk (văn thư) registers incoming documents (Decree 30/2020 Art. 22); the commune’s admin is also its clerk',
  },
  'POST /workspace/van-ban/vao-so': {
    allow: ['clerk', 'communeAdmin'],
    why: 'only the clerk registers incoming documents',
    seenBy: ['clerk', 'communeAdmin'],
  },
  'POST /workspace/van-ban/vao-so/quet': {
    allow: ['clerk', 'communeAdmin'],
    why: 'only the clerk uploads the scan of an incoming document to register it',
    upload: true,
    seenBy: ['clerk', 'communeAdmin'],
  },
  'GET /workspace/van-ban/du-thao': {
    allow: 'staff',
    why: 'the drafting form (creating a draft is checked on submit)',
  },
  'POST /workspace/van-ban/du-thao': {
    allow: staffWhoHandle,
    why: 'specialists, leaders and clerks draft outgoing documents (Art. 10)',
    seenBy: staffWhoHandle,
  },
  'GET /workspace/van-ban/ho-so': { allow: 'staff', why: 'the agency’s work files of a year (Decree 30/2020 Art. 28)' },
  'POST /workspace/van-ban/ho-so': {
    allow: staffWhoHandle,
    why: 'the people who handle documents open work files (Art. 29.2)',
    seenBy: staffWhoHandle,
  },
  'POST /workspace/van-ban/ho-so/them': {
    allow: staffWhoHandle,
    why: 'filing a document the caller may see in an open file of the agency',
    seenBy: staffWhoHandle,
  },
  'GET /workspace/van-ban/ho-so/{workFileId}': {
    allow: 'staff',
    why: 'a work file of the caller’s agency (404 elsewhere); its index leaves out secret documents not naming the caller',
  },
  'POST /workspace/van-ban/ho-so/{workFileId}/dong': {
    allow: staffWhoHandle,
    why: 'its creator or a leader closes a work file (Art. 29.4)',
    seenBy: staffWhoHandle,
  },
  'GET /workspace/van-ban/{id}': {
    allow: ['clerk'],
    why: 'a secret document: only the people named on it (its clerk)',
  },
  'GET /workspace/van-ban/{id}/tep/{fileId}': { allow: ['clerk'], why: 'its files: the same people' },
  'POST /workspace/van-ban/{id}/{action}': {
    allow: ['clerk'],
    why: 'actions on a secret document: only the people named on it, and the state machine decides which (e.g. thu-hoi and cap-nhat, the recall and the update of an issued document: its agency’s leader only)',
    seenBy: ['clerk'],
  },
};
