/** Where a CPU profile's time went, by what it was spent on: the figures bench/http prints and the README quotes. */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const PACKAGES: [string, RegExp][] = [
  ['SQLite (statements, commits and their flushes)', /better-sqlite3/],
  ['validation (class-validator, class-transformer)', /class-validator|class-transformer/],
  ['logging (pino, pino-http)', /pino|sonic-boom|thread-stream/],
  [
    'the framework (Nest, Express, rxjs, body parsing, helmet, throttler)',
    /@nestjs|express|router|body-parser|raw-body|rxjs|reflect-metadata|path-to-regexp|parseurl|on-finished|helmet|finalhandler|type-is|content-type|iconv-lite|qs|statuses|depd|http-errors|media-typer|mime/,
  ],
  ['metrics and traces (prom-client, OpenTelemetry)', /prom-client|@opentelemetry/],
];

const OURS: [string, RegExp][] = [
  ['hash chaining (canonical JSON, SHA-256)', /libs\/event-store\/(src|dist)?.*(hash-chain|canonical-json)/],
  ['the event store adapter (ours)', /libs\/event-store\//],
  ['deciders (ours)', /libs\/domain\//],
  ['command executor (ours)', /libs\/ledger\//],
  ['projections: folds and read-model writes (ours)', /libs\/projections\//],
  ['Merkle tree and checkpoints (ours)', /libs\/audit\//],
  ['HTTP edge: controllers, guards, pipes (ours)', /apps\/api\//],
];

/** Native frames with no script: better-sqlite3's statement methods, V8's and Node's own. */
const NATIVE: Record<string, string> = {
  run: 'SQLite (statements, commits and their flushes)',
  all: 'SQLite (statements, commits and their flushes)',
  get: 'SQLite (statements, commits and their flushes)',
  iterate: 'SQLite (statements, commits and their flushes)',
  exec: 'SQLite (statements, commits and their flushes)',
  Hash: 'hash chaining (canonical JSON, SHA-256)',
  oneShotDigest: 'hash chaining (canonical JSON, SHA-256)',
  '(garbage collector)': 'garbage collection',
  '(idle)': 'idle (waiting for I/O)',
};

const categoryOf = ({ functionName, url }: ProfileNode['callFrame']): string => {
  if (url === '') return NATIVE[functionName] ?? 'Node and V8 internals';
  if (url.includes('node_modules')) {
    const found = PACKAGES.find(([, pattern]) => pattern.test(url.split('node_modules/').pop()!));
    return found?.[0] ?? 'other packages';
  }
  if (url.startsWith('node:')) {
    if (/crypto|hash/.test(url)) return 'hash chaining (canonical JSON, SHA-256)';
    return 'Node: HTTP, streams, events, timers';
  }
  return OURS.find(([, pattern]) => pattern.test(url))?.[0] ?? 'other';
};

/** Each category's share of the profile's time (self time), largest first. */
export const summarizeProfile = (profile: CpuProfile): { category: string; share: number }[] => {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const spent = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    total += delta;
    const category = categoryOf(byId.get(id)!.callFrame);
    spent.set(category, (spent.get(category) ?? 0) + delta);
  });
  return [...spent]
    .map(([category, time]) => ({ category, share: time / total }))
    .sort((a, b) => b.share - a.share);
};
