import { Lanes } from '../src/commands/lanes';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('lanes', () => {
  it('runs work on one key one at a time, in order, and work on other keys alongside', async () => {
    const lanes = new Lanes();
    const log: string[] = [];
    const work = (key: string, name: string) =>
      lanes.run(key, async () => {
        log.push(`${name} starts`);
        await tick();
        log.push(`${name} ends`);
        return name;
      });
    const results = await Promise.all([work('a', 'a1'), work('a', 'a2'), work('b', 'b1')]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(log.indexOf('a1 ends')).toBeLessThan(log.indexOf('a2 starts'));
    expect(log.indexOf('b1 starts')).toBeLessThan(log.indexOf('a1 ends'));
  });

  it('goes on after a failure, which only its caller sees', async () => {
    const lanes = new Lanes();
    const failed = lanes.run('a', async () => {
      throw new Error('refused');
    });
    const next = lanes.run('a', async () => 'next');
    await expect(failed).rejects.toThrow('refused');
    await expect(next).resolves.toBe('next');
  });
});
