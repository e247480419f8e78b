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
          {(['street', 'department'] as const).map((kind) => {
            const ofKind = units.filter((unit) => unit.kind === kind);
            return (
              ofKind.length > 0 && (
                <optgroup key={kind} label={t(kind)}>
                  {ofKind.map((unit) => (
                    <option key={unit.unitId} value={unit.unitId}>
                      {unit.name}
                    </option>
                  ))}
                </optgroup>
              )
            );
          })}
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

interface InputFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  problems: string[];
  placeholder?: string;
}

/** One line of text: a reason, a name, an id. */
export const TextField = ({
  label,
  value,
  onChange,
  problems,
  placeholder,
  numeric = false,
}: InputFieldProps & { numeric?: boolean }) => (
  <Field label={label} problems={problems}>
    {(props) => (
      <input
        {...props}
        // The API takes at most 2000 characters of any text; stop the typing there, not after it.
        {...(numeric ? { type: 'number', step: '0.01', inputMode: 'decimal' as const } : { maxLength: 2000 })}
        placeholder={placeholder}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    )}
  </Field>
);

/** A figure with at most two decimals (points, a metric's value, a threshold). */
export const DecimalField = (props: InputFieldProps) => <TextField {...props} numeric />;

/** A choice among a few options, each with its words: the kind of change a form records, an item's track. */
export const ChoiceField = <T extends string>({
  label,
  value,
  options,
  onChange,
  problems = [],
}: {
  label: string;
  value: T;
  options: readonly (readonly [T, string])[];
  onChange(value: T): void;
  problems?: string[];
}) => (
  <Field label={label} problems={problems}>
    {(props) => (
      <select {...props} value={value} onChange={(event) => onChange(event.target.value as T)}>
        {options.map(([option, words]) => (
          <option key={option} value={option}>
            {words}
          </option>
        ))}
      </select>
    )}
  </Field>
);

/** The two tracks of the 1+X scheme, as a ChoiceField's options. */
export const TRACKS = [
  ['1', '1'],
  ['X', 'X'],
] as const;
