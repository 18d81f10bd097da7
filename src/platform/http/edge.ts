/**
 * The edge controls that depend on how the server is deployed (issue 11, findings 5 and
 * "lower"): which proxies are believed, which request ids are kept, HSTS and Secure cookies
 * behind TLS, and who may read /metrics. What each one defends: docs/security.md.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';

/**
 * Fastify's trustProxy from TRUST_PROXY: the proxies' addresses as given, or a number of hops
 * as proxy-addr counts them (hop 0 is the peer that connected to us). `true` never gets here.
 */
export function proxyTrust(config: Config): false | string[] | ((address: string, hop: number) => boolean) {
  const trust = config.trustProxy;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust;
}

/**
 * A client's x-request-id is kept only when it is a short token of safe characters: it is
 * echoed in a header and written to every log line, so anything else (newlines, markup, a
 * megabyte) is replaced by a fresh id.
 */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function requestIdOf(raw: IncomingMessage): string {
  const header = raw.headers['x-request-id'];
  return typeof header === 'string' && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
}

/** HTTPS is terminated by the proxy: only then, and only for an https PUBLIC_URL, is HSTS sent. */
export function behindTls(config: Config): boolean {
  return config.trustProxy !== false && isHttps(config);
}

export function isHttps(config: Config): boolean {
  return config.publicUrl?.startsWith('https:') ?? false;
}

/** One year, this host only: sibling sites of a province domain may still be plain http. */
export const HSTS = 'max-age=31536000';

/**
 * Every cookie is Secure when the public address is https, whoever set it (sessions, CSRF
 * secret, language, filing drafts): one rewrite at the edge instead of an option at each site.
 */
export function secureCookies(app: FastifyInstance): void {
  app.addHook('onSend', (_request, reply, payload, done) => {
    const cookies = reply.getHeader('set-cookie');
    if (cookies !== undefined) {
      const list = (Array.isArray(cookies) ? cookies : [String(cookies)]).map((c) =>
        /;\s*secure\s*(;|$)/i.test(c) ? c : `${c}; Secure`,
      );
      // reply.header appends to set-cookie: remove the originals first.
      reply.removeHeader('set-cookie');
      reply.header('set-cookie', list);
    }
    done(null, payload);
  });
}

function blockListOf(addresses: readonly string[]): net.BlockList {
  const list = new net.BlockList();
  for (const entry of addresses) {
    const [address = '', prefix] = entry.split('/');
    const family = net.isIPv6(address) ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * /metrics tells the load, the routes and the process's memory: only the configured
 * addresses (METRICS_ALLOW, loopback by default) or a scraper with METRICS_TOKEN read it.
 */
export function metricsAccess(config: Config): (request: FastifyRequest) => boolean {
  const allowed = blockListOf(config.metricsAllow);
  return (request) => {
    const ip = request.ip.startsWith('::ffff:') ? request.ip.slice(7) : request.ip;
    if (net.isIP(ip) !== 0 && allowed.check(ip, net.isIPv6(ip) ? 'ipv6' : 'ipv4')) return true;
    const auth = request.headers.authorization;
    const token = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
    return config.metricsToken !== undefined && token !== undefined && sameSecret(token, config.metricsToken);
  };
}
