import { Request, Response } from 'express';

/**
 * A full page says where the next one starts, in an RFC 8288 `Link` header (`rel="next"`): the
 * same request with the cursor's parameters set to `next`. The last page (`next` null) has none.
 */
export const linkNextPage = (
  request: Request,
  response: Response,
  next: Record<string, string> | null,
): void => {
  if (next === null) return;
  const url = new URL(request.originalUrl, 'http://ledger.invalid');
  for (const [name, value] of Object.entries(next)) url.searchParams.set(name, value);
  response.setHeader('Link', `<${url.pathname}${url.search}>; rel="next"`);
};

/** The next page of a list ordered by position: after its last item's, when the page is full. */
export const afterLastPosition = (
  page: { position: string }[],
  limit: number | undefined,
): Record<string, string> | null => {
  const last = page[page.length - 1];
  return limit === undefined || last === undefined || page.length < limit
    ? null
    : { after: last.position, limit: String(limit) };
};
