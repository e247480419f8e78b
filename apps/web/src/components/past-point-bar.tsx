import { FormEvent, useState } from 'react';
import { useLanguage } from '../i18n';
import { usePastPoint } from '../past-point';
import { useSession } from '../session';

/**
 * (Keyed by the point shown, so that a point set elsewhere, such as a replay from a history
 * row, fills the fields.)
 *
 * Moves the whole view to a past point: a log position, an instant (what the ledger knew then)
 * or a business date of the year (the appraisal as it stood that day); says which is shown.
 */
export const PastPointBar = () => {
  const { t } = useLanguage();
  const { year } = useSession();
  const { point, setPoint } = usePastPoint();
  const [position, setPosition] = useState(point?.atPosition ?? '');
  const [onDay, setOnDay] = useState(point?.effectiveOn ?? '');
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setPoint({ ...(position && { atPosition: position }), ...(onDay && { effectiveOn: onDay }) });
  };
  return (
    <form className={point ? 'past-point shown' : 'past-point'} onSubmit={apply} aria-label={t('pastPoint')}>
      {point ? (
        <p role="status">
          {point.atPosition && t('shownAtPosition', { position: point.atPosition })}{' '}
          {point.effectiveOn && t('shownOnDay', { day: point.effectiveOn })}
        </p>
      ) : null}
      <label>
        {t('atPosition')}{' '}
        <input
          aria-label={t('atPosition')}
          inputMode="numeric"
          pattern="[0-9]*"
          size={8}
          value={position}
          onChange={(event) => setPosition(event.target.value.trim())}
        />
      </label>
      <label>
        {t('effectiveOn')}{' '}
        <input
          aria-label={t('effectiveOn')}
          type="date"
          min={`${year}-01-01`}
          max={`${year}-12-31`}
          value={onDay}
          onChange={(event) => setOnDay(event.target.value)}
        />
      </label>
      <button type="submit" className="quiet">
        {t('show')}
      </button>
      {point && (
        <button
          type="button"
          onClick={() => {
            setPoint(null);
            setPosition('');
            setOnDay('');
          }}
        >
          {t('backToNow')}
        </button>
      )}
    </form>
  );
};
