import { useState } from 'react';
import { useCommandForm } from '../command-form';
import { DecimalField, ItemField, TextField, UnitField } from '../components/common-fields';
import { Field } from '../components/field';
import { FormFooter } from '../components/form-footer';
import { MetPill } from '../components/met-pill';
import { ProblemNote } from '../components/status';
import { points } from '../format';
import { Word, useLanguage } from '../i18n';
import { useNames } from '../names';
import { usePastPoint } from '../past-point';
import { CycleView, UnitView, useRead } from '../queries';
import { linkTo } from '../route';
import { useSession } from '../session';
import { PANEL_MEMBER_CATEGORIES } from '../../../../libs/domain/src/shared/vocabulary';

// The seven kinds of people on an on-site scoring panel, as the domain names them (a file with no imports).
const CATEGORIES = PANEL_MEMBER_CATEGORIES;

interface Panel {
  panelId: string;
  itemId: string;
  status: 'open' | 'closed';
  members: { memberId: string; name: string; category: string }[];
  scores: { memberId: string; unitId: string; score: number }[];
  results: { unitId: string; score: number; scoresCount: number; met: boolean | null }[];
}

const SCORE_FIELD_OF_CODE: Record<string, string> = {
  NOT_A_PANEL_MEMBER: 'memberId',
  UNKNOWN_UNIT: 'unitId',
  ALREADY_SCORED: 'unitId',
  INVALID_PANEL_SCORE: 'score',
};

/** A panel member's score for one unit, as given on site. */
const ScoreForm = ({ panel, units }: { panel: Panel; units: UnitView[] }) => {
  const { t } = useLanguage();
  const [form, setForm] = useState({ memberId: '', unitId: '', score: '' });
  const command = useCommandForm(SCORE_FIELD_OF_CODE);
  const submit = async () => {
    const refused = await command.send(`/panels/${encodeURIComponent(panel.panelId)}/scores`, {
      memberId: form.memberId,
      unitId: form.unitId,
      score: form.score === '' ? undefined : Number(form.score),
    });
    if (!refused) setForm({ ...form, unitId: '', score: '' });
  };
  return (
    <form
      className="inline"
      onSubmit={command.onSubmit(submit)}
      aria-label={`${t('submitScore')} ${panel.panelId}`}
    >
      <Field label={t('panelMember')} problems={command.problemsOf('memberId')}>
        {(props) => (
          <select
            {...props}
            value={form.memberId}
            onChange={(event) => setForm({ ...form, memberId: event.target.value })}
          >
            <option value="" />
            {panel.members.map((member) => (
              <option key={member.memberId} value={member.memberId}>
                {member.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <UnitField
        units={units}
        value={form.unitId}
        onChange={(unitId) => setForm({ ...form, unitId })}
        problems={command.problemsOf('unitId')}
      />
      <DecimalField
        label={t('panelScore')}
        value={form.score}
        onChange={(score) => setForm({ ...form, score })}
        problems={command.problemsOf('score')}
      />
      <FormFooter
        problem={command.formProblem(['memberId', 'unitId', 'score'])}
        receipt={command.receipt}
        sending={command.sending}
      />
    </form>
  );
};

/** Closing a panel fixes its results; refused while a scored unit has fewer scores than the policy asks. */
const CloseForm = ({ panel }: { panel: Panel }) => {
  const { t } = useLanguage();
  const command = useCommandForm();
  return (
    <form
      className="inline"
      onSubmit={command.onSubmit(() =>
        command.send(`/panels/${encodeURIComponent(panel.panelId)}/close`, {}),
      )}
      aria-label={`${t('closePanel')} ${panel.panelId}`}
    >
      <FormFooter
        problem={command.problem}
        receipt={command.receipt}
        sending={command.sending}
        label={t('closePanel')}
      />
    </form>
  );
};

const CONVENE_FIELD_OF_CODE: Record<string, string> = {
  PANEL_EXISTS: 'panelId',
  UNKNOWN_ITEM: 'itemId',
  INVALID_PANEL_MEMBER: 'members',
  TOO_FEW_PANEL_MEMBERS: 'members',
};

/** A new panel for an item: its id and the people on it, each of one of the seven categories. */
const ConveneForm = ({ cycle }: { cycle: CycleView }) => {
  const { t } = useLanguage();
  const { year } = useSession();
  const blank = { panelId: '', itemId: '', members: [{ name: '', category: CATEGORIES[0] as string }] };
  const [form, setForm] = useState(blank);
  const command = useCommandForm(CONVENE_FIELD_OF_CODE);
  const setMember = (index: number, change: Partial<{ name: string; category: string }>) =>
    setForm({
      ...form,
      members: form.members.map((member, i) => (i === index ? { ...member, ...change } : member)),
    });
  const submit = async () => {
    const refused = await command.send(`/cycles/${year}/panels`, {
      panelId: form.panelId,
      itemId: form.itemId,
      members: form.members.map((member, i) => ({ memberId: `member-${i + 1}`, ...member })),
    });
    if (!refused) setForm(blank);
  };
  return (
    <form className="record" onSubmit={command.onSubmit(submit)} aria-labelledby="convene-title" noValidate>
      <h3 id="convene-title">{t('convenePanel')}</h3>
      <TextField
        label={t('panelId')}
        placeholder="urban-management-h2"
        value={form.panelId}
        onChange={(panelId) => setForm({ ...form, panelId })}
        problems={command.problemsOf('panelId')}
      />
      <ItemField
        cycle={cycle}
        value={form.itemId}
        onChange={(itemId) => setForm({ ...form, itemId })}
        problems={command.problemsOf('itemId')}
      />
      {form.members.map((member, index) => (
        <fieldset key={index} className="member">
          <legend>{t('panelMemberNumber', { number: index + 1 })}</legend>
          <TextField
            label={t('name')}
            value={member.name}
            onChange={(name) => setMember(index, { name })}
            problems={index === 0 ? command.problemsOf('members') : []}
          />
          <Field label={t('category')} problems={[]}>
            {(props) => (
              <select
                {...props}
                value={member.category}
                onChange={(event) => setMember(index, { category: event.target.value })}
              >
                {CATEGORIES.map((category) => (
                  <option key={category} value={category}>
                    {t(`category.${category}` as Word)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {form.members.length > 1 && (
            <button
              type="button"
              className="quiet"
              onClick={() => setForm({ ...form, members: form.members.filter((_, i) => i !== index) })}
            >
              {t('removeMember')}
            </button>
          )}
        </fieldset>
      ))}
      <button
        type="button"
        className="quiet"
        onClick={() =>
          setForm({
            ...form,
            members: [
              ...form.members,
              { name: '', category: CATEGORIES[form.members.length % CATEGORIES.length]! },
            ],
          })
        }
      >
        {t('addMember')}
      </button>
      <FormFooter
        problem={command.formProblem(['panelId', 'itemId', 'members'])}
        receipt={command.receipt}
        sending={command.sending}
      />
    </form>
  );
};

/** The cycle's on-site scoring panels: who sits on each, the results; supervisors score, close and convene. */
export const PanelsSection = () => {
  const { t, language } = useLanguage();
  const { year, me } = useSession();
  const { at, point } = usePastPoint();
  const panels = useRead<Panel[]>(at(`/cycles/${year}/panels`));
  const cycle = useRead<CycleView>(`/cycles/${year}`);
  const units = useRead<UnitView[]>('/units');
  const names = useNames();
  const mayRecord = (me.role === 'supervisor' || me.role === 'admin') && !point;
  if (panels.error) return <ProblemNote error={panels.error} />;
  if (!panels.data) return null;
  return (
    <section aria-labelledby="panels-title">
      <h2 id="panels-title">{t('panels')}</h2>
      {panels.data.length === 0 && <p className="muted">{t('noPanels')}</p>}
      <ul className="cards">
        {panels.data.map((panel) => {
          // Best first: a copy, since the results are the query's own data.
          const rows = (
            panel.status === 'closed'
              ? [...panel.results]
              : [...new Set(panel.scores.map((score) => score.unitId))].map((unitId) => {
                  const given = panel.scores.filter((score) => score.unitId === unitId);
                  const mean = given.reduce((sum, score) => sum + score.score, 0) / given.length;
                  return {
                    unitId,
                    score: Math.round(mean * 100) / 100,
                    scoresCount: given.length,
                    met: null,
                  };
                })
          ).sort((a, b) => b.score - a.score);
          return (
            <li key={panel.panelId} className={`card ${panel.status === 'open' ? 'open' : ''}`}>
              <h3>
                {names.item(panel.itemId)} · {panel.panelId}{' '}
                <span className={`pill ${panel.status === 'open' ? 'open' : 'resolved'}`}>
                  {t(panel.status === 'open' ? 'panelOpen' : 'panelClosed')}
                </span>
              </h3>
              <p className="muted">
                {panel.members
                  .map((member) => `${member.name} (${t(`category.${member.category}` as Word)})`)
                  .join(' · ')}
              </p>
              {rows.length > 0 && (
                <div className="scroll">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t('unit')}</th>
                        <th scope="col" className="n">
                          {t('panelScore')}
                        </th>
                        <th scope="col" className="n">
                          {t('scoresCount')}
                        </th>
                        <th scope="col">{t('basicRequirement')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((row) => (
                        <tr key={row.unitId}>
                          <td>
                            <a href={linkTo('unit', row.unitId)}>{names.unit(row.unitId)}</a>
                          </td>
                          <td className="n">{points(row.score, language)}</td>
                          <td className="n">{row.scoresCount}</td>
                          <td>
                            <MetPill met={row.met} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              {mayRecord && panel.status === 'open' && units.data && (
                <>
                  <ScoreForm panel={panel} units={units.data} />
                  <CloseForm panel={panel} />
                </>
              )}
            </li>
          );
        })}
      </ul>
      {mayRecord && cycle.data && <ConveneForm cycle={cycle.data} />}
    </section>
  );
};
