/**
 * The HTML frame of server-rendered pages: the page's language, a skip link first, one
 * self-hosted stylesheet and one small deferred script that only enhances (the CSP allows
 * 'self' only: no CDN, no inline script or style). Pages work before any script loads.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { codeFolder } from '../platform/paths.ts';
import type { PageContext } from './context.ts';
import { switchLangHref } from './i18n/index.ts';

const SITE_NAME = 'Mở Cửa';

interface Asset {
  path: string;
  type: string;
  body: string;
  /** Cache-busting version: the content's hash, so the file can be cached for a year. */
  version: string;
}

function loadAsset(file: string, urlPath: string, type: string): Asset {
  const body = readFileSync(path.join(codeFolder, 'web', 'assets', file), 'utf8');
  return { path: urlPath, type, body, version: createHash('sha256').update(body).digest('hex').slice(0, 12) };
}

const assets = {
  css: loadAsset('site.css', '/assets/site.css', 'text/css; charset=utf-8'),
  js: loadAsset('enhance.js', '/assets/enhance.js', 'text/javascript; charset=utf-8'),
};

const href = (a: Asset) => `${a.path}?v=${a.version}`;

export interface LayoutProps {
  ctx: PageContext;
  /** The page's own title; the site name is appended. An error prefix is added when the page shows errors. */
  title: string;
  hasErrors?: boolean;
  /** Above the main heading: breadcrumbs or a back link. */
  before?: ComponentChildren;
  children: ComponentChildren;
}

function NavLink({ ctx, href: to, children }: { ctx: PageContext; href: string; children: ComponentChildren }) {
  const here = ctx.url.split('?')[0] ?? '';
  const current = here === to || (to !== '/' && to !== '/workspace' && here.startsWith(`${to}/`));
  return (
    <li class="nav-item">
      <a class="nav-link" href={to} aria-current={current ? 'page' : undefined}>
        {children}
      </a>
    </li>
  );
}

function SignOut({ ctx }: { ctx: PageContext }) {
  return (
    <li class="nav-item">
      <form method="post" action={ctx.area === 'workspace' ? '/workspace/dang-xuat' : '/dang-xuat'} class="inline-form">
        <input type="hidden" name="_csrf" value={ctx.csrf} />
        <button type="submit" class="nav-link nav-button">
          {ctx.t.navSignOut}
        </button>
      </form>
    </li>
  );
}

function PortalNav({ ctx }: { ctx: PageContext }) {
  const t = ctx.t;
  const citizen = ctx.caller.kind === 'citizen';
  return (
    <ul class="nav-list">
      <NavLink ctx={ctx} href="/thu-tuc">
        {t.navProcedures}
      </NavLink>
      <NavLink ctx={ctx} href="/tra-cuu">
        {t.navTrack}
      </NavLink>
      <NavLink ctx={ctx} href="/phan-anh-kien-nghi">
        {t.navFeedback}
      </NavLink>
      {citizen ? (
        <NavLink ctx={ctx} href="/ho-so-cua-toi">
          {t.navMyDossiers}
        </NavLink>
      ) : null}
      {citizen ? (
        <NavLink ctx={ctx} href="/giay-to-cua-toi">
          {t.navMyPapers}
        </NavLink>
      ) : null}
      {ctx.caller.kind === 'anonymous' ? (
        <NavLink ctx={ctx} href="/dang-nhap">
          {t.navSignIn}
        </NavLink>
      ) : (
        <SignOut ctx={ctx} />
      )}
    </ul>
  );
}

function WorkspaceNav({ ctx }: { ctx: PageContext }) {
  const t = ctx.t;
  if (ctx.caller.kind !== 'staff') return null;
  return (
    <ul class="nav-list">
      <NavLink ctx={ctx} href="/workspace">
        {t.navInbox}
      </NavLink>
      {ctx.caller.roles.includes('receiver') ? (
        <NavLink ctx={ctx} href="/workspace/tiep-nhan">
          {t.navCounter}
        </NavLink>
      ) : null}
      <NavLink ctx={ctx} href="/workspace/tim-kiem">
        {t.navSearch}
      </NavLink>
      <NavLink ctx={ctx} href="/workspace/phan-anh-kien-nghi">
        {t.navFeedback}
      </NavLink>
      {ctx.caller.roles.some((r) => r === 'leader' || r === 'admin' || r === 'inspector') ? (
        <NavLink ctx={ctx} href="/dashboard">
          {t.navDashboard}
        </NavLink>
      ) : null}
      <NavLink ctx={ctx} href="/workspace/van-ban">
        {t.navDocuments}
      </NavLink>
      <SignOut ctx={ctx} />
    </ul>
  );
}

/**
 * The state's emblem motif (a gold star on a red disc), drawn inline: no request, no image
 * from another host. A province replaces it with its own mark here (docs/forms-and-slips.md).
 */
function Emblem() {
  return (
    <svg class="emblem" viewBox="0 0 40 40" width="40" height="40" aria-hidden="true" focusable="false">
      <circle cx="20" cy="20" r="19" fill="#da251d" stroke="#ffcd00" stroke-width="2" />
      <path fill="#ffcd00" d="M20 7l3.8 11.6H36l-9.9 7.2 3.8 11.6L20 30.2l-9.9 7.2 3.8-11.6L4 18.6h12.2z" />
    </svg>
  );
}

export function Layout({ ctx, title, hasErrors, before, children }: LayoutProps) {
  const t = ctx.t;
  const workspace = ctx.area === 'workspace';
  return (
    <html lang={ctx.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${hasErrors ? `${t.errorPrefix} ` : ''}${title} — ${SITE_NAME}`}</title>
        {/* No favicon request: one round trip less on a slow link. */}
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={href(assets.css)} />
        <script src={href(assets.js)} defer />
      </head>
      <body class={workspace ? 'area-workspace' : 'area-portal'}>
        <a class="skip-link" href="#noi-dung">
          {t.skipLink}
        </a>
        <header class="site-header">
          <div class="header-inner">
            <a class="brand" href={workspace ? '/workspace' : '/'}>
              <Emblem />
              <span class="brand-text">
                {ctx.provinceName ? <span class="brand-province">{ctx.provinceName}</span> : null}
                <span class="brand-name">{SITE_NAME}</span>
                <span class="brand-tagline">{workspace ? t.workspaceTagline : t.siteTagline}</span>
              </span>
            </a>
            <a class="lang-switch" href={switchLangHref(ctx.url, ctx.lang)} hrefLang={ctx.lang === 'vi' ? 'en' : 'vi'}>
              <span lang={ctx.lang === 'vi' ? 'en' : 'vi'}>{t.switchLang}</span>
            </a>
          </div>
          <nav class="site-nav" aria-label={t.mainNav}>
            {/*
              Folded behind "Danh mục" on a phone, with or without script (issue 13, item 9); a
              wide screen shows it open where the browser can (site.css, ::details-content).
            */}
            <details class="header-inner nav-menu">
              <summary class="nav-toggle">{t.menu}</summary>
              {workspace ? <WorkspaceNav ctx={ctx} /> : <PortalNav ctx={ctx} />}
              {ctx.userName ? (
                <p class="signed-in">
                  {t.signedInAs(ctx.userName)} ·{' '}
                  <a href={workspace ? '/workspace/doi-mat-khau' : '/doi-mat-khau'}>{t.accountSettingsLink}</a>
                  {workspace ? (
                    <>
                      {' · '}
                      <a href="/workspace/chu-ky-so">{t.signatureImagesTitle}</a>
                    </>
                  ) : null}
                </p>
              ) : null}
            </details>
          </nav>
        </header>
        <div class="page">
          {/* The back link and breadcrumbs open the main landmark: no content outside landmarks (axe "region"). */}
          <main id="noi-dung" tabIndex={-1}>
            {before}
            {children}
          </main>
        </div>
        <footer class="site-footer">
          <p>{t.footer}</p>
        </footer>
      </body>
    </html>
  );
}

/** A whole document: doctype plus the rendered tree. */
export function renderPage(page: VNode): string {
  return `<!doctype html>${renderToString(page)}`;
}

/** Serves the stylesheet and the script, read once at start-up, cached for a year (versioned URLs). */
export function assetRoutes(app: FastifyInstance): void {
  for (const asset of Object.values(assets)) {
    app.get(asset.path, { schema: { hide: true } }, async (request, reply) => {
      const versioned = (request.query as Record<string, unknown>).v === asset.version;
      return reply
        .type(asset.type)
        .header('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300')
        .header('etag', `"${asset.version}"`)
        .send(asset.body);
    });
  }
}
