/** What the dossier routes share: who is asking, and how a dossier is named in a path. */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { anonymous, type Caller } from '../../platform/auth/caller.ts';

export const callerOf = (request: FastifyRequest): Caller => (request as { caller?: Caller }).caller ?? anonymous;

/** A dossier's code, or its id while it is a draft. */
export const DossierRef = Type.String({
  minLength: 10,
  maxLength: 40,
  pattern: '^([0-9A-Z.]+-\\d{6}-\\d{4,9}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$',
  description: 'Dossier code AgencyCode-YYMMDD-NNNN, or the id of a draft',
});
