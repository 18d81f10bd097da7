/**
 * `mocua signing …`: installs the certificates agencies and officials sign with
 * (docs/signatures.md). A .p12/.pfx password is read from stdin, used once to open the file,
 * and forgotten: the private key is stored sealed under SIGNING_KEY_SECRET.
 */
import { readFile } from 'node:fs/promises';
import { agencyByCode } from '../modules/directory/index.ts';
import {
  importPkcs12Key,
  listSigningKeys,
  registerPkcs11Key,
  registerRemoteKey,
  revokeKey,
  type SigningKeyRow,
  useSigning,
} from '../modules/dossiers/index.ts';
import { findAccountByLogin } from '../platform/auth/index.ts';
import type { Config } from '../platform/config.ts';
import type { Executor } from '../platform/db/index.ts';
import { DomainError } from '../platform/errors.ts';
import { createSigning, readCertificates } from '../platform/pdf/index.ts';
import type { Command, CommandContext } from './commands.ts';
import { readPassword } from './password-input.ts';

type WithDatabase = (config: Config, fn: (db: { db: Executor }) => Promise<number>) => Promise<number>;

async function ownerOf(db: Executor, ctx: CommandContext): Promise<{ agencyId: string; accountId?: string } | string> {
  const code = ctx.option('agency');
  if (!code) return 'thiếu --agency MÃ_CƠ_QUAN / --agency CODE is required';
  const agency = await agencyByCode(db, code);
  if (!agency || agency.provinceCode !== ctx.config.provinceCode)
    return `không có cơ quan mã ${code} / no agency ${code}`;
  const login = ctx.option('account');
  if (!login) return { agencyId: agency.id };
  const account = await findAccountByLogin(db, login);
  if (!account) return `không có tài khoản ${login} / no account ${login}`;
  return { agencyId: agency.id, accountId: account.id };
}

function describe(row: SigningKeyRow): string {
  const owner = row.accountId ? 'cá nhân / personal' : 'cơ quan / agency seal';
  return `${row.subject}\n  ${owner}, ${row.provider}, hiệu lực đến / valid until ${row.notAfter.toISOString()}\n  SHA-256 ${row.fingerprint}`;
}

/** Runs `body` and prints a DomainError as its Vietnamese message and code (exit 1). */
async function reported(body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof DomainError) {
      console.error(`${error.message} (${error.code})`);
      return 1;
    }
    throw error;
  }
}

export function signingCommands(withDatabase: WithDatabase): Record<string, Command> {
  const run = (usage: string, body: (db: Executor, ctx: CommandContext) => Promise<number>): Command => {
    return (ctx) => {
      useSigning(createSigning(ctx.config));
      return withDatabase(ctx.config, ({ db }) =>
        reported(async () => {
          const code = await body(db, ctx);
          if (code === 2) console.error(`Cách dùng / usage: ${usage}`);
          return code;
        }),
      );
    };
  };
  return {
    'signing import': run(
      'mocua signing import --agency CODE [--account LOGIN] --file F.p12  (mật khẩu qua stdin / password on stdin)',
      async (db, ctx) => {
        if (ctx.option('password') !== undefined) {
          console.error('Không nhận mật khẩu trên dòng lệnh; nhập qua stdin. / Give the password on stdin.');
          return 2;
        }
        const owner = await ownerOf(db, ctx);
        const file = ctx.option('file');
        if (typeof owner === 'string' || !file) {
          if (typeof owner === 'string') console.error(owner);
          return 2;
        }
        const pkcs12 = new Uint8Array(await readFile(file));
        const password = await readPassword('Mật khẩu tệp .p12 / .p12 password: ');
        const row = await importPkcs12Key(db, { owner, pkcs12, password });
        console.log(`Đã cài chứng thư số / installed:\n${describe(row)}`);
        return 0;
      },
    ),
    'signing token': run(
      'mocua signing token --agency CODE [--account LOGIN] --token LABEL --key LABEL [--chain ISSUERS.pem]',
      async (db, ctx) => {
        const owner = await ownerOf(db, ctx);
        const tokenLabel = ctx.option('token');
        const keyLabel = ctx.option('key');
        if (typeof owner === 'string' || !tokenLabel || !keyLabel) {
          if (typeof owner === 'string') console.error(owner);
          return 2;
        }
        const chainFile = ctx.option('chain');
        const chain = chainFile ? readCertificates(await readFile(chainFile)) : [];
        const row = await registerPkcs11Key(db, { owner, tokenLabel, keyLabel, chain });
        console.log(`Đã cài khóa trên thiết bị / installed:\n${describe(row)}`);
        return 0;
      },
    ),
    'signing smartca': run(
      'mocua signing smartca --agency CODE --account LOGIN --user-id CCCD [--serial SERIAL]',
      async (db, ctx) => {
        const owner = await ownerOf(db, ctx);
        const userId = ctx.option('user-id');
        if (typeof owner === 'string' || !userId) {
          if (typeof owner === 'string') console.error(owner);
          return 2;
        }
        const serial = ctx.option('serial');
        const row = await registerRemoteKey(db, { owner, userId, ...(serial ? { serialNumber: serial } : {}) });
        console.log(`Đã liên kết tài khoản ký số từ xa / linked:\n${describe(row)}`);
        return 0;
      },
    ),
    'signing csc': run(
      'mocua signing csc --agency CODE --account LOGIN --credential CREDENTIAL_ID',
      async (db, ctx) => {
        const owner = await ownerOf(db, ctx);
        const credential = ctx.option('credential');
        if (typeof owner === 'string' || !credential) {
          if (typeof owner === 'string') console.error(owner);
          return 2;
        }
        const row = await registerRemoteKey(db, { owner, userId: credential, service: 'csc' });
        console.log(`Đã liên kết chứng thư ký số từ xa (CSC API) / linked:\n${describe(row)}`);
        return 0;
      },
    ),
    'signing list': run('mocua signing list', async (db) => {
      const rows = await listSigningKeys(db);
      for (const row of rows) console.log(`[${row.status}${row.demo ? ', DEMO' : ''}] ${describe(row)}`);
      if (rows.length === 0) console.log('Chưa có chứng thư số nào / no signing keys.');
      return 0;
    }),
    'signing revoke': run('mocua signing revoke --fingerprint SHA256', async (db, ctx) => {
      const fingerprint = ctx.option('fingerprint')?.toUpperCase();
      if (!fingerprint) return 2;
      const row = (await listSigningKeys(db)).find((k) => k.fingerprint === fingerprint);
      if (!row) {
        console.error('Không tìm thấy chứng thư / not found');
        return 1;
      }
      await revokeKey(db, row.id);
      console.log(`Đã thu hồi / revoked: ${row.subject}`);
      return 0;
    }),
  };
}
