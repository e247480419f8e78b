import type { Language } from './i18n';

/** Points as recorded: up to two decimals, grouped. */
export const points = (value: number, language: Language): string =>
  new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(value);

export const signedPoints = (value: number, language: Language): string =>
  new Intl.NumberFormat(language, { maximumFractionDigits: 2, signDisplay: 'always' }).format(value);

/** Money in yuan, with thousands separators and the currency shown. */
export const money = (value: number, language: Language): string =>
  new Intl.NumberFormat(language, { style: 'currency', currency: 'CNY', currencyDisplay: 'symbol' }).format(
    value,
  );

export const percent = (value: number, language: Language): string =>
  new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 2 }).format(value / 100);

/** An instant in the viewer's own time zone, with the zone named. */
export const instant = (iso: string, language: Language): string =>
  // dateStyle and timeStyle cannot be combined with timeZoneName: the fields are named one by one.
  new Intl.DateTimeFormat(language, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));

/** A business date (YYYY-MM-DD) as a day, with no zone: it is a day of the appraisal year, not an instant. */
export const day = (value: string, language: Language): string =>
  new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${value}T00:00:00Z`),
  );
