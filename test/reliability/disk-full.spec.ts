import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { issueKeys } from '../support/keys';
import { RunningServer, startServer } from '../support/ledger-process';

const SIZE_MB = 20;

/** A small tmpfs of the test's own, or why there cannot be one here (mounting needs root). */
const mountSmallDisk = (): { dir: string; unmount(): void } | string => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${SIZE_MB}m`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return `cannot mount a ${SIZE_MB} MB tmpfs here (${String((error as Error).message).split('\n')[0]})`;
  }
  return {
    dir,
    unmount: () => {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

const disk = mountSmallDisk();
const describeWithDisk = typeof disk === 'string' ? describe.skip : describe;
if (typeof disk === 'string') console.log(`[skip] full-disk suite: ${disk}`);

/**
 * The embedded store on a disk that fills up: writes answer 507 STORAGE_FULL, reads keep
 * answering, health says writes fail; once space is freed, writes work again by themselves.
 */
describeWithDisk(`SQLite on a full ${SIZE_MB} MB disk`, () => {
  const { dir } = disk as Exclude<typeof disk, string>;
  const filler = join(dir, 'filler');
  let server: RunningServer;
  let supervisor: string;
  let auditor: string;
  const post = (path: string, body: object) =>
    request(server.url).post(`/api${path}`).set('Authorization', `Bearer ${supervisor}`).send(body);
  const get = (path: string) =>
    request(server.url).get(`/api${path}`).set('Authorization', `Bearer ${auditor}`);
  const award = () =>
    post('/cycles/2007/units/sansheng/awards', { itemId: 'services', points: 1, reason: 'x'.repeat(1500) });

  beforeAll(async () => {
    const env = { LEDGER_STORE: 'sqlite', LEDGER_DATA_DIR: join(dir, 'data') };
    [supervisor, auditor] = await issueKeys(env, [
      { role: 'supervisor', name: 'filler' },
      { role: 'auditor', name: 'reader' },
    ]);
    server = await startServer(env);
    await post('/cycles', { year: 2007 }).expect(201);
    await post('/cycles/2007/items', { itemId: 'services', title: 'Services', track: 'X' }).expect(201);
    await post('/units', { unitId: 'sansheng', name: '三聖街道', kind: 'street' }).expect(201);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    (disk as Exclude<typeof disk, string>).unmount();
  });

  it('refuses writes with 507 while full, keeps answering reads, and takes writes again once space is freed', async () => {
    const before = await award().expect(201);
    // Fill what is left of the disk, then write until the store finds out.
    try {
      writeFileSync(filler, Buffer.alloc(SIZE_MB * 1024 * 1024));
    } catch {
      // The disk is full now: what the filler could not take is the point.
    }
    let refused: request.Response | undefined;
    for (let i = 0; i < 200 && !refused; i++) {
      const answer = await award();
      if (answer.status !== 201) refused = answer;
    }
    expect(refused?.status).toBe(507);
    expect(refused?.body).toMatchObject({ code: 'STORAGE_FULL' });
    expect(refused?.body.message).toMatch(/full or read-only/);

    expect((await get(`/cycles/2007/scoreboard?minPosition=${before.body.position}`)).status).toBe(200);
    expect((await get('/audit/verify')).body).toMatchObject({ ok: true });
    const health = await request(server.url).get('/api/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({
      code: 'STORAGE_FULL',
      details: { eventStore: { status: 'up' }, writes: { status: 'down', code: 'STORAGE_FULL' } },
    });
    expect(server.process.exitCode).toBeNull();

    rmSync(filler, { force: true });
    const after = await award();
    expect(after.status).toBe(201);
    // The read models retry what they could not write with a backoff of at most 2 s.
    const deadline = Date.now() + 10_000;
    while ((await request(server.url).get('/api/health')).status !== 200) {
      if (Date.now() > deadline) throw new Error('health did not recover within 10 s of freeing space');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect((await get('/audit/verify')).body).toMatchObject({ ok: true });
  }, 60_000);
});
