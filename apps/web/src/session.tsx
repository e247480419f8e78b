import { useQueryClient } from '@tanstack/react-query';
import { ReactNode, createContext, useContext, useEffect, useMemo, useState } from 'react';
import { Api, apiFor } from './api';
import { followLog } from './live';

export const ROLES = ['admin', 'supervisor', 'analyst', 'auditor', 'reviewer', 'unit-leader'] as const;
export type Role = (typeof ROLES)[number];

/** Who the key speaks for (`GET /api/me`). */
export interface Me {
  keyId: string;
  name: string;
  role: Role;
  unitId: string | null;
}

interface Session {
  me: Me;
  api: Api;
  year: number;
  setYear(year: number): void;
  /** Whether the live stream is connected: pages refresh by themselves while it is. */
  live: boolean;
  signOut(): void;
}

const SessionContext = createContext<Session | null>(null);

const KEY = 'ledger-key';
export const savedKey = (): string | null => sessionStorage.getItem(KEY);
export const saveKey = (key: string) => sessionStorage.setItem(KEY, key);
export const forgetKey = () => sessionStorage.removeItem(KEY);

/** Signs in with a key: who it is, or the API's refusal. */
export const signIn = (key: string): Promise<Me> => apiFor(key).get<Me>('/me');

/**
 * The signed-in session: the key's API, the cycle shown and the live stream. Each time the
 * read models move, every query on the page is fetched again, so what is open stays current.
 */
export const SessionProvider = ({
  apiKey,
  me,
  onSignOut,
  children,
}: {
  apiKey: string;
  me: Me;
  /** Ends the session; with why, when the server refused the key. */
  onSignOut(why?: string): void;
  children: ReactNode;
}) => {
  const queries = useQueryClient();
  const [year, setYear] = useState(() => Number(localStorage.getItem('ledger-year')) || 2007);
  const [live, setLive] = useState(false);
  useEffect(() => localStorage.setItem('ledger-year', String(year)), [year]);
  useEffect(
    () =>
      followLog(apiKey, {
        onMoved: () => void queries.invalidateQueries(),
        onState: setLive,
        onRefused: (message) => onSignOut(message),
      }),
    [apiKey, queries, onSignOut],
  );
  const session = useMemo<Session>(
    () => ({ me, api: apiFor(apiKey), year, setYear, live, signOut: () => onSignOut() }),
    [apiKey, me, year, live, onSignOut],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
};

export const useSession = (): Session => {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
};
