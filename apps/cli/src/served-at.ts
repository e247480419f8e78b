import type { AddressInfo } from 'node:net';

/** The URL a person can open: `localhost` when every interface listens, an IPv6 address in brackets. */
export const servedAt = (host: string, address: AddressInfo, tls: boolean): string => {
  const name = ['0.0.0.0', '::'].includes(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `${tls ? 'https' : 'http'}://${name}:${address.port}`;
};
