import { FormEvent, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { InclusionProof, proofHolds, signatureHolds } from '../audit/checks';
import { ProblemNote } from '../components/status';
import { instant } from '../format';
import { useLanguage } from '../i18n';
import { useRead } from '../queries';
import { useSession } from '../session';

interface Verification {
  ok: boolean;
  eventsChecked: number;
  streamsChecked: number;
  firstBroken?: { stream: string; revision: number };
}
interface Checkpoint {
  treeSize: number;
  rootHash: string;
  issuedAt: string;
  note: string;
}

/** The hash chains verified by the server, and each read model's lag. */
export const VerificationSection = () => {
  const { t } = useLanguage();
  const verification = useRead<Verification>('/audit/verify');
  const models = useRead<{ projection: string; lag: number }[]>('/projections');
  const v = verification.data;
  return (
    <section aria-labelledby="verification-title">
      <h2 id="verification-title">{t('verification')}</h2>
      {verification.error && <ProblemNote error={verification.error} />}
      {v && (
        <p className={v.ok ? 'done' : 'problem'} role="status">
          {v.ok
            ? t('chainsHold', { events: v.eventsChecked, streams: v.streamsChecked })
            : t('chainBroken', {
                stream: v.firstBroken?.stream ?? '?',
                revision: v.firstBroken?.revision ?? '?',
              })}
        </p>
      )}
      {models.data && (
        <p className="muted">
          {t('readModels')}:{' '}
          {models.data.map((model) => `${model.projection} ${t('lag')} ${model.lag}`).join(' · ')}
        </p>
      )}
    </section>
  );
};

/** The latest signed checkpoint, its signature checked here against the published key, and any event's proof. */
export const CheckpointSection = ({
  eventId,
  setEventId,
}: {
  /** The event whose proof is asked for: typed here, or chosen from a history row. */
  eventId: string;
  setEventId(eventId: string): void;
}) => {
  const { t, language } = useLanguage();
  const { api } = useSession();
  const latest = useRead<Checkpoint>('/checkpoints/latest');
  const key = useRead<{ publicKey: string }>('/checkpoints/key');
  const signature = useQuery({
    queryKey: ['signature', latest.data?.note, key.data?.publicKey],
    queryFn: () => signatureHolds(latest.data!.note, key.data!.publicKey),
    enabled: Boolean(latest.data && key.data),
  });
  const [proof, setProof] = useState<{ holds: boolean; proof: InclusionProof } | { error: unknown } | null>(
    null,
  );
  const check = async (event: FormEvent) => {
    event.preventDefault();
    if (eventId.trim() === '') return setProof({ error: t('required') });
    try {
      const answer = await api.get<InclusionProof>(`/events/${encodeURIComponent(eventId.trim())}/proof`);
      setProof({ holds: await proofHolds(answer), proof: answer });
    } catch (error) {
      setProof({ error });
    }
  };
  return (
    <section aria-labelledby="checkpoint-title" id="checkpoint">
      <h2 id="checkpoint-title">{t('checkpoint')}</h2>
      {latest.error && <ProblemNote error={latest.error} />}
      {latest.data && (
        <>
          <p>
            {t('treeSize')} {latest.data.treeSize} · {t('issuedAt')} {instant(latest.data.issuedAt, language)}
          </p>
          {signature.data !== undefined && (
            <p className={signature.data ? 'done' : 'problem'} role="status">
              {signature.data ? t('signatureHolds') : t('signatureFails')}
            </p>
          )}
        </>
      )}
      <h3>{t('proof')}</h3>
      <form className="inline" onSubmit={check}>
        <label>
          {t('eventId')}{' '}
          <input
            aria-label={t('eventId')}
            value={eventId}
            onChange={(event) => setEventId(event.target.value)}
            size={40}
          />
        </label>
        <button type="submit">{t('check')}</button>
      </form>
      {proof &&
        ('error' in proof ? (
          <ProblemNote error={proof.error} />
        ) : (
          <p className={proof.holds ? 'done' : 'problem'} role="status">
            {proof.holds
              ? t('proofHolds', { leaf: proof.proof.leafIndex, size: proof.proof.treeSize })
              : t('proofFails')}
          </p>
        ))}
    </section>
  );
};
