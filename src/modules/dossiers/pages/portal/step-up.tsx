/**
 * Step-up for online filing: a procedure states the level of assurance it needs (catalog
 * `assuranceLevel`); a citizen whose sign-in is lower is asked to sign in again through the
 * national sign-on at that level (`acr_values`, platform/auth/oidc.ts) and comes back to the same
 * filing page. The filing use case refuses the same case (ASSURANCE_TOO_LOW) for the API.
 */

import type { Config } from '../../../../platform/config.ts';
import { ButtonLink } from '../../../../web/components/form.tsx';
import type { PageContext } from '../../../../web/context.ts';
import { oidcStartPath } from '../../../../web/http.tsx';
import { Layout } from '../../../../web/layout.tsx';
import type { ProcedureView } from '../../../catalog/index.ts';

/**
 * The level the citizen must sign in at before filing, or undefined when theirs is enough.
 * Levels are asked only where the national sign-on is configured: nothing else can reach them.
 */
export function stepUpNeeded(config: Config, procedure: ProcedureView, assurance: number | undefined) {
  if (config.oidcIssuer === undefined) return undefined;
  const needed = procedure.assuranceLevel ?? 2;
  return (assurance ?? 0) < needed ? needed : undefined;
}

export function StepUpPage(props: { ctx: PageContext; needed: number; current: number; returnTo: string }) {
  const { ctx, needed, current, returnTo } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t.stepUpTitle}>
      <h1>{t.stepUpTitle}</h1>
      <p>{t.stepUpBody(needed, current)}</p>
      <ButtonLink href={oidcStartPath('citizen', returnTo, needed)}>{t.oidcSignIn}</ButtonLink>
    </Layout>
  );
}
