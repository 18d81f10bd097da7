/**
 * What a process remembers between requests that it read from its database or was handed by the
 * composition root: the working calendars, agencies' headings, the province's name, the signing
 * services. A process serves one database, so remembering is right in production. A test worker
 * runs many files in one process, each on a database of its own (scripts/test-worker.mjs): before
 * each file it calls forgetProcessState(), so every file starts as a new process would.
 */
const forgetters = new Set<() => void>();

/** Registers how to forget one remembered thing (called once, where it is kept). */
export function forgetBetweenTests(forget: () => void): void {
  forgetters.add(forget);
}

export function forgetProcessState(): void {
  for (const forget of forgetters) forget();
}
