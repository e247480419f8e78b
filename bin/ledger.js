#!/usr/bin/env node
// The `ledger` command: the built CLI (npm install builds it; `npm run build` rebuilds it).
require('../dist/apps/cli/src/main.js');
