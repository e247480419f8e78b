import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { OpenApiDocument } from '../../../api/src/openapi/api-reference';
import { Ledger, memoryStores } from '@ledger/ledger';

/**
 * The OpenAPI document the server publishes, built without a store or a port: for client
 * generators, and (with --markdown) the route reference in docs/api-reference.md.
 */
export const openApi = async (options: { markdown?: boolean; out?: string }) => {
  const [{ createServer }, { apiReferenceOf }, { serverLog }] = await Promise.all([
    import('../../../api/src/server'),
    import('../../../api/src/openapi/api-reference'),
    import('../../../api/src/observability/logging'),
  ]);
  const ledger = new Ledger(memoryStores());
  const app = await createServer(ledger, { log: serverLog('silent') });
  try {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const document = (await (
      await fetch(`http://127.0.0.1:${port}/api/docs-json`)
    ).json()) as OpenApiDocument;
    const text = options.markdown ? apiReferenceOf(document) : `${JSON.stringify(document, null, 2)}\n`;
    if (options.out) writeFileSync(options.out, text);
    else process.stdout.write(text);
  } finally {
    await app.close();
    await ledger.stop();
  }
};
