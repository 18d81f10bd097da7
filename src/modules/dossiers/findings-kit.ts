/**
 * Test kit for issue 11's dossier findings: a fixture, one staff member per agency and role
 * set, and a dossier filed online and walked through the service to a given stage.
 */
import { pdfBytes } from '../../../test/fixtures/files.ts';
import type { Caller, StaffRole } from '../../platform/auth/caller.ts';
import { DomainError } from '../../platform/errors.ts';
import type { ProcedureView } from '../catalog/index.ts';
import { takeAction } from './actions.ts';
import { addAttachment } from './attachments.ts';
import type { DossierCommand } from './states.ts';
import { type AgencyKey, type DossierFixture, dossierFixture, file, txId } from './testing.ts';

export const NOW = '2026-12-07T03:00:00Z';
export const MAX = 1e6;

export const idOf = (caller: Caller) => (caller.kind === 'staff' || caller.kind === 'citizen' ? caller.id : '');

/** 'ok', or the refusal's stable code. */
export const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof DomainError ? e.code : `unexpected: ${String(e)}`),
  );

type Stage = 'atSpecialist' | 'atLeader' | 'stepsDone' | 'resultReady' | 'delivered';
const order: Stage[] = ['atSpecialist', 'atLeader', 'stepsDone', 'resultReady', 'delivered'];

export interface FindingsKit {
  f: DossierFixture;
  procedure: ProcedureView;
  /** One staff member per agency and role set, made once. */
  who(agency: AgencyKey, ...roles: StaffRole[]): Promise<Caller>;
  act(caller: Caller, code: string, action: DossierCommand, sign?: boolean): ReturnType<typeof takeAction>;
  upload(
    caller: Caller,
    code: string,
    kind: 'paper' | 'result',
    sign?: boolean,
    bytes?: Uint8Array,
  ): ReturnType<typeof addAttachment>;
  /** A dossier filed online and taken through the service to `stage`. */
  walk(stage: Stage): Promise<{ code: string; citizen: Caller; draft: string | undefined }>;
}

export async function findingsKit(): Promise<FindingsKit> {
  const f = await dossierFixture();
  const procedure = await f.procedure();
  const people = new Map<string, Caller>();
  const kit: FindingsKit = {
    f,
    procedure,
    async who(agency, ...roles) {
      const key = `${agency}:${roles.join(',')}`;
      const known = people.get(key);
      if (known) return known;
      const made = await f.staffAt(agency, roles);
      people.set(key, made);
      return made;
    },
    act: (caller, code, action, sign = false) =>
      takeAction(f.db, caller, code, action, { transactionId: txId('finding'), signResult: sign }, f.at(NOW)),
    upload: async (caller, code, kind, sign = false, bytes) =>
      addAttachment(
        f.db,
        f.blobs,
        caller,
        code,
        {
          kind,
          fileName: kind === 'result' ? 'ket-qua.pdf' : 'giay-to.pdf',
          bytes: bytes ?? (await pdfBytes(kind)),
          sign,
        },
        { maxBytes: MAX, now: new Date(NOW) },
      ),
    async walk(stage) {
      const { who, act, upload } = kit;
      const citizen = f.citizen();
      const { code } = await file(f, citizen, procedure, NOW);
      const receiver = await who('minhxuanCentre', 'receiver');
      const upTo = (s: Stage) => order.indexOf(s) <= order.indexOf(stage);
      await act(receiver, code, { type: 'receive' });
      await act(receiver, code, { type: 'complete_step', stepIndex: 0 });
      if (upTo('atLeader'))
        await act(await who('minhxuan', 'specialist'), code, { type: 'complete_step', stepIndex: 1 });
      let draft: string | undefined;
      if (upTo('stepsDone')) {
        draft = (await upload(await who('minhxuan', 'leader'), code, 'result')).id;
        await act(await who('minhxuan', 'leader'), code, { type: 'approve' });
        await act(receiver, code, { type: 'complete_step', stepIndex: 3 });
      }
      if (upTo('resultReady') && draft) {
        const attach = { type: 'attach_result', attachmentIds: [draft], electronic: true } as const;
        await act(await who('minhxuanCentre', 'clerk'), code, attach);
      }
      if (upTo('delivered')) await act(receiver, code, { type: 'deliver', channel: 'counter' });
      return { code, citizen, draft };
    },
  };
  return kit;
}
