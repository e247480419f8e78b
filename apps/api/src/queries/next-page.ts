import { Request, Response } from 'express';

/**
 * A full page says where the next one starts, in an RFC 8288 `Link` header (`rel="next"`): the
 * same request with `after` set to the last item's position. A shorter page is the last.
 */
export const linkNextPage = (
  request: Request,
  response: Response,
  page: { position: string }[],
  limit: number | undefined,
): void => {
  const last = page[page.length - 1];
  if (limit === undefined || last === undefined || page.length < limit) return;
  const next = new URL(request.originalUrl, 'http://ledger.invalid');
  next.searchParams.set('after', last.position);
  next.searchParams.set('limit', String(limit));
  response.setHeader('Link', `<${next.pathname}${next.search}>; rel="next"`);
};
