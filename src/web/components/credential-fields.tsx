/** The login and password of a sign-in (the sign-in page, and linking a national sign-in to an account). */
import type { PageContext } from '../context.ts';
import { errorFor, type Problem, TextInput } from './form.tsx';

export function CredentialFields(props: {
  ctx: PageContext;
  loginLabel: string;
  login: string | undefined;
  problems: Problem[] | undefined;
}) {
  const { ctx, problems } = props;
  return (
    <>
      <TextInput
        ctx={ctx}
        name="login"
        label={props.loginLabel}
        value={props.login}
        error={errorFor(problems, 'login')}
        autocomplete="username"
        spellcheck={false}
        width="w20"
      />
      <TextInput
        ctx={ctx}
        name="password"
        type="password"
        label={ctx.t.passwordLabel}
        error={errorFor(problems, 'password')}
        autocomplete="current-password"
        width="w20"
      />
    </>
  );
}
