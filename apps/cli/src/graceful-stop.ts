import type { Server, ServerResponse } from 'node:http';

/** Long enough for any request (a read-your-writes wait is 5 s at most), short enough for a restart. */
const GRACE_MS = 10_000;

/** An event stream (GET /api/stream) never ends by itself: its client reconnects, to this server restarted or another. */
const endless = (response: ServerResponse) =>
  String(response.getHeader('Content-Type') ?? '').startsWith('text/event-stream');

/**
 * SIGTERM (kill, systemd, Docker) and SIGINT (Ctrl-C) stop the server without dropping work: it
 * stops accepting connections, answers the requests in flight, each on a connection it then
 * closes (an idle keep-alive connection would hold it open for its timeout), ends the event
 * streams, closes the ledger and exits 0. Requests still running after the grace period, or at
 * a second signal, are cut off, and the exit is 1.
 */
export const stopGracefullyOnSignals = (
  server: Server,
  closeLedger: () => Promise<void>,
  graceMs = GRACE_MS,
) => {
  const inFlight = new Set<ServerResponse>();
  let stopping = false;
  let cutOff = false;

  server.prependListener('request', (_, response: ServerResponse) => {
    if (stopping) response.setHeader('Connection', 'close');
    inFlight.add(response);
    response.once('close', () => {
      inFlight.delete(response);
      // One whose headers went out before the signal ends on a keep-alive connection, now idle.
      if (stopping) setImmediate(() => server.closeIdleConnections());
    });
  });

  const cutOffRequests = () => {
    if (inFlight.size > 0) {
      cutOff = true;
      process.stdout.write(`ledger: cutting off ${inFlight.size} request(s) still running\n`);
    }
    server.closeAllConnections();
  };

  const stop = async (why: string) => {
    if (stopping) return cutOffRequests();
    stopping = true;
    process.stdout.write(`ledger: ${why}: stopping after ${inFlight.size} request(s) in flight\n`);
    for (const response of inFlight) {
      if (!response.headersSent) response.setHeader('Connection', 'close');
      else if (endless(response)) response.end();
    }
    const timer = setTimeout(cutOffRequests, graceMs);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    clearTimeout(timer);
    // A store that does not answer must not keep the process from ending.
    setTimeout(() => {
      process.stdout.write('ledger: the ledger did not close in time; exiting anyway\n');
      process.exit(1);
    }, graceMs).unref();
    try {
      await closeLedger();
    } catch (error) {
      process.stdout.write(`ledger: the ledger did not close cleanly (${(error as Error).message})\n`);
      process.exit(1);
    }
    process.stdout.write('ledger: stopped\n');
    process.exit(cutOff ? 1 : 0);
  };
  process.on('SIGTERM', (signal) => void stop(signal));
  process.on('SIGINT', (signal) => void stop(signal));
  stopWhenOrphaned(() => void stop('npm start was stopped'));
};

/**
 * Under `npm start`, a signal sent to npm alone ends npm and the shell it runs the script in,
 * but never reaches this process: it would serve on, orphaned. It notices its parent is gone
 * (its parent process id changes) within a second, and stops as on SIGTERM.
 */
const stopWhenOrphaned = (stop: () => void) => {
  if (!process.env.npm_lifecycle_event) return;
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    stop();
  }, 500);
  watch.unref();
};
