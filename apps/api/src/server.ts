import 'reflect-metadata';
import { ConsoleLogger, INestApplication, LoggerService, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Ledger } from '@ledger/ledger';
import { AppModule } from './app.module';
import { ledgerValidationPipe } from './errors/validation';

/** Builds the HTTP application: routes under /api, OpenAPI at /api/docs-json, Swagger UI at /api/docs. */
export const createServer = async (
  ledger: Ledger,
  options: { logger?: LoggerService | false } = {},
): Promise<INestApplication> => {
  const app = await NestFactory.create(AppModule.over(ledger), {
    logger: options.logger ?? new ConsoleLogger({ json: true, colors: false }),
  });
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
