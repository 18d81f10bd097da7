// Rewrites README's settings table from src/platform/config.ts (the only list of settings):
//   npm exec -- tsx scripts/readme-settings.ts
// src/platform/config.test.ts fails while the README's table differs from the generated one.
import { readFileSync, writeFileSync } from 'node:fs';
import { readmeWithSettings } from '../src/platform/config.ts';

const readme = readFileSync('README.md', 'utf8');
writeFileSync('README.md', readmeWithSettings(readme));
