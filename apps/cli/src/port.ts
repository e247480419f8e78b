import { createServer } from 'node:net';
import { ConfigError } from '@ledger/ledger';

const cannotListen = (port: number, error: NodeJS.ErrnoException): Error => {
  const another = `set PORT to a free one, e.g. PORT=${port < 65535 ? port + 1 : 3000} npm start`;
  if (error.code === 'EADDRINUSE')
    return new ConfigError(`port ${port} is in use (another ledger serve?); ${another}.`);
  if (error.code === 'EACCES')
    return new ConfigError(`port ${port} needs privileges this user lacks; ${another}.`);
  return error;
};

/**
 * Fails with one sentence when the port is taken, before anything is opened or written, so that
 * a second `npm start` leaves no trace. The server's own listen can still lose a race for the
 * port: `listenOrSay` says that in the same sentence.
 */
export const checkPortFree = (port: number, host: string): Promise<void> =>
  port === 0
    ? Promise.resolve()
    : new Promise((resolve, reject) => {
        const probe = createServer();
        probe.once('error', (error: NodeJS.ErrnoException) => reject(cannotListen(port, error)));
        probe.listen(port, host, () => probe.close(() => resolve()));
      });

export const listenOrSay = async (listen: () => Promise<unknown>, port: number): Promise<void> => {
  try {
    await listen();
  } catch (error) {
    throw cannotListen(port, error as NodeJS.ErrnoException);
  }
};
