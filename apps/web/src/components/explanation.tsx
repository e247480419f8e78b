import { useLanguage } from '../i18n';
import { points } from '../format';
import { useRead } from '../queries';
import { useNames } from '../names';
import { usePastPoint } from '../past-point';
import { useSession } from '../session';

interface Figure {
  points: number;
  eventIds: string[];
}
interface Explanation {
  policy: { type: string; position: string; baseScore: number; regularCap: number };
  entries: {
    eventId: string;
    position: string;
    type: string;
    itemId: string;
    track: '1' | 'X';
    points: number;
    counts: number;
    reason: string;
    reversedBy: { position: string; disputeId: string } | null;
  }[];
  regularRaw: Figure;
  regularScore: Figure & { limit: 'cap' | 'floor' | null; cap: number };
  keyScore: Figure;
  total: Figure;
  rank: { rank: number; unitsOfKind: number; tiedWith: string[] };
}

/**
 * Why the unit has its total (`/score/explain`, computed from the log): the base, the counted
 * entries of each track, the cap and the policy event it comes from, the rank and the ties.
 */
export const Explanation = ({ unitId }: { unitId: string }) => {
  const { t, language, eventName } = useLanguage();
  const { year } = useSession();
  const { point } = usePastPoint();
  // The explanation answers for a log position or an instant, not for a business date.
  const past = point?.atPosition ? `?atPosition=${point.atPosition}` : '';
  const names = useNames();
  const explained = useRead<Explanation>(
    `/cycles/${year}/units/${encodeURIComponent(unitId)}/score/explain${past}`,
  );
  const data = explained.data;
  if (!data) return null;
  const counted = (track: '1' | 'X') =>
    data.entries.filter((entry) => entry.track === track && entry.counts !== 0).length;
  const reversed = data.entries.filter((entry) => entry.reversedBy !== null).length;
  const p = (value: number) => points(value, language);
  return (
    <section aria-labelledby="why-title">
      <h2 id="why-title">{t('whyTotal', { total: p(data.total.points) })}</h2>
      <ol className="why">
        <li>
          {t('whyRegular', {
            base: p(data.policy.baseScore),
            entries: counted('1'),
            raw: p(data.regularRaw.points),
          })}
        </li>
        <li>
          {data.regularScore.limit === 'cap'
            ? t('whyCapped', {
                cap: p(data.regularScore.cap),
                type: eventName(data.policy.type),
                position: data.policy.position,
              })
            : data.regularScore.limit === 'floor'
              ? t('whyFloored')
              : t('whyUnderCap', { cap: p(data.regularScore.cap) })}
        </li>
        <li>{t('whyKey', { entries: counted('X'), key: p(data.keyScore.points) })}</li>
        <li>
          {t('whyRank', { rank: data.rank.rank, of: data.rank.unitsOfKind })}
          {data.rank.tiedWith.length > 0 &&
            ` ${t('whyTied', { units: data.rank.tiedWith.map(names.unit).join(', ') })}`}
        </li>
        {reversed > 0 && <li>{t('whyReversed', { entries: reversed })}</li>}
      </ol>
      <details>
        <summary>{t('entriesMadeOf', { entries: data.entries.length })}</summary>
        <div className="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col" className="n">
                  {t('position')}
                </th>
                <th scope="col">{t('item')}</th>
                <th scope="col" className="n">
                  {t('points')}
                </th>
                <th scope="col" className="n">
                  {t('counts')}
                </th>
                <th scope="col">{t('reason')}</th>
              </tr>
            </thead>
            <tbody>
              {data.entries.map((entry) => (
                <tr key={entry.eventId} className={entry.reversedBy ? 'reversed' : undefined}>
                  <td className="n">{entry.position}</td>
                  <td>
                    {names.item(entry.itemId)} <span className="muted">({entry.track})</span>
                  </td>
                  <td className="n">{p(entry.type === 'PointsDeducted' ? -entry.points : entry.points)}</td>
                  <td className="n">{p(entry.counts)}</td>
                  <td>
                    {entry.reason}
                    {entry.reversedBy &&
                      ` · ${t('reversedByDispute', { dispute: entry.reversedBy.disputeId, position: entry.reversedBy.position })}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
};
