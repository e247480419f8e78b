import Table from 'cli-table3';

/** A table for the terminal; plain (no colour codes) when the output is a file or a pipe. */
export const table = (options: ConstructorParameters<typeof Table>[0] = {}) =>
  new Table({ ...options, style: process.stdout.isTTY ? options.style : { head: [], border: [] } });
