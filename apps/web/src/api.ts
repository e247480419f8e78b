/** A refusal as the API words it: a stable code, one sentence, and per-field problems for a form. */
export interface Problem {
  statusCode: number;
  code: string;
  message: string;
  details?: { field: string; problems: string[] }[] | Record<string, unknown>;
}

export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }

  /** The problems of one field of the body, as the API's validation names them. */
  fieldProblems(field: string): string[] {
    const { details } = this.problem;
    if (!Array.isArray(details)) return [];
    return details.filter((detail) => detail.field === field).flatMap((detail) => detail.problems);
  }
}

export interface CommandOptions {
  /** One per submitted form: a double click or a retry records once. */
  idempotencyKey?: string;
  /** The stream version the page showed: the command is refused (409) if someone changed it since. */
  ifMatch?: string;
  /** POST unless said (a key is revoked with DELETE). */
  method?: 'POST' | 'DELETE';
}

/** What a recorded command answers: the events' ids, its stream's version and where it sits in the log. */
export interface Receipt {
  eventIds: string[];
  streamVersion: number;
  position: string;
}

const problemOf = async (response: Response): Promise<ApiProblem> => {
  const body = (await response.json().catch(() => null)) as Partial<Problem> | null;
  return new ApiProblem({
    statusCode: response.status,
    code: body?.code ?? `HTTP_${response.status}`,
    message: body?.message ?? response.statusText,
    ...(body?.details !== undefined && { details: body.details }),
  });
};

/** The API under one key: every call carries it; a refusal throws an ApiProblem. */
export const apiFor = (key: string) => {
  const call = async <T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`/api${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${key}`,
        Accept: 'application/json',
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw await problemOf(response);
    return (await response.json()) as T;
  };
  return {
    get: <T>(path: string) => call<T>('GET', path),
    /** A question asked with a body (what-if): nothing is recorded. */
    ask: <T>(path: string, body: unknown) => call<T>('POST', path, body),
    /** A command: what it answers is a Receipt for the ledger's commands, the key itself for the key console's. */
    command: <T = Receipt>(path: string, body: unknown, options: CommandOptions = {}) =>
      call<T>(options.method ?? 'POST', path, body, {
        ...(options.idempotencyKey && { 'Idempotency-Key': options.idempotencyKey }),
        ...(options.ifMatch && { 'If-Match': `"${options.ifMatch}"` }),
      }),
  };
};

export type Api = ReturnType<typeof apiFor>;
