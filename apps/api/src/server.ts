import 'reflect-metadata';
import { join } from 'node:path';
import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import type { Ledger } from '@ledger/ledger';
import { AppModule } from './app.module';
import { WEB_APP_DIR } from './dashboard/web-app';
import { ledgerValidationPipe } from './errors/validation';
import { DEFAULT_HTTP_SETTINGS, HttpSettings } from './http-settings';
import { NestLog, requestLog, serverLog } from './observability/logging';
import { requestIds } from './observability/request-id';
import { applyCorsPolicy } from './security/cors';
import { docsContentSecurityPolicy, securityHeaders } from './security/security-headers';

export interface ServerOptions {
  settings?: HttpSettings;
  /** Where the server logs; by default JSON lines on stdout at the settings' level. */
  log?: Logger;
}

/**
 * Builds the HTTP (or, with a certificate, HTTPS) application: routes under /api, OpenAPI at
 * /api/docs-json, Swagger UI at /api/docs, the dashboard at /. Before any route, in this order:
 * the request's id, its log line, the security headers, the CORS policy.
 */
export const createServer = async (
  ledger: Ledger,
  options: ServerOptions = {},
): Promise<INestApplication> => {
  const settings = options.settings ?? DEFAULT_HTTP_SETTINGS;
  const log = options.log ?? serverLog(settings.logLevel);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.over(ledger, settings), {
    logger: new NestLog(log),
    ...(settings.tls ? { httpsOptions: settings.tls } : {}),
  });
  if (settings.trustProxy !== null) app.set('trust proxy', settings.trustProxy);
  app.use(requestIds());
  app.use(requestLog(log));
  app.use(securityHeaders());
  applyCorsPolicy(app, settings.corsOrigins);
  app.use('/api/docs', docsContentSecurityPolicy());
  // The dashboard's scripts and styles: their names carry a hash of their content, so they never change.
  app.useStaticAssets(join(WEB_APP_DIR, 'assets'), { prefix: '/assets/', immutable: true, maxAge: '1y', index: false });
  app.setGlobalPrefix('api', { exclude: [{ path: '/', method: RequestMethod.GET }] });
  // No enableShutdownHooks: `ledger serve` stops on signals itself, draining requests first;
  // Nest's handler would close at once and then kill the process with the signal.
  app.useGlobalPipes(ledgerValidationPipe());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Appraisal Ledger')
      .setDescription('An event-sourced ledger for the 1+X target appraisal: commands, projections, audit.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
};
