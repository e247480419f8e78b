import { createHash } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519';
import { openCheckpoint, parseVerifierKey, verifyConsistency, verifyInclusion } from '@ledger/audit';
import { ApiUnderTest, STORES, as, openKeyItemCycle, startApi, wholeLog } from '../support/api';

const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

/** RFC 9162's MTH, written here from the RFC's definition: a check that does not use the ledger's own tree code. */
const mth = (leaves: Buffer[]): Buffer => {
  if (leaves.length === 0) return sha256();
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha256(Buffer.from([1]), mth(leaves.slice(0, k)), mth(leaves.slice(k)));
};
const leafOf = (chainHashHex: string) => sha256(Buffer.from([0]), Buffer.from(chainHashHex, 'hex'));

/** The signed note's text and its one Ed25519 signature, read by hand from the C2SP signed-note format. */
const splitNote = (note: string) => {
  const [text, signatures] = note.split(/\n\n(?=— )/);
  const line = /^— (\S+) (\S+)\n$/.exec(signatures!)!;
  const signature = Buffer.from(line[2]!, 'base64');
  return { text: `${text}\n`, keyId: signature.subarray(0, 4), signature: signature.subarray(4) };
};

for (const store of STORES) {
  store.describe(`signed checkpoints and proofs over HTTP on ${store.name}`, () => {
    let api: ApiUnderTest;
    const auditor = () => as(api, 'auditor');

    beforeAll(async () => {
      api = await startApi(store, {
        LEDGER_CHECKPOINT_EVERY: '0.2',
        LEDGER_LOG_NAME: 'appraisal-ledger/e2e',
      });
      await openKeyItemCycle(api, 3);
      for (let i = 0; i < 20; i++) {
        await as(api, 'supervisor')
          .post(`/cycles/2007/units/u${i % 3}/awards`, {
            itemId: 'services',
            points: 1,
            reason: `award ${i}`,
          })
          .expect(201);
      }
    }, 60_000);

    afterAll(() => api?.close());

    const latestCovering = async (size: number) => {
      for (let i = 0; i < 100; i++) {
        const latest = await auditor().get('/checkpoints/latest');
        if (latest.status === 200 && latest.body.treeSize >= size) return latest.body;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`no checkpoint of ${size} leaves within 10 s`);
    };

    it('signs a root that anyone recomputes from the raw log, with a key an independent Ed25519 checks', async () => {
      const log = await wholeLog(api);
      const checkpoint = await latestCovering(log.length);
      const signed = log.slice(0, checkpoint.treeSize);
      const events = (await auditor().get(`/events?after=0&limit=1000`)).body as {
        metadata: { hash: string };
      }[];
      const root = mth(events.slice(0, checkpoint.treeSize).map((e) => leafOf(e.metadata.hash)));
      expect(signed.length).toBe(checkpoint.treeSize);
      expect(checkpoint.rootHash).toBe(root.toString('hex'));

      const key = (await as(api, 'analyst').get('/checkpoints/key').expect(200)).body;
      expect(key.verifierKey).toBe(
        `${key.name}+${key.keyId}+${Buffer.concat([Buffer.from([1]), Buffer.from(key.publicKey, 'base64')]).toString('base64')}`,
      );
      const { text, keyId, signature } = splitNote(checkpoint.note);
      expect(text).toBe(`appraisal-ledger/e2e\n${checkpoint.treeSize}\n${root.toString('base64')}\n`);
      expect(keyId.toString('hex')).toBe(key.keyId);
      expect(ed25519.verify(signature, Buffer.from(text), Buffer.from(key.publicKey, 'base64'))).toBe(true);
    });

    it('proves an event is in the signed tree, and an older checkpoint a prefix of the newer', async () => {
      const log = await wholeLog(api);
      const checkpoint = await latestCovering(log.length);
      const event = log[7]!;
      const proof = (await auditor().get(`/events/${event.id}/proof`).expect(200)).body;
      expect(proof).toMatchObject({ eventId: event.id, leafIndex: 7, treeSize: checkpoint.treeSize });
      expect(proof.leafHash).toBe(
        leafOf((event as unknown as { metadata: { hash: string } }).metadata.hash).toString('hex'),
      );
      const hashes = (list: string[]) => list.map((h) => Buffer.from(h, 'hex'));
      const root = Buffer.from(checkpoint.rootHash, 'hex');
      expect(
        verifyInclusion(Buffer.from(proof.leafHash, 'hex'), 7, proof.treeSize, hashes(proof.auditPath), root),
      ).toBe(true);

      // A newer checkpoint, and the proof that the older tree is a prefix of it.
      for (let i = 0; i < 5; i++) {
        await as(api, 'supervisor')
          .post('/cycles/2007/units/u0/awards', { itemId: 'services', points: 1, reason: `later ${i}` })
          .expect(201);
      }
      const newer = await latestCovering(checkpoint.treeSize + 5);
      const consistency = (
        await auditor()
          .get(`/checkpoints/consistency?from=${checkpoint.treeSize}&to=${newer.treeSize}`)
          .expect(200)
      ).body;
      expect(consistency.proof.length).toBeGreaterThan(0);
      const newRoot = Buffer.from(newer.rootHash, 'hex');
      expect(
        verifyConsistency(checkpoint.treeSize, newer.treeSize, root, newRoot, hashes(consistency.proof)),
      ).toBe(true);
      expect(
        verifyConsistency(checkpoint.treeSize, newer.treeSize, newRoot, root, hashes(consistency.proof)),
      ).toBe(false);
    });

    it('answers a command sent with Prefer: receipt with the proof that its event is in a signed tree', async () => {
      const answer = await as(api, 'supervisor')
        .post(
          '/cycles/2007/units/u1/awards',
          { itemId: 'services', points: 2, reason: 'with a receipt' },
          { Prefer: 'receipt' },
        )
        .expect(201);
      const [receipt] = answer.body.receipt as {
        eventId: string;
        leafIndex: number;
        treeSize: number;
        auditPath: string[];
        note: string;
      }[];
      expect(receipt!.eventId).toBe(answer.body.eventIds[0]);
      const key = (await auditor().get('/checkpoints/key').expect(200)).body;
      const { checkpoint } = openCheckpoint(receipt!.note, [parseVerifierKey(key.verifierKey)]);
      expect(checkpoint.treeSize).toBe(receipt!.treeSize);
      const log = await wholeLog(api);
      const event = log.find((e) => e.id === receipt!.eventId) as unknown as { metadata: { hash: string } };
      const leaf = leafOf(event.metadata.hash);
      const path = receipt!.auditPath.map((h) => Buffer.from(h, 'hex'));
      expect(verifyInclusion(leaf, receipt!.leafIndex, receipt!.treeSize, path, checkpoint.rootHash)).toBe(
        true,
      );
      const plain = await as(api, 'supervisor')
        .post('/cycles/2007/units/u1/awards', { itemId: 'services', points: 1, reason: 'without' })
        .expect(201);
      expect(plain.body.receipt).toBeUndefined();
    });

    it('refuses what it cannot prove with a clear code', async () => {
      await auditor()
        .get('/events/no-such-event/proof')
        .expect(404, /UNKNOWN_EVENT/);
      await auditor()
        .get('/checkpoints/consistency?from=5&to=999999')
        .expect(404, /TREE_SIZE_UNKNOWN/);
      await auditor()
        .get('/checkpoints/consistency?from=x&to=1')
        .expect(400, /INVALID_TREE_SIZE/);
      await auditor()
        .get('/checkpoints/consistency?to=1')
        .expect(400, /INVALID_TREE_SIZE/);
    });
  });
}
