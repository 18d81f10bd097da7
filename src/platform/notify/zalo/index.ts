/** Zalo Official Account integration (DOMAIN.md §7): webhook checks, OAuth v4 tokens, API client. */

export {};
