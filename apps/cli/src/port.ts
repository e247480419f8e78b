import { createServer } from 'node:net';
import { ConfigError } from '@ledger/ledger';

const cannotListen = (port: number, host: string, error: NodeJS.ErrnoException): Error => {
  const another = `set PORT to a free one, e.g. PORT=${port < 65535 ? port + 1 : 3000} npm start`;
  if (error.code === 'EADDRINUSE')
    return new ConfigError(`port ${port} is in use (another ledger serve?); ${another}.`);
  if (error.code === 'EACCES')
    return new ConfigError(`port ${port} needs privileges this user lacks; ${another}.`);
  if (['EADDRNOTAVAIL', 'ENOTFOUND', 'EAI_AGAIN'].includes(error.code ?? ''))
    return new ConfigError(
      `HOST ${host} is not an address of this machine (${error.code}); leave HOST unset to listen on every interface, or set it to one of this machine's addresses, such as 127.0.0.1.`,
    );
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
        probe.once('error', (error: NodeJS.ErrnoException) => reject(cannotListen(port, host, error)));
        probe.listen(port, host, () => probe.close(() => resolve()));
      });

export const listenOrSay = async (
  listen: () => Promise<unknown>,
  port: number,
  host: string,
): Promise<void> => {
  try {
    await listen();
  } catch (error) {
    throw cannotListen(port, host, error as NodeJS.ErrnoException);
  }
};
