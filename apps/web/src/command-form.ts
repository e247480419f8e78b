import { FormEvent, useState } from 'react';
import { ApiProblem, CommandOptions, Receipt } from './api';
import { newFormId } from './form-id';
import { useSession } from './session';

/**
 * What every command form shares: one Idempotency-Key until the command is recorded (a double
 * click or a retry records once), the refusal split into what each field shows and what the
 * form shows above its button, and the receipt once recorded.
 */
export const useCommandForm = (fieldOfCode: Record<string, string> = {}) => {
  const { api } = useSession();
  const [formId, setFormId] = useState(newFormId);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [answer, setAnswer] = useState<unknown>(null);
  const [sending, setSending] = useState(false);

  const problemsOf = (field: string): string[] => {
    if (!problem) return [];
    const listed = problem.fieldProblems(field);
    return listed.length > 0 ? listed : fieldOfCode[problem.problem.code] === field ? [problem.message] : [];
  };

  /** Sends the command: null once recorded, else the refusal (also shown). */
  const send = async (
    path: string,
    body: unknown,
    {
      onAnswer,
      ...options
    }: Omit<CommandOptions, 'idempotencyKey'> & {
      /** Told what the command answered, even if the form has left the page by then (a rotated key's card). */
      onAnswer?: (answer: unknown) => void;
    } = {},
  ): Promise<ApiProblem | null> => {
    setSending(true);
    setProblem(null);
    setAnswer(null);
    try {
      const answered = await api.command<unknown>(path, body, { ...options, idempotencyKey: formId });
      onAnswer?.(answered);
      setAnswer(answered);
      setFormId(newFormId());
      return null;
    } catch (error) {
      const refusal =
        error instanceof ApiProblem
          ? error
          : new ApiProblem({ statusCode: 0, code: 'NETWORK', message: String(error) });
      setProblem(refusal);
      return refusal;
    } finally {
      setSending(false);
    }
  };

  // The ledger's commands answer where they were recorded; the key console's answer the key.
  const receipt =
    answer !== null && typeof answer === 'object' && 'position' in answer ? (answer as Receipt) : null;
  /**
   * Says at each empty field of `required` that it must be chosen or filled in, before a
   * request whose address is built from them could go out with a hole in it; true if any was.
   */
  const missing = (required: Record<string, string>, sentence: string): boolean => {
    const empty = Object.entries(required).filter(([, value]) => value.trim() === '');
    if (empty.length === 0) return false;
    setAnswer(null);
    setProblem(
      new ApiProblem({
        statusCode: 0,
        code: 'REQUIRED',
        message: sentence,
        details: empty.map(([field]) => ({ field, problems: [sentence] })),
      }),
    );
    return true;
  };

  return {
    problem,
    receipt,
    missing,
    /** What the last command answered, once recorded. */
    answer,
    sending,
    problemsOf,
    /** The refusal when no field of `fields` shows it. */
    formProblem: (fields: string[]) =>
      problem && !fields.some((field) => problemsOf(field).length > 0) ? problem : null,
    onSubmit: (action: () => Promise<unknown>) => (event: FormEvent) => {
      event.preventDefault();
      void action();
    },
    send,
  };
};
