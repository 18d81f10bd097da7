/** Identifiers of the domain (DOMAIN.md §1.4, §4): parse, validate, format. Pure, except generateTrackingKey (CSPRNG). */
export * from './admin-unit-code.ts';
export * from './agency-code.ts';
export * from './dossier-code.ts';
export * from './fold.ts';
export * from './personal-id.ts';
export * from './procedure-code.ts';
export * from './province-data.ts';
