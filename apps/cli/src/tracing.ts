import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { NodeSDK } from '@opentelemetry/sdk-node';

/** OpenTelemetry's own switch, and the endpoints that turn tracing on (docs/operations.md). */
const wanted = (env: NodeJS.ProcessEnv) =>
  env.OTEL_SDK_DISABLED?.trim().toLowerCase() !== 'true' &&
  Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());

let sdk: NodeSDK | undefined;

/**
 * Traces `ledger serve` to an OTLP collector, only when OTEL_EXPORTER_OTLP_ENDPOINT (or its
 * traces-only form) is set: each request's server span, with the request id as its
 * `ledger.request_id` attribute, Express's middleware and route spans, and the PostgreSQL
 * queries a request makes. The rest (protocol, headers, sampling, service name) is
 * OpenTelemetry's standard OTEL_* environment. It must start before `http`, `express` and `pg`
 * are loaded, which it patches as they load: bin/ledger.js calls it before anything else, and
 * it loads nothing of OpenTelemetry unless it is wanted.
 */
export const startTracing = (argv: string[] = process.argv, env: NodeJS.ProcessEnv = process.env): void => {
  if (argv[2] !== 'serve' || !wanted(env) || sdk) return;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation } =
    require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { PgInstrumentation } =
    require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  /* eslint-enable @typescript-eslint/no-require-imports */
  sdk = new NodeSDK({
    ...(env.OTEL_SERVICE_NAME?.trim() ? {} : { serviceName: 'appraisal-ledger' }),
    instrumentations: [
      new HttpInstrumentation({
        // Read when the answer is sent: by then the request id is the one the server settled on.
        applyCustomAttributesOnSpan: (span, request) => {
          const requestId = (request as IncomingMessage).headers?.['x-request-id'];
          if (typeof requestId === 'string') span.setAttribute('ledger.request_id', requestId);
        },
      }),
      new ExpressInstrumentation(),
      // Only queries a traced request makes: the followers of the log poll on their own.
      new PgInstrumentation({ requireParentSpan: true }),
    ],
    // Traces only: metrics are Prometheus's (/api/metrics), logs are stdout's.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  // Nest is an ES module, and require hooks never see its `import express`: express is loaded
  // here first, from CommonJS, where the instrumentation patches it, and Nest then finds it loaded.
  createRequire(require.resolve('@nestjs/platform-express'))('express');
};

/** Sends the spans still buffered; called as `ledger serve` stops. */
export const stopTracing = async (): Promise<void> => {
  await sdk?.shutdown().catch(() => undefined);
  sdk = undefined;
};
