import { cpus, totalmem, platform, release } from 'node:os';

/** One line naming the machine a benchmark ran on, printed first so figures are never read without it. */
export const describeMachine = (): string => {
  const cores = cpus();
  return `machine: ${cores.length} x ${cores[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}, Node ${process.version}`;
};

export const rate = (count: number, ms: number): number => Math.round((count / ms) * 1000);

export const time = async (work: () => Promise<void> | void): Promise<number> => {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
};

/**
 * An aim of the issue a bench measures, said of a figure: `met`, or by how much it is missed
 * (`at-most`: the figure must not exceed the aim; `at-least`: it must reach it).
 */
export const verdict = (figure: number, aim: number, kind: 'at-most' | 'at-least'): string => {
  const met = kind === 'at-most' ? figure <= aim : figure >= aim;
  const by = kind === 'at-most' ? figure / aim : aim / figure;
  return met ? 'met' : `missed by ${by.toFixed(1)}x`;
};
