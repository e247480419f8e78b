import { ReactNode, useId } from 'react';

/** A labelled form field with its problems beside it, announced and tied to the input for screen readers. */
export const Field = ({
  label,
  problems,
  children,
}: {
  label: string;
  problems: string[];
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
}) => {
  const id = useId();
  const problemId = `${id}-problem`;
  return (
    <div className={problems.length > 0 ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-invalid': problems.length > 0,
        ...(problems.length > 0 && { 'aria-describedby': problemId }),
      })}
      {problems.length > 0 && (
        <p id={problemId} className="problem">
          {problems.join('; ')}
        </p>
      )}
    </div>
  );
};
