import { useLanguage } from '../i18n';
import { CycleView, UnitView } from '../queries';
import { useSession } from '../session';
import { Field } from './field';

/** The optional business date of a command: a day of the cycle's year (the day recorded when left empty). */
export const EffectiveOnField = ({
  value,
  onChange,
  problems,
}: {
  value: string;
  onChange(value: string): void;
  problems: string[];
}) => {
  const { t } = useLanguage();
  const { year } = useSession();
  return (
    <Field label={`${t('effectiveOn')} (${t('optional')})`} problems={problems}>
      {(props) => (
        <input
          {...props}
          type="date"
          min={`${year}-01-01`}
          max={`${year}-12-31`}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
};

/** The unit a command is about, chosen by name. */
export const UnitField = ({
  units,
  value,
  onChange,
  problems,
}: {
  units: UnitView[];
  value: string;
  onChange(value: string): void;
  problems: string[];
}) => {
  const { t } = useLanguage();
  return (
    <Field label={t('unitOfForm')} problems={problems}>
      {(props) => (
        <select {...props} value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="" />
          {units.map((unit) => (
            <option key={unit.unitId} value={unit.unitId}>
              {unit.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
};

/** An item of the cycle still in force, chosen by title (its track beside it). */
export const ItemField = ({
  cycle,
  value,
  onChange,
  problems,
}: {
  cycle: CycleView;
  value: string;
  onChange(value: string): void;
  problems: string[];
}) => {
  const { t } = useLanguage();
  return (
    <Field label={t('itemOfForm')} problems={problems}>
      {(props) => (
        <select {...props} value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="" />
          {cycle.items
            .filter((item) => !item.withdrawn)
            .map((item) => (
              <option key={item.itemId} value={item.itemId}>
                {item.title} ({item.track})
              </option>
            ))}
        </select>
      )}
    </Field>
  );
};

/** A figure with at most two decimals (points, a metric's value, a threshold). */
export const DecimalField = ({
  label,
  value,
  onChange,
  problems,
  placeholder,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  problems: string[];
  placeholder?: string;
}) => (
  <Field label={label} problems={problems}>
    {(props) => (
      <input
        {...props}
        type="number"
        step="0.01"
        inputMode="decimal"
        placeholder={placeholder}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    )}
  </Field>
);

/** One line of text: a reason, a name, an id. */
export const TextField = ({
  label,
  value,
  onChange,
  problems,
  placeholder,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  problems: string[];
  placeholder?: string;
}) => (
  <Field label={label} problems={problems}>
    {(props) => (
      <input
        {...props}
        placeholder={placeholder}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    )}
  </Field>
);
