/** Panels and banners: the confirmation panel, notification banners, inset and warning text. */
import type { ComponentChildren } from 'preact';

export function Panel({ title, children }: { title: ComponentChildren; children?: ComponentChildren }) {
  return (
    <div class="panel">
      <h1 class="panel-title">{title}</h1>
      {children ? <div class="panel-body">{children}</div> : null}
    </div>
  );
}

/** `success` banners announce what just happened (role=alert); others are a labelled region. */
export function Banner({
  title,
  children,
  kind = 'info',
}: {
  title: string;
  children: ComponentChildren;
  kind?: 'info' | 'success';
}) {
  const inner = (
    <>
      <div class="banner-header">
        <h2 class="banner-title" id="banner-title">
          {title}
        </h2>
      </div>
      <div class="banner-content">{children}</div>
    </>
  );
  return kind === 'success' ? (
    <div class="banner banner-success" role="alert" aria-labelledby="banner-title" tabIndex={-1}>
      {inner}
    </div>
  ) : (
    <section class="banner banner-info" aria-labelledby="banner-title">
      {inner}
    </section>
  );
}

export function Inset({ children }: { children: ComponentChildren }) {
  return <div class="inset">{children}</div>;
}

export function Warning({ children, label }: { children: ComponentChildren; label: string }) {
  return (
    <div class="warning-text">
      <span class="warning-icon" aria-hidden="true">
        !
      </span>
      <strong class="warning-body">
        <span class="visually-hidden">{label}</span>
        {children}
      </strong>
    </div>
  );
}
