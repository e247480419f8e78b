import { useLanguage } from '../i18n';

/** Whether a target or a basic requirement is met; a dash where nothing is judged yet. */
export const MetPill = ({ met }: { met: boolean | null }) => {
  const { t } = useLanguage();
  if (met === null) return <>—</>;
  return <span className={`pill ${met ? 'clear' : 'removed'}`}>{met ? t('met') : t('notMet')}</span>;
};
