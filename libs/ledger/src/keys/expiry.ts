import { refuse } from '@ledger/domain';
import { instantOf } from '@ledger/projections';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/**
 * When a key given `--expires 90d` (or `"expiresIn": "90d"`) stops working: a duration from
 * `now` in minutes, hours, days or weeks, or an ISO 8601 instant in the future.
 */
export const expiryFrom = (value: string, now: number): string => {
  const duration = /^(\d{1,6})([mhdw])$/.exec(value.trim());
  const ms = duration ? Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS] : 0;
  if (ms > 0) return new Date(now + ms).toISOString();
  const instant = duration ? undefined : instantOf(value);
  if (instant !== undefined && Date.parse(instant) > now) return new Date(instant).toISOString();
  throw refuse(
    'INVALID_EXPIRY',
    `"${value}" is no expiry: give a duration from now such as 30m, 12h, 90d or 52w, or an ISO 8601 instant in the future.`,
    { expires: value },
  );
};
