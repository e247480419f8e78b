import { withExistingLedger } from '../open-ledger';

/** Exit 0 when every chain is intact; 1, naming the first broken link, when anything was altered. */
export const verify = () =>
  withExistingLedger(async (ledger) => {
    const report = await ledger.stores.events.verify();
    const checked = `${report.eventsChecked} events in ${report.streamsChecked} streams`;
    if (report.ok) {
      process.stdout.write(`verified ${checked}: every hash chain is intact.\n`);
      return;
    }
    const broken = report.firstBroken!;
    process.stdout.write(
      `TAMPERED: stream ${broken.stream}, revision ${broken.revision}: expected ${broken.expected}, found ${broken.found} (after ${checked}).\n`,
    );
    process.exitCode = 1;
  });
