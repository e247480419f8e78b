/** `describe` where a container runtime exists, otherwise a skipped `describe` (the reason was printed at start). */
export const describeWithContainers: (name: string, body: () => void) => void = (name, body) =>
  process.env.LEDGER_TEST_CONTAINERS === '1'
    ? describe(name, body)
    : describe.skip(`${name} (no container runtime: ${process.env.LEDGER_TEST_CONTAINERS_SKIP})`, body);
