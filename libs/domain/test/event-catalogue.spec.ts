import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { APPRAISAL_EVENT_TYPES } from '@ledger/domain';

const SOURCE = join(__dirname, '..', 'src');
const CATALOGUE = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'events.md'), 'utf8');

/** Every event type declared in an aggregate's events file: `Message<'Type', ...>`. */
const declaredEventTypes = (): string[] =>
  readdirSync(SOURCE, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.events.ts'))
    .flatMap((file) => [...readFileSync(join(SOURCE, file), 'utf8').matchAll(/Message<\s*'(\w+)'/g)])
    .map((match) => match[1]!);

/** docs/events.md is the event catalogue: a new event type without its entry fails here. */
describe('the event catalogue', () => {
  const types = declaredEventTypes();

  it('finds the event types', () => {
    expect(types).toEqual(expect.arrayContaining(['CycleOpened', 'PointsAwarded', 'KeyRevoked']));
  });

  it('lists every one of them, and no other, in APPRAISAL_EVENT_TYPES (what projections are checked against)', () => {
    expect([...APPRAISAL_EVENT_TYPES].sort()).toEqual([...types].sort());
  });

  it.each(types)('documents %s', (type) => {
    expect(CATALOGUE).toContain(`### ${type}\n`);
  });
});
