/** Who is asking. Services take a Caller and check permissions themselves. */
export const staffRoles = [
  'receiver',
  'specialist',
  'leader',
  'clerk',
  'hotline_operator',
  'admin',
  'inspector',
] as const;
export type StaffRole = (typeof staffRoles)[number];

export type Caller =
  | { kind: 'anonymous' }
  | {
      kind: 'citizen';
      id: string;
      sessionId?: string;
      /** The session's level of assurance (0 password; 1, 2 national sign-on); absent = 0. */
      assurance?: number;
    }
  | {
      kind: 'staff';
      id: string;
      provinceCode: string;
      agencyId: string;
      roles: readonly StaffRole[];
      sessionId?: string;
    }
  /** Background jobs, the seed and the CLI. */
  | { kind: 'system'; name: string };

export const anonymous: Caller = { kind: 'anonymous' };
export const systemCaller = (name: string): Caller => ({ kind: 'system', name });
