/**
 * The HTML frame of server-rendered pages: Vietnamese, a skip link first, one self-hosted
 * stylesheet (the CSP allows 'self' only: no CDN, no inline style), no script needed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { projectRoot } from '../platform/paths.ts';

export const SITE_NAME = 'Mở Cửa';
export const STYLESHEET_PATH = '/assets/site.css';

export interface LayoutProps {
  /** The page's own title; the site name is appended. */
  title: string;
  children: ComponentChildren;
}

export function Layout({ title, children }: LayoutProps) {
  return (
    <html lang="vi">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} — ${SITE_NAME}`}</title>
        <link rel="stylesheet" href={STYLESHEET_PATH} />
      </head>
      <body>
        <a class="skip-link" href="#noi-dung">
          Bỏ qua, đến nội dung chính
        </a>
        <header class="site-header">
          <a href="/">{SITE_NAME}</a>
          <p class="tagline">Cổng dịch vụ công và hệ thống một cửa điện tử</p>
        </header>
        <main id="noi-dung" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <p>{SITE_NAME} — phần mềm nguồn mở phục vụ người dân, doanh nghiệp và cơ quan nhà nước.</p>
        </footer>
      </body>
    </html>
  );
}

/** A whole document: doctype plus the rendered tree. */
export function renderPage(page: VNode): string {
  return `<!doctype html>${renderToString(page)}`;
}

/** Serves the stylesheet, read once at start-up. */
export function assetRoutes(app: FastifyInstance): void {
  const css = readFileSync(path.join(projectRoot, 'src', 'web', 'assets', 'site.css'), 'utf8');
  app.get(STYLESHEET_PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(css),
  );
}
