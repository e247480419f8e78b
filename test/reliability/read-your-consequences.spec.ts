import { ApiUnderTest, STORES, as, startApi } from '../support/api';

const ROUNDS = 10;

/**
 * A supervisor who rules and then looks sees what the ruling caused: `?minPosition=` of a
 * command's answer waits for the reactions to that command (a case opened, a panel's rulings
 * and the cases they open, a reversal) and for the read models to fold them, every time.
 */
for (const store of STORES) {
  store.describe(`reads include consequences on ${store.name}`, () => {
    let api: ApiUnderTest;
    const supervisor = () => as(api, 'supervisor');
    const analyst = () => as(api, 'analyst');

    beforeAll(async () => {
      api = await startApi(store);
      await supervisor().post('/cycles', { year: 2007 }).expect(201);
      await supervisor()
        .post('/cycles/2007/items', {
          itemId: 'urban',
          title: 'Urban management',
          track: 'X',
          basicRequirement: { panelScoreAtLeast: 80 },
        })
        .expect(201);
      for (let round = 0; round < ROUNDS; round++) {
        await supervisor()
          .post('/cycles/2007/items', { itemId: `key-${round}`, title: `Key ${round}`, track: 'X' })
          .expect(201);
      }
      for (const unitId of ['sansheng', 'niushikou']) {
        await supervisor().post('/units', { unitId, name: unitId, kind: 'street' }).expect(201);
        await supervisor()
          .post(`/units/${unitId}/leader`, { leaderId: `leader-${unitId}`, name: unitId })
          .expect(201);
      }
    }, 60_000);

    afterAll(() => api?.close());

    it('shows the case an unmet ruling on an X item opens, at the ruling’s position', async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const ruling = await supervisor()
          .post('/cycles/2007/units/sansheng/rulings', {
            itemId: `key-${round}`,
            met: false,
            basis: 'missed',
          })
          .expect(201);
        const cases = await analyst()
          .get(`/cycles/2007/cases?minPosition=${ruling.body.position}`)
          .expect(200);
        expect(cases.body.map((c: { itemId: string }) => c.itemId)).toContain(`key-${round}`);
      }
    });

    // The longest ids the API takes: the ruling a panel makes, and the dispute on it, are longer still.
    const panelId = `p-${'x'.repeat(62)}`;

    it('shows the rulings a closed panel makes and the case they open, at the close’s position', async () => {
      const members = [
        { memberId: 'm1', name: 'A', category: 'npc-deputy' },
        { memberId: 'm2', name: 'B', category: 'citizen-rep' },
        { memberId: 'm3', name: 'C', category: 'city-supervisor' },
      ];
      await supervisor().post('/cycles/2007/panels', { panelId, itemId: 'urban', members }).expect(201);
      for (const [i, score] of [70, 72, 75].entries()) {
        await supervisor()
          .post(`/panels/${panelId}/scores`, { memberId: `m${i + 1}`, unitId: 'niushikou', score })
          .expect(201);
      }
      const closed = await supervisor().post(`/panels/${panelId}/close`, {}).expect(201);
      const cases = await analyst().get(`/cycles/2007/cases?minPosition=${closed.body.position}`).expect(200);
      expect(cases.body).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ unitId: 'niushikou', itemId: 'urban', status: 'open' }),
        ]),
      );
    });

    it('shows the panel’s ruling set aside and its case withdrawn once a dispute on the ruling is overturned', async () => {
      const rulingId = `panel-${panelId}-niushikou`;
      const filed = await supervisor()
        .post('/disputes', {
          year: 2007,
          unitId: 'niushikou',
          eventId: rulingId,
          grounds: 'the panel met late',
        })
        .expect(201);
      expect(filed.body.disputeId).toBe(`${rulingId}--1`);
      const resolved = await as(api, 'reviewer')
        .post(`/disputes/${filed.body.disputeId}/resolution`, { outcome: 'overturned', reason: 'checked' })
        .expect(201);
      const cases = await analyst()
        .get(`/cycles/2007/cases?minPosition=${resolved.body.position}`)
        .expect(200);
      expect(cases.body).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ unitId: 'niushikou', itemId: 'urban', status: 'withdrawn' }),
        ]),
      );
    });

    it('shows the reversal an overturned dispute writes, at the resolution’s position', async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const award = await supervisor()
          .post('/cycles/2007/units/niushikou/awards', { itemId: 'urban', points: 5, reason: 'done' })
          .expect(201);
        const filed = await supervisor()
          .post('/disputes', {
            year: 2007,
            unitId: 'niushikou',
            eventId: award.body.eventIds[0],
            grounds: 'not ours',
          })
          .expect(201);
        const before = await analyst()
          .get(`/cycles/2007/scoreboard?minPosition=${filed.body.position}`)
          .expect(200);
        const resolved = await as(api, 'reviewer')
          .post(`/disputes/${filed.body.disputeId}/resolution`, { outcome: 'overturned', reason: 'checked' })
          .expect(201);
        const after = await analyst()
          .get(`/cycles/2007/scoreboard?minPosition=${resolved.body.position}`)
          .expect(200);
        const keyScore = (board: { body: { unitId: string; keyScore: number }[] }) =>
          board.body.find((row) => row.unitId === 'niushikou')!.keyScore;
        expect(keyScore(after)).toBe(keyScore(before) - 5);
      }
    });
  });
}
