#!/usr/bin/env node
// The installed `mocua` command: the production bundle (npm run build).
import '../dist/mocua.js';
