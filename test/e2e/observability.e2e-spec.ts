import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { POSTGRES, eventually } from '../support/api';
import { RunningServer, runLedger, startServer } from '../support/ledger-process';
import { FakeCollector, ReceivedSpan } from '../support/otlp-collector';
import { describeWithPostgres } from '../support/postgres';
import { sampleValue, samplesOf } from '../support/prometheus';

/** A served ledger on a fresh SQLite directory, with the admin key its first start wrote. */
const serveFresh = async (prefix: string, env: Record<string, string> = {}) => {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const server = await startServer({ LEDGER_DATA_DIR: dataDir, ...env });
  const admin = readFileSync(join(dataDir, 'admin.key'), 'utf8').trim();
  return {
    server,
    admin,
    dataDir,
    http: () => request(server.url),
    close: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

type Served = Awaited<ReturnType<typeof serveFresh>>;

/** The server's JSON log lines so far. */
const logLines = (server: RunningServer): Record<string, unknown>[] =>
  server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

const requestLine = (server: RunningServer, requestId: string) =>
  eventually(async () => {
    const line = logLines(server).find((entry) => entry.requestId === requestId && entry.msg === 'request');
    if (!line) throw new Error(`no log line for request ${requestId}:\n${server.output()}`);
    return line;
  });

describe('ledger serve: logs', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serveFresh('ledger-logs-');
  });
  afterAll(() => served?.close());

  it('starts quietly: the admin key’s path on a first start, then one line with the URLs of the API, its docs and the dashboard', () => {
    const output = served.server.output();
    const start = output.slice(0, output.indexOf('\n', output.indexOf('serving on')) + 1);
    const url = served.server.url;
    expect(start.trim().split('\n')).toEqual([
      expect.stringMatching(/^ledger: no API keys yet; an admin key was written to \S+admin\.key/),
      `ledger: serving on ${url}/api (store: sqlite; docs: ${url}/api/docs; dashboard: ${url}/)`,
    ]);
    expect(output).not.toContain('Mapped {');
  });

  it('logs each request as one JSON line with its id, which the events it records carry as their correlation id', async () => {
    const created = await served
      .http()
      .post('/api/cycles')
      .set('Authorization', `Bearer ${served.admin}`)
      .set('X-Request-Id', 'logs-open-2007')
      .send({ year: 2007 });
    expect(created.status).toBe(201);
    expect(created.headers['x-request-id']).toBe('logs-open-2007');
    expect(await requestLine(served.server, 'logs-open-2007')).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      pid: served.server.process.pid,
      hostname: expect.any(String),
      requestId: 'logs-open-2007',
      method: 'POST',
      path: '/api/cycles',
      status: 201,
      ms: expect.any(Number),
      msg: 'request',
    });
    const events = await served.http().get('/api/events').set('Authorization', `Bearer ${served.admin}`);
    const opened = (events.body as { type: string; metadata: { correlationId: string } }[]).find(
      (event) => event.type === 'CycleOpened',
    );
    expect(opened?.metadata.correlationId).toBe('logs-open-2007');
    expect(served.server.output()).not.toContain(served.admin);
  });

  it('gives a request without an id (or with one over 200 characters) a new one, echoed and logged; a refusal is logged at info, with its status', async () => {
    for (const given of [undefined, 'x'.repeat(201)]) {
      const call = served.http().get('/api/cycles/2007/scoreboard');
      const answered = await (given ? call.set('X-Request-Id', given) : call);
      expect(answered.status).toBe(401);
      const requestId = answered.headers['x-request-id'] as string;
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await requestLine(served.server, requestId)).toMatchObject({
        level: 'info',
        path: '/api/cycles/2007/scoreboard',
        status: 401,
      });
    }
  });
});

const scrapeOf = async (served: Served) => {
  const answer = await served.http().get('/api/metrics').set('Authorization', `Bearer ${served.admin}`);
  expect(answer.status).toBe(200);
  return samplesOf(answer.text);
};

describe('ledger serve: metrics at /api/metrics', () => {
  let served: Served;
  const scrape = () => scrapeOf(served);
  beforeAll(async () => {
    served = await serveFresh('ledger-metrics-', { LEDGER_CHECKPOINT_EVERY: '0.2' });
  });
  afterAll(() => served?.close());

  it('answers Prometheus’s text to a key that may read it, and 401 without one', async () => {
    expect((await served.http().get('/api/metrics')).status).toBe(401);
    const answer = await served.http().get('/api/metrics').set('Authorization', `Bearer ${served.admin}`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(answer.text).toContain('# TYPE ledger_command_duration_seconds histogram');
    const samples = samplesOf(answer.text);
    expect(sampleValue(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sampleValue(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('counts commands by type and outcome with their latency, and the appends and the commits that carried them', async () => {
    const as = (path: string, body: object, headers: Record<string, string> = {}) =>
      served
        .http()
        .post(`/api${path}`)
        .set('Authorization', `Bearer ${served.admin}`)
        .set(headers)
        .send(body);
    expect((await as('/cycles', { year: 2007 })).status).toBe(201);
    expect((await as('/cycles', { year: 2007 })).status).toBeGreaterThanOrEqual(400);
    const units = await Promise.all(
      ['u1', 'u2', 'u3'].map((unitId) => as('/units', { unitId, name: unitId, kind: 'street' })),
    );
    expect(units.map((answer) => answer.status)).toEqual([201, 201, 201]);
    expect((await as('/units/u1/leader', { leaderId: 'li', name: 'Li' }, { 'If-Match': '"7"' })).status).toBe(
      409,
    );

    const samples = await eventually(async () => {
      const scraped = await scrape();
      expect(
        sampleValue(scraped, 'ledger_commands_total', { type: 'RegisterUnit', outcome: 'recorded' }),
      ).toBe(3);
      return scraped;
    });
    expect(sampleValue(samples, 'ledger_commands_total', { type: 'OpenCycle', outcome: 'recorded' })).toBe(1);
    expect(sampleValue(samples, 'ledger_commands_total', { type: 'OpenCycle', outcome: 'refused' })).toBe(1);
    expect(
      sampleValue(samples, 'ledger_commands_total', { type: 'AppointLeader', outcome: 'conflict' }),
    ).toBe(1);
    const latency = { type: 'RegisterUnit', outcome: 'recorded' };
    expect(sampleValue(samples, 'ledger_command_duration_seconds_count', latency)).toBe(3);
    expect(sampleValue(samples, 'ledger_command_duration_seconds_bucket', { ...latency, le: '+Inf' })).toBe(
      3,
    );
    expect(sampleValue(samples, 'ledger_command_duration_seconds_sum', latency)).toBeGreaterThan(0);
    const appends = sampleValue(samples, 'ledger_appends_total')!;
    expect(appends).toBeGreaterThanOrEqual(4);
    // Each commit carried one or more appends: together, every append.
    expect(sampleValue(samples, 'ledger_append_group_size_sum')).toBe(appends);
    expect(sampleValue(samples, 'ledger_append_group_size_count')).toBeLessThanOrEqual(appends);
  });

  it('shows how far the read models and the reactions are behind the log, and the age of the latest signed checkpoint', async () => {
    const samples = await eventually(async () => {
      const scraped = await scrape();
      expect(sampleValue(scraped, 'ledger_checkpoint_age_seconds')).toBeDefined();
      expect(sampleValue(scraped, 'ledger_projection_lag_events', { projection: 'scores' })).toBe(0);
      return scraped;
    });
    for (const projection of ['scores', 'accountability', 'disputes', 'panels', 'history'])
      expect(sampleValue(samples, 'ledger_projection_lag_events', { projection })).toBe(0);
    expect(sampleValue(samples, 'ledger_reaction_lag_events')).toBe(0);
    expect(sampleValue(samples, 'ledger_checkpoint_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(sampleValue(samples, 'ledger_checkpoint_age_seconds')).toBeLessThan(30);
  });
});

describe('ledger serve: metrics of what other processes record', () => {
  let fresh: Served;
  beforeAll(async () => {
    fresh = await serveFresh('ledger-metrics-demo-');
  });
  afterAll(() => fresh?.close());

  it('counts every event appended to the log by type, whoever recorded it (a `ledger demo` in another process)', async () => {
    const demo = runLedger(['demo'], { LEDGER_DATA_DIR: fresh.dataDir });
    expect(demo.status).toBe(0);
    const samples = await eventually(async () => {
      const scraped = await scrapeOf(fresh);
      expect(sampleValue(scraped, 'ledger_events_recorded_total', { type: 'PanelClosed' })).toBe(1);
      // The case the panel's ruling opened comes after it in the log.
      expect(
        sampleValue(scraped, 'ledger_events_recorded_total', { type: 'CaseOpened' }),
      ).toBeGreaterThanOrEqual(1);
      return scraped;
    }, 15_000);
    expect(sampleValue(samples, 'ledger_events_recorded_total', { type: 'PointsAwarded' })).toBeGreaterThan(
      100,
    );
    expect(
      sampleValue(samples, 'ledger_events_recorded_total', { type: 'CaseOpened' }),
    ).toBeGreaterThanOrEqual(1);
  });
});

/** The spans of the trace whose server span carries `requestId`, once the collector has them all. */
const traceOf = (
  collector: FakeCollector,
  requestId: string,
  alsoWanted: (spans: ReceivedSpan[]) => boolean,
) =>
  eventually(async () => {
    const root = collector.spans.find((span) => span.attributes['ledger.request_id'] === requestId);
    if (!root) throw new Error(`no span of request ${requestId} yet (${collector.spans.length} spans)`);
    const trace = collector.spans.filter((span) => span.traceId === root.traceId);
    if (!alsoWanted(trace)) throw new Error(`the trace of ${requestId} is not complete yet`);
    return { root, trace };
  }, 15_000);

const OTEL = (endpoint: string) => ({
  OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  OTEL_BSP_SCHEDULE_DELAY: '100',
});

describe('ledger serve: traces to an OTLP collector', () => {
  const collector = new FakeCollector();
  let served: Served;
  beforeAll(async () => {
    served = await serveFresh('ledger-traces-', OTEL(await collector.start()));
  });
  afterAll(async () => {
    await served?.close();
    await collector.stop();
  });

  it('sends each request’s spans, its id on the server span, and logs the trace’s id with the request', async () => {
    const created = await served
      .http()
      .post('/api/cycles')
      .set('Authorization', `Bearer ${served.admin}`)
      .set('X-Request-Id', 'traced-open-2007')
      .send({ year: 2007 });
    expect(created.status).toBe(201);
    const { root, trace } = await traceOf(collector, 'traced-open-2007', (spans) =>
      spans.some((span) => span.attributes['express.type'] !== undefined),
    );
    expect(root.kind).toBe(2); // SERVER
    expect(root.parentSpanId ?? '').toBe('');
    expect(root.resource['service.name']).toBe('appraisal-ledger');
    expect(root.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(trace.every((span) => span === root || span.parentSpanId)).toBe(true);
    expect(await requestLine(served.server, 'traced-open-2007')).toMatchObject({ traceId: root.traceId });
    expect(collector.paths.every((path) => path === '/v1/traces')).toBe(true);
  });
});

describeWithPostgres('ledger serve on PostgreSQL: traces', () => {
  const collector = new FakeCollector();
  let server: RunningServer;
  let dispose: () => Promise<void>;
  let admin: string;
  beforeAll(async () => {
    const created = await POSTGRES.create();
    dispose = created.dispose;
    server = await startServer({ ...created.env, ...OTEL(await collector.start()) });
    admin = readFileSync(join(created.env.LEDGER_DATA_DIR!, 'admin.key'), 'utf8').trim();
  });
  afterAll(async () => {
    await server?.stop();
    await dispose?.();
    await collector.stop();
  });

  it('shows the PostgreSQL queries a request made as spans of its trace', async () => {
    const created = await request(server.url)
      .post('/api/cycles')
      .set('Authorization', `Bearer ${admin}`)
      .set('X-Request-Id', 'traced-on-postgres')
      .send({ year: 2007 });
    expect(created.status).toBe(201);
    const isQuery = (span: ReceivedSpan) =>
      span.attributes['db.system'] === 'postgresql' || span.attributes['db.system.name'] === 'postgresql';
    const { trace } = await traceOf(collector, 'traced-on-postgres', (spans) => spans.some(isQuery));
    expect(trace.filter(isQuery).length).toBeGreaterThan(0);
  });
});
