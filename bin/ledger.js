#!/usr/bin/env node
// The `ledger` command: the built CLI (npm install builds it; `npm run build` rebuilds it).
// Tracing first (only `ledger serve` with OTEL_EXPORTER_OTLP_ENDPOINT set): it patches http,
// express and pg as they are loaded, so it must be there before they are.
require('../dist/apps/cli/src/tracing.js').startTracing();
require('../dist/apps/cli/src/main.js');
