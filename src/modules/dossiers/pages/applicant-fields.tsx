/**
 * The applicant's fields (type, full name, personal id, contacts, address), the same on the
 * portal's applicant step and on the counter's reception form; what differs is who types them.
 */

import type { VerifiedIdentity } from '../../../platform/auth/index.ts';
import { ChoiceGroup, errorFor, type Problem, TextInput } from '../../../web/components/form.tsx';
import { SummaryList } from '../../../web/components/summary-list.tsx';
import type { PageContext } from '../../../web/context.ts';
import { applicantTypeLabel } from '../../../web/labels.ts';
import type { ProcedureView } from '../../catalog/index.ts';

export interface ApplicantValues {
  type: string;
  fullName: string;
  personalId: string;
  phone: string;
  email: string;
  address: string;
}

export function ApplicantFields(props: {
  ctx: PageContext;
  procedure: ProcedureView;
  values: ApplicantValues;
  problems?: Problem[] | undefined;
  /**
   * `applicant`: the person types their own data online, so the browser may fill it in
   * (autocomplete, WCAG 1.3.5) and the hints explain each field. `officer`: a receiver types
   * it at the counter for someone else: no autocomplete (it would offer the officer's own
   * data), short hints, the type as inline radios to keep the long form compact.
   */
  filledBy: 'applicant' | 'officer';
  /**
   * Who the national sign-on says the citizen is: name, personal id and birth date are shown,
   * not asked, and the applicant step files them as they came (portal/filing.tsx).
   */
  verified?: VerifiedIdentity | undefined;
}) {
  const { ctx, procedure, values: v, problems } = props;
  const t = ctx.t;
  const self = props.filledBy === 'applicant';
  const err = (name: string) => errorFor(problems, name);
  const auto = (token: string) => (self ? token : undefined);
  const verified = self && procedure.applicantTypes.includes('citizen') ? props.verified : undefined;
  return (
    <>
      {verified ? (
        <>
          <input type="hidden" name="type" value="citizen" />
          <h2 class="h3">{t.verifiedIdentityTitle}</h2>
          <p class="hint">{t.verifiedIdentityHint}</p>
          <SummaryList
            rows={[
              { key: t.fullNameLabel, value: verified.fullName },
              { key: t.personalIdLabel, value: verified.personalId },
              ...(verified.birthDate ? [{ key: t.birthDateLabel, value: birthDateText(verified.birthDate) }] : []),
            ]}
          />
        </>
      ) : procedure.applicantTypes.length > 1 ? (
        <ChoiceGroup
          ctx={ctx}
          name="type"
          label={t.applicantType}
          error={err('type')}
          values={[v.type]}
          inline={!self}
          options={procedure.applicantTypes.map((a) => ({ value: a, label: applicantTypeLabel(ctx, a) }))}
        />
      ) : (
        <input type="hidden" name="type" value={procedure.applicantTypes[0] ?? 'citizen'} />
      )}
      {verified ? null : (
        <>
          <TextInput
            ctx={ctx}
            name="fullName"
            label={t.fullNameLabel}
            value={v.fullName}
            error={err('fullName')}
            autocomplete={auto('name')}
            spellcheck={false}
          />
          <TextInput
            ctx={ctx}
            name="personalId"
            label={t.personalIdLabel}
            hint={self ? t.personalIdHint : undefined}
            value={v.personalId}
            error={err('personalId')}
            inputmode="numeric"
            width="w10"
            maxLength={self ? 14 : undefined}
            optional
          />
        </>
      )}
      {self ? <p class="hint">{t.contactHint}</p> : null}
      <TextInput
        ctx={ctx}
        name="phone"
        type="tel"
        label={t.phoneLabel}
        hint={self ? undefined : t.contactHint}
        value={v.phone}
        error={err('phone')}
        autocomplete={auto('tel')}
        width="w10"
      />
      <TextInput
        ctx={ctx}
        name="email"
        type="email"
        label={t.emailLabel}
        value={v.email}
        error={err('email')}
        autocomplete={auto('email')}
        spellcheck={false}
        width="w20"
        optional
      />
      <TextInput
        ctx={ctx}
        name="address"
        label={t.addressLabel}
        value={v.address}
        error={err('address')}
        autocomplete={auto('street-address')}
        optional
      />
    </>
  );
}

/** YYYY-MM-DD → dd/mm/yyyy, as Vietnamese papers write a date of birth. */
const birthDateText = (iso: string) => iso.split('-').reverse().join('/');
