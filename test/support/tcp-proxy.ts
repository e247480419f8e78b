import { Socket, connect, createServer } from 'node:net';

/**
 * A TCP proxy on loopback to a server: `cut()` stops forwarding without closing anything, as a
 * network that silently drops packets would; `mend()` resets the connections the cut left dead
 * and forwards new ones again.
 */
export interface TcpProxy {
  port: number;
  cut(): void;
  mend(): void;
  close(): Promise<void>;
}

export const startTcpProxy = async (targetHost: string, targetPort: number): Promise<TcpProxy> => {
  let cut = false;
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  };
  const server = createServer((client) => {
    const upstream = connect(targetPort, targetHost);
    track(client);
    track(upstream);
    client.on('data', (chunk) => !cut && upstream.write(chunk));
    upstream.on('data', (chunk) => !cut && client.write(chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    cut: () => {
      cut = true;
    },
    mend: () => {
      for (const socket of sockets) socket.destroy();
      cut = false;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
