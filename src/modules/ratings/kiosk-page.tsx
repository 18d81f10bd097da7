/**
 * The counter kiosk page: three large buttons, the officer at the counter, a comment box. A
 * whole document of its own (no site navigation on a tablet anyone touches), with its own
 * stylesheet and script served by kiosk-routes.tsx: the CSP allows 'self' only.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { codeFolder } from '../../platform/paths.ts';
import type { KioskStatus } from './kiosk.ts';
import { levelLabels } from './labels.ts';
import { type RatingLevel, ratingLevels } from './schema.ts';

export interface KioskAsset {
  path: string;
  type: string;
  body: string;
  /** Content hash: the versioned URL is cached for a year. */
  version: string;
}

function loadAsset(file: string, type: string): KioskAsset {
  const body = readFileSync(path.join(codeFolder, 'modules', 'ratings', 'assets', file), 'utf8');
  const version = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { path: `/kiosk/assets/${file}`, type, body, version };
}

export const kioskAssets = {
  css: loadAsset('kiosk.css', 'text/css; charset=utf-8'),
  js: loadAsset('kiosk.js', 'text/javascript; charset=utf-8'),
};
const href = (a: KioskAsset) => `${a.path}?v=${a.version}`;

const THANKS = 'Cảm ơn bạn đã đánh giá';
const QUESTION = 'Bạn có hài lòng với sự phục vụ của cán bộ không?';

function initials(name: string): string {
  const words = name.trim().split(/\s+/);
  const first = words[0] ?? '';
  const last = words.length > 1 ? (words.at(-1) ?? '') : '';
  return `${first.charAt(0)}${last.charAt(0)}`.toUpperCase();
}

function Frame({ title, refresh, children }: { title: string; refresh?: string; children: ComponentChildren }) {
  return (
    <html lang="vi">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        {refresh ? <meta httpEquiv="refresh" content={refresh} /> : null}
        <title>{`${title} — Mở Cửa`}</title>
        <link rel="stylesheet" href={href(kioskAssets.css)} />
        <script src={href(kioskAssets.js)} defer />
      </head>
      <body class="kiosk">{children}</body>
    </html>
  );
}

function Officer({ status }: { status: KioskStatus }) {
  const officer = status.officer;
  return (
    <section class="kiosk-officer" aria-label="Cán bộ phục vụ">
      {/* A placeholder until staff photos exist: the officer's initials. */}
      <div class="kiosk-photo" aria-hidden="true" data-officer-initials>
        {officer ? initials(officer.name) : ''}
      </div>
      <div>
        <p class="kiosk-officer-label">Cán bộ phục vụ bạn</p>
        <p class="kiosk-officer-name" data-officer-name>
          {officer ? officer.name : 'Quầy chưa có cán bộ nhận ca'}
        </p>
        <p class="kiosk-officer-title" data-officer-title>
          {officer?.title ?? ''}
        </p>
      </div>
    </section>
  );
}

function Header({ status }: { status: KioskStatus }) {
  return (
    <header class="kiosk-header">
      <p class="kiosk-agency">{status.agencyName}</p>
      <p class="kiosk-counter">{status.counterName}</p>
    </header>
  );
}

const buttonClass: Record<RatingLevel, string> = {
  very_satisfied: 'kiosk-button kiosk-very',
  satisfied: 'kiosk-button kiosk-ok',
  unsatisfied: 'kiosk-button kiosk-bad',
};

export interface KioskPageProps {
  status: KioskStatus;
  token: string;
  csrf: string;
  /** A fresh uuid per rendering: a double tap on the plain form stores one rating. */
  clientId: string;
}

export function KioskPage({ status, token, csrf, clientId }: KioskPageProps) {
  return (
    <Frame title={`Đánh giá sự hài lòng — ${status.counterName}`}>
      <main class="kiosk-main" data-kiosk data-counter-id={status.counterId} data-kiosk-token={token}>
        <Header status={status} />
        <Officer status={status} />
        <form method="post" action={`/kiosk/${status.counterId}`} class="kiosk-form" data-kiosk-form>
          <input type="hidden" name="_csrf" value={csrf} />
          <input type="hidden" name="token" value={token} />
          <input type="hidden" name="clientId" value={clientId} />
          <h1 class="kiosk-question">{QUESTION}</h1>
          <div class="kiosk-buttons">
            {ratingLevels.map((level) => (
              <button type="submit" name="level" value={level} class={buttonClass[level]} key={level}>
                {levelLabels[level]}
              </button>
            ))}
          </div>
          <label class="kiosk-comment-label" for="kiosk-comment">
            Góp ý thêm (không bắt buộc): viết trước khi bấm nút đánh giá
          </label>
          <textarea class="kiosk-comment" id="kiosk-comment" name="comment" rows={2} maxLength={2000} />
        </form>
        <section class="kiosk-thanks" data-thanks role="status" hidden>
          <p class="kiosk-thanks-text">{THANKS}</p>
        </section>
        <p class="kiosk-note" data-queue hidden />
      </main>
    </Frame>
  );
}

/** After a plain form post: the thanks, then back to the buttons by itself (no script needed). */
export function KioskThanksPage({ status, backTo }: { status: KioskStatus; backTo: string }) {
  return (
    <Frame title={THANKS} refresh={`4;url=${backTo}`}>
      <main class="kiosk-main">
        <Header status={status} />
        <section class="kiosk-thanks" role="status">
          <p class="kiosk-thanks-text">{THANKS}</p>
        </section>
        <p class="kiosk-note">
          <a href={backTo}>Quay lại màn hình đánh giá</a>
        </p>
      </main>
    </Frame>
  );
}

/** The tablet cannot rate (no or revoked token, closed counter): says so in words staff can act on. */
export function KioskErrorPage({ message }: { message: string }) {
  return (
    <Frame title="Máy đánh giá chưa sẵn sàng">
      <main class="kiosk-main">
        <h1 class="kiosk-question">Máy đánh giá chưa sẵn sàng</h1>
        <p class="kiosk-error">{message}</p>
        <p class="kiosk-note">Vui lòng báo cán bộ quản trị của Trung tâm.</p>
      </main>
    </Frame>
  );
}

export function renderKiosk(page: VNode): string {
  return `<!doctype html>${renderToString(page)}`;
}
