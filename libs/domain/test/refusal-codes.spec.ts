import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REFUSAL_KINDS } from '@ledger/domain';

/** docs/domain.md asks for at least one test of every refusal: this keeps that promise as codes are added. */
describe('refusal codes', () => {
  const specs = readdirSync(__dirname)
    .filter((file) => file.endsWith('.spec.ts') && file !== 'refusal-codes.spec.ts')
    .map((file) => readFileSync(join(__dirname, file), 'utf8'))
    .join('\n');

  it.each(Object.keys(REFUSAL_KINDS))('%s is asserted by a Given/When/Then test', (code) => {
    expect(specs).toMatch(new RegExp(`(thenRefuses\\('${code}'\\)|code: '${code}')`));
  });

  it('classifies every code as not-found, conflict or rule', () => {
    expect(new Set(Object.values(REFUSAL_KINDS))).toEqual(new Set(['not-found', 'conflict', 'rule']));
  });
});
