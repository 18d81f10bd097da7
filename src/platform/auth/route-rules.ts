/**
 * Route rules: every HTTP route (API and page) says who may call it, in one table per module
 * (`<module>/route-rules.ts`). The authorisation test (src/authorisation.test.ts) walks every
 * route (the OpenAPI document's and the hidden pages) × every persona and checks the table,
 * so a new route without a rule fails the suite. The permission checks themselves stay in the
 * use cases; the table is what they must add up to, seen from outside.
 */

/** The demo staff of each role, anonymous, the owner of the sample records and another citizen. */
export type Persona =
  | 'anonymous'
  | 'owner'
  | 'otherCitizen'
  | 'receiver'
  | 'specialist'
  | 'leader'
  | 'clerk'
  | 'hotline'
  | 'agencyAdmin'
  | 'communeAdmin'
  | 'provinceAdmin'
  | 'inspector';

export const STAFF_PERSONAS = [
  'receiver',
  'specialist',
  'leader',
  'clerk',
  'hotline',
  'agencyAdmin',
  'communeAdmin',
  'provinceAdmin',
  'inspector',
] as const satisfies readonly Persona[];

export const CITIZEN_PERSONAS = ['owner', 'otherCitizen'] as const satisfies readonly Persona[];

type Audience =
  /** Anyone, signed in or not. */
  | 'everyone'
  /** Any signed-in citizen or staff member. */
  | 'signedIn'
  /** Any staff member. */
  | 'staff'
  /** Any citizen. */
  | 'citizens'
  /** Not a session: an API key, a webhook signature, a kiosk token or a metrics token decides. */
  | 'credential'
  /** Exactly these personas, on the test's sample record. */
  | readonly Persona[];

export interface RouteRule {
  allow: Audience;
  /** The rule in words, as the module states it. */
  why: string;
  /**
   * A JSON body that passes validation (default: generated from the route's schema). Strings
   * `$tuphap`, `$centre`, `$procedure`, `$dossier`, `$feedback` name the test's sample records.
   */
  body?: unknown;
  /** The route takes a multipart upload (a small PDF is sent). */
  upload?: boolean;
  /** A query string (without `?`) the route needs; the same `$names` are replaced. */
  query?: string;
  /**
   * Personas who see the sample record: their refusals may also be the state machine's
   * (409, 422), which tells them nothing they may not know. Everyone else must get 401, 403
   * or 404: the record's existence and state do not leak.
   */
  seenBy?: readonly Persona[];
  /**
   * A finding this rule states but the code does not honour yet (issue and item): the check
   * then runs as a to-do, reported but not failing, until the fix lands.
   */
  knownGap?: string;
}

/** `'METHOD /path/{param}'` as in the OpenAPI document → its rule. */
export type RouteRules = Readonly<Record<string, RouteRule>>;
