/**
 * Messages to citizens, from data/notify/templates.json (wording is data a province may edit,
 * not code). Keys are outbox topics; `{{name}}` placeholders are filled from values: dates as
 * dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh, numbers grouped the Vietnamese way (1.500.000).
 * E-mail gets a subject, a plain body and an HTML body with every value escaped; SMS and Zalo
 * get plain text. All output is NFC with full diacritics.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dataFolder } from '../paths.ts';

export const TEMPLATE_KEYS = [
  'dossier.received',
  'dossier.supplementRequested',
  'dossier.paymentRequested',
  'dossier.apologyExtended',
  'dossier.resultReady',
  'dossier.delivered',
  'feedback.received',
  'feedback.answered',
  'signing.keyExpiring',
] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

export interface MessageTemplate {
  /** E-mail subject. */
  subject: string;
  /** E-mail body and Zalo message, plain text; a blank line separates paragraphs. */
  text: string;
  /** Short SMS text. */
  sms: string;
}

type TemplateValue = string | number | Date;
export type TemplateVars = Readonly<Record<string, TemplateValue>>;

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

export const templatesFile = path.join(dataFolder, 'notify', 'templates.json');

/** Reads and checks a templates file: every key present, every field a non-empty string. */
export function loadTemplates(file: string = templatesFile): Record<TemplateKey, MessageTemplate> {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const all = (parsed as { templates?: unknown } | null)?.templates;
  if (typeof all !== 'object' || all === null) throw new Error(`${file}: no "templates" object`);
  const out: Partial<Record<TemplateKey, MessageTemplate>> = {};
  for (const key of TEMPLATE_KEYS) {
    const t = (all as Record<string, unknown>)[key] as Record<string, unknown> | undefined;
    const fields = ['subject', 'text', 'sms'] as const;
    for (const f of fields) {
      if (typeof t?.[f] !== 'string' || t[f] === '')
        throw new Error(`${file}: templates["${key}"].${f} must be a non-empty string`);
    }
    out[key] = {
      subject: String(t?.subject).normalize('NFC'),
      text: String(t?.text).normalize('NFC'),
      sms: String(t?.sms).normalize('NFC'),
    };
  }
  return out as Record<TemplateKey, MessageTemplate>;
}

let cached: Record<TemplateKey, MessageTemplate> | undefined;
function templates(): Record<TemplateKey, MessageTemplate> {
  cached ??= loadTemplates();
  return cached;
}

/** The placeholder names a template text uses, in order, without repeats. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))];
}

const VIETNAM_OFFSET_MS = 7 * 3_600_000; // Asia/Ho_Chi_Minh, UTC+7 all year (no daylight saving)

/** dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh. */
export function formatVietnamDateTime(at: Date): string {
  const local = new Date(at.getTime() + VIETNAM_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)}/${local.getUTCFullYear()} ${two(local.getUTCHours())}:${two(local.getUTCMinutes())}`;
}

const numberFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

function plain(value: TemplateValue): string {
  if (value instanceof Date) return formatVietnamDateTime(value);
  if (typeof value === 'number') return numberFormat.format(value);
  // Values are one line of text in a message; control characters other than newlines go.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
  return value.normalize('NFC').replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '');
}

function fill(
  template: string,
  vars: TemplateVars,
  encode: (value: string) => string,
  literal: (text: string) => string,
): string {
  let out = '';
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const name = m[1] ?? '';
    const value = vars[name];
    if (value === undefined) throw new Error(`notification template: no value for {{${name}}}`);
    out += literal(template.slice(last, m.index)) + encode(plain(value));
    last = m.index + m[0].length;
  }
  return (out + literal(template.slice(last))).normalize('NFC');
}

const identity = (s: string) => s;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function htmlValue(value: string): string {
  const escaped = escapeHtml(value).replace(/\n/g, '<br>');
  return /^https?:\/\/\S+$/.test(value) ? `<a href="${escaped}">${escaped}</a>` : escaped;
}

function htmlBody(template: string, vars: TemplateVars): string {
  const paragraphs = template
    .split(/\n{2,}/)
    .map((p) => `<p>${fill(p, vars, htmlValue, (t) => escapeHtml(t).replace(/\n/g, '<br>'))}</p>`);
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"></head><body>${paragraphs.join('')}</body></html>`;
}

function template(key: TemplateKey): MessageTemplate {
  const t = templates()[key];
  if (!t) throw new Error(`notification template: unknown key ${key}`);
  return t;
}

export function renderEmail(key: TemplateKey, vars: TemplateVars): { subject: string; text: string; html: string } {
  const t = template(key);
  const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ');
  return {
    subject: oneLine(fill(t.subject, vars, identity, identity)),
    text: fill(t.text, vars, identity, identity),
    html: htmlBody(t.text, vars),
  };
}

export function renderSms(key: TemplateKey, vars: TemplateVars): { text: string } {
  return { text: fill(template(key).sms, vars, identity, identity).replace(/\s+/g, ' ').trim() };
}

export function renderZalo(key: TemplateKey, vars: TemplateVars): { text: string } {
  return { text: fill(template(key).text, vars, identity, identity) };
}

/** The outbox payload of a notification on a text channel (ZNS uses its own approved templates). */
export function notificationPayload(
  channel: 'email' | 'sms' | 'zalo',
  key: TemplateKey,
  vars: TemplateVars,
): Record<string, string> {
  if (channel === 'email') return renderEmail(key, vars);
  return channel === 'sms' ? renderSms(key, vars) : renderZalo(key, vars);
}
