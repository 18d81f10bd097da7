/**
 * A browser in miniature for sign-in journeys across two sites (the portal and the identity
 * provider, both on 127.0.0.1): one cookie jar per origin, redirects followed by hand, forms
 * submitted with their hidden fields (and a login for the provider's login form).
 */
import assert from 'node:assert/strict';

export class Browser {
  readonly jars = new Map<string, Map<string, string>>();

  cookie(origin: string, name: string): string | undefined {
    return this.jars.get(origin)?.get(name);
  }

  async request(url: string, init: { method?: string; body?: URLSearchParams } = {}): Promise<Response> {
    const origin = new URL(url).origin;
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    this.jars.set(origin, jar);
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), accept: 'text/html' },
      ...(init.body ? { body: init.body } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const i = pair.indexOf('=');
      const [name, value] = [pair.slice(0, i).trim(), pair.slice(i + 1).trim()];
      const expired = attrs.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim())) || value === '';
      if (expired) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  }

  /**
   * From `start`, follows redirects and submits each page's form (the login form with `login`)
   * until a redirect to a URL `until` accepts; returns that URL and its answer, fetched.
   */
  async run(
    start: string,
    login: string,
    until: (url: URL) => boolean,
    first?: { method: 'POST'; body: URLSearchParams },
  ): Promise<{ url: string; res: Response; visited: string[] }> {
    let url = start;
    const visited = [url];
    let res = await this.request(url, first);
    for (let hops = 0; hops < 20; hops++) {
      if (res.status >= 300 && res.status < 400) {
        url = new URL(res.headers.get('location') ?? '', url).href;
        visited.push(url);
        if (until(new URL(url))) return { url, res: await this.request(url), visited };
        res = await this.request(url);
        continue;
      }
      const html = await res.text();
      const form = /<form[^>]*>/i.exec(html)?.[0] ?? '';
      const action = /action="([^"]+)"/.exec(form)?.[1];
      assert.ok(action, `expected a form at ${url} (${res.status}): ${html.slice(0, 300)}`);
      const fields = new URLSearchParams();
      for (const m of html.matchAll(/<input[^>]*type="hidden"[^>]*>/gi)) {
        const name = /name="([^"]+)"/.exec(m[0])?.[1];
        if (name) fields.set(name, /value="([^"]*)"/.exec(m[0])?.[1] ?? '');
      }
      if (fields.get('prompt') === 'login') {
        fields.set('login', login);
        fields.set('password', 'mat-khau-bat-ky');
      }
      url = new URL(action.replaceAll('&amp;', '&'), url).href;
      visited.push(url);
      res = await this.request(url, { method: 'POST', body: fields });
    }
    throw new Error('too many hops');
  }
}
