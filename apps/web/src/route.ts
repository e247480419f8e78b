import { useEffect, useState } from 'react';

/** The page shown, from the address's hash: `#/board`, `#/unit/sansheng`, ... so that links and Back work. */
export interface Route {
  page: string;
  param: string | null;
}

const routeOf = (hash: string): Route => {
  const [page = '', param = null] = hash.replace(/^#\/?/, '').split('/');
  return { page, param: param === null ? null : decodeURIComponent(param) };
};

export const useRoute = (): Route => {
  const [route, setRoute] = useState(() => routeOf(location.hash));
  useEffect(() => {
    const follow = () => setRoute(routeOf(location.hash));
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  return route;
};

export const linkTo = (page: string, param?: string): string =>
  `#/${page}${param === undefined ? '' : `/${encodeURIComponent(param)}`}`;
