import { SingleBar } from 'cli-progress';
import { table } from '../table';
import { DEMO_YEAR, loadConfig, loadDemo } from '@ledger/ledger';
import { accountabilityOf, scoreboard } from '@ledger/projections';
import { withLedger } from '../open-ledger';

export const demo = () =>
  withLedger(async (ledger) => {
    await ledger.start();
    const bar = new SingleBar({
      format: 'loading the 2007 demo [{bar}] {value}/{total} commands | {phase}',
      stream: process.stderr,
      hideCursor: true,
    });
    let started = false;
    const startedAt = Date.now();
    const { commands } = await loadDemo(ledger, ({ phase, commands: done, totalCommands }) => {
      if (!started) bar.start(totalCommands, 0, { phase });
      started = true;
      bar.update(done, { phase });
    });
    bar.stop();
    const head = await ledger.stores.events.headPosition();
    process.stdout.write(
      `Loaded the ${DEMO_YEAR} Jinjiang demo: ${commands} commands, the log now ends at position ${head} (${((Date.now() - startedAt) / 1000).toFixed(1)} s).\n\n`,
    );
    const board = table({ head: ['kind', 'rank', 'unit', 'regular', 'key (X)', 'total'] });
    for (const row of await scoreboard(ledger.reader, DEMO_YEAR)) {
      board.push([
        row.kind,
        row.rank,
        `${row.name} (${row.unitId})`,
        row.regularScore,
        row.keyScore,
        row.total,
      ]);
    }
    process.stdout.write(`Scoreboard ${DEMO_YEAR}:\n${board.toString()}\n\n`);
    const accountable = (await accountabilityOf(ledger.reader, DEMO_YEAR)).filter(
      (leader) => leader.status !== 'clear',
    );
    for (const leader of accountable) {
      process.stdout.write(
        `Accountability: ${leader.name} (${leader.unitId}) is ${leader.status}, ${leader.withheldPct}% of the year-end bonus withheld.\n`,
      );
    }
    process.stdout.write(
      `\nNext: npm start (if no server runs yet), then open the dashboard at http://localhost:${loadConfig().port}/ ` +
        `(the API's docs at /api/docs); or try\n` +
        `  npx ledger history --year ${DEMO_YEAR} --unit sansheng\n  npx ledger verify\n`,
    );
  });
