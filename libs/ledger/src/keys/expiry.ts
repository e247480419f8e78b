import { refuse } from '@ledger/domain';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;
/** Ten years: a key meant to outlive that should be a key without an expiry, said so. */
const LONGEST_MS = 3653 * 86_400_000;
/** An instant with its offset: a bare local time would mean another instant on every machine. */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Whether the calendar date and time exist (no 30 February rolled over into March). */
const exists = (parts: RegExpExecArray): boolean => {
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map((part) => Number(part ?? 0));
  const date = new Date(Date.UTC(year!, month! - 1, day!));
  return (
    date.getUTCMonth() === month! - 1 &&
    date.getUTCDate() === day &&
    hour! < 24 &&
    minute! < 60 &&
    second! < 60
  );
};

/**
 * When a key given `--expires 90d` (or `"expires": "90d"`) stops working: a duration from
 * `now` in minutes, hours, days or weeks, or an ISO 8601 instant with its offset; in the
 * future, and at most ten years ahead.
 */
export const expiryFrom = (value: string, now: number): string => {
  const text = value.trim();
  const duration = /^(\d{1,7})([mhdw])$/.exec(text);
  const instant = duration ? null : INSTANT.exec(text);
  const at = duration
    ? now + Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS]
    : instant && exists(instant)
      ? Date.parse(text)
      : NaN;
  if (at > now && at - now <= LONGEST_MS) return new Date(at).toISOString();
  throw refuse(
    'INVALID_EXPIRY',
    `${JSON.stringify(value.slice(0, 40))} is no expiry: give a duration from now such as 30m, 12h, 90d or 52w, or an ISO 8601 instant with its offset (2027-01-01T00:00:00Z), in the future and at most ten years ahead.`,
    { expires: value.slice(0, 40) },
  );
};
