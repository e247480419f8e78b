import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runLedger } from '../support/ledger-process';

const REFERENCE = join(__dirname, '..', '..', 'docs', 'api-reference.md');

describe('the API reference', () => {
  it('is what the routes publish now (after a change of routes, run npm run docs:api)', () => {
    const generated = runLedger(['openapi', '--markdown']);
    expect(generated.stderr).toBe('');
    expect(generated.status).toBe(0);
    expect(generated.stdout).toContain('| `POST /api/keys` | admin |  | IssueKeyDto |');
    expect(readFileSync(REFERENCE, 'utf8')).toBe(generated.stdout);
  });

  it('prints the OpenAPI document, every route naming its roles or saying it is public', () => {
    const document = JSON.parse(runLedger(['openapi']).stdout) as {
      paths: Record<string, Record<string, { 'x-roles'?: string[]; 'x-public'?: boolean }>>;
    };
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ route: `${method} ${path}`, operation })),
    );
    expect(operations.length).toBeGreaterThan(40);
    expect(operations.find(({ route }) => route === 'get /api/health')?.operation['x-public']).toBe(true);
    expect(
      operations.find(({ route }) => route === 'get /api/cycles/{year}/scoreboard')?.operation['x-roles'],
    ).toEqual(['admin', 'analyst', 'auditor', 'supervisor', 'reviewer']);
  });
});
