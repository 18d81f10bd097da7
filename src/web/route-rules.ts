/**
 * Who may open the pages (portal, workspace). A page that needs a session sends an
 * anonymous visitor to its sign-in page; see platform/auth/route-rules.ts.
 */
import type { RouteRules } from '../platform/auth/route-rules.ts';

const citizenPage = { allow: 'citizens', why: 'the citizen’s own pages' } as const;
const staffPage = { allow: 'staff', why: 'the officers’ workspace' } as const;
const mine = {
  allow: ['owner'],
  why: 'the applicant’s own dossier; another citizen gets 404',
  seenBy: ['owner'],
} as const;
const held = {
  allow: ['receiver'],
  why: 'the dossier’s holding agency; other officers get 404',
  seenBy: ['receiver'],
} as const;
const counter = { allow: ['receiver'], why: 'receivers at the counter' } as const;

export const pageRouteRules: RouteRules = {
  'GET /': { allow: 'everyone', why: 'the portal' },
  'GET /co-quan': { allow: 'everyone', why: 'the portal' },
  'GET /thu-tuc': { allow: 'everyone', why: 'the portal' },
  'GET /thu-tuc/{code}': { allow: 'everyone', why: 'the portal' },
  'GET /mau-don/{file}': { allow: 'everyone', why: 'the forms to download' },
  'GET /tra-cuu': { allow: 'everyone', why: 'tracking by code and key' },
  'GET /tra-cuu/{code}': { allow: 'everyone', why: 'tracking by code and key (the key is the proof)' },
  'GET /dang-nhap': { allow: 'everyone', why: 'sign-in' },
  'POST /dang-nhap': { allow: 'credential', why: 'the password is the credential' },
  'GET /dang-nhap/ma-xac-thuc': { allow: 'credential', why: 'a pending sign-in is the credential' },
  'POST /dang-nhap/ma-xac-thuc': { allow: 'credential', why: 'a pending sign-in is the credential' },
  'POST /dang-xuat': { allow: 'everyone', why: 'sign-out' },
  'GET /dang-nhap/lien-ket': { allow: 'credential', why: 'a national sign-on held for linking is the credential' },
  'POST /dang-nhap/lien-ket': {
    allow: 'credential',
    why: 'the held national sign-on and the existing account’s password are the credentials',
  },
  'POST /dang-nhap/lien-ket/tai-khoan-moi': {
    allow: 'credential',
    why: 'a national sign-on held for linking is the credential',
  },
  'GET /dang-ky/xac-nhan': { allow: 'credential', why: 'the one-time link sent to the address is the credential' },
  'POST /dang-ky/xac-nhan': { allow: 'credential', why: 'the one-time link sent to the address is the credential' },
  'GET /doi-mat-khau': { allow: 'signedIn', why: 'each account changes its own password' },
  'POST /doi-mat-khau': { allow: 'signedIn', why: 'each account changes its own password' },
  'GET /quen-mat-khau': { allow: 'everyone', why: 'anyone asks for a reset link' },
  'POST /quen-mat-khau': { allow: 'everyone', why: 'anyone asks for a reset link (same answer for every login)' },
  'GET /dat-lai-mat-khau': { allow: 'credential', why: 'the one-time reset link is the credential' },
  'POST /dat-lai-mat-khau': { allow: 'credential', why: 'the one-time reset link is the credential' },
  'GET /dang-ky': { allow: 'everyone', why: 'registration' },
  'POST /dang-ky': { allow: 'everyone', why: 'registration' },
  'GET /nop-ho-so/{code}': citizenPage,
  'GET /nop-ho-so/{code}/{step}': citizenPage,
  'POST /nop-ho-so/{code}/noi-nop': citizenPage,
  'POST /nop-ho-so/{code}/nguoi-nop': citizenPage,
  'POST /nop-ho-so/{code}/to-khai': citizenPage,
  'POST /nop-ho-so/{code}/giay-to/tai-len/{paper}': citizenPage,
  'POST /nop-ho-so/{code}/giay-to/xoa': citizenPage,
  'POST /nop-ho-so/{code}/giay-to/dung-lai/{paper}': citizenPage,
  'POST /nop-ho-so/{code}/giay-to': citizenPage,
  'POST /nop-ho-so/{code}/kiem-tra': citizenPage,
  'GET /nop-ho-so/{code}/dan-cu': citizenPage,
  'POST /nop-ho-so/{code}/dan-cu': {
    ...citizenPage,
    why: 'a citizen signed in through VNeID looks up their own record with consent (issue 18); others are refused',
  },
  'GET /ho-so-cua-toi/thong-bao': citizenPage,
  'POST /ho-so-cua-toi/thong-bao': citizenPage,
  'GET /ho-so-cua-toi': citizenPage,
  'GET /ho-so-cua-toi/{code}': mine,
  'GET /ho-so-cua-toi/{code}/da-nop': mine,
  'GET /ho-so-cua-toi/{code}/bo-sung': mine,
  'POST /ho-so-cua-toi/{code}/bo-sung': mine,
  'POST /ho-so-cua-toi/{code}/bo-sung/tai-len': mine,
  'GET /ho-so-cua-toi/{code}/rut': mine,
  'POST /ho-so-cua-toi/{code}/rut': mine,
  'GET /workspace/dang-nhap': { allow: 'everyone', why: 'the officers’ sign-in' },
  'POST /workspace/dang-nhap': { allow: 'credential', why: 'the password is the credential' },
  'GET /workspace/dang-nhap/ma-xac-thuc': { allow: 'credential', why: 'a pending sign-in is the credential' },
  'POST /workspace/dang-nhap/ma-xac-thuc': { allow: 'credential', why: 'a pending sign-in is the credential' },
  'POST /workspace/dang-xuat': { allow: 'everyone', why: 'sign-out' },
  'GET /workspace/doi-mat-khau': staffPage,
  'POST /workspace/doi-mat-khau': staffPage,
  'GET /workspace/': staffPage,
  'GET /workspace/ho-so/{code}': held,
  'GET /workspace/tim-kiem': staffPage,
  'GET /workspace/ho-so/{code}/thao-tac/{action}': held,
  'POST /workspace/ho-so/{code}/thao-tac/{action}': held,
  'POST /workspace/ho-so/{code}/thao-tac/{action}/tai-len': held,
  'GET /workspace/chu-ky-so': staffPage,
  'POST /workspace/chu-ky-so/anh-chu-ky': { ...staffPage, why: 'an officer’s own signature image', upload: true },
  'POST /workspace/chu-ky-so/anh-con-dau': {
    allow: ['agencyAdmin', 'communeAdmin', 'provinceAdmin'],
    why: 'an agency’s seal image: its administrators (or the province’s)',
    upload: true,
  },
  'GET /workspace/tiep-nhan': counter,
  'GET /workspace/tiep-nhan/{code}': counter,
  'POST /workspace/tiep-nhan/{code}': counter,
  'GET /workspace/ho-so/{code}/quet': counter,
  'POST /workspace/ho-so/{code}/quet': counter,
  'GET /workspace/ho-so/{code}/phieu-tai-quay': counter,
  // Hidden from the OpenAPI document.
  'GET /assets/site.css': { allow: 'everyone', why: 'the style sheet' },
  'GET /assets/enhance.js': { allow: 'everyone', why: 'the progressive-enhancement script' },
  'GET /workspace': staffPage,
};
