/**
 * Every refusal of the domain has a stable machine code. The kind says how the edge should
 * answer: a thing that does not exist, a clash with the current state, or a request that is
 * well formed but breaks a rule of the appraisal.
 */
export type RefusalKind = 'not-found' | 'conflict' | 'rule';

export const REFUSAL_KINDS = {
  UNKNOWN_CYCLE: 'not-found',
  UNKNOWN_UNIT: 'not-found',
  UNKNOWN_ITEM: 'not-found',
  UNKNOWN_LEADER: 'not-found',
  UNKNOWN_ENTRY: 'not-found',
  UNKNOWN_RULING: 'not-found',
  UNKNOWN_CASE: 'not-found',
  UNKNOWN_DISPUTE: 'not-found',
  UNKNOWN_PANEL: 'not-found',
  UNKNOWN_KEY: 'not-found',

  CYCLE_EXISTS: 'conflict',
  UNIT_EXISTS: 'conflict',
  ITEM_EXISTS: 'conflict',
  CASE_EXISTS: 'conflict',
  PANEL_EXISTS: 'conflict',
  KEY_EXISTS: 'conflict',
  KEY_REVOKED: 'conflict',
  CYCLE_CLOSED: 'conflict',
  ITEM_WITHDRAWN: 'conflict',
  LEADER_IN_OFFICE: 'conflict',
  NO_LEADER_IN_OFFICE: 'conflict',
  CASE_ALREADY_SANCTIONED: 'conflict',
  CASE_CLOSED: 'conflict',
  PANEL_CLOSED: 'conflict',
  PANEL_INCOMPLETE: 'conflict',
  ALREADY_SCORED: 'conflict',
  DISPUTE_OPEN: 'conflict',
  DISPUTE_RESOLVED: 'conflict',

  INVALID_POLICY: 'rule',
  NO_CHANGE: 'rule',
  REGULAR_AWARD_OVER_MAX: 'rule',
  INVALID_POINTS: 'rule',
  INVALID_AMOUNT: 'rule',
  INVALID_METRIC_VALUE: 'rule',
  INVALID_TARGET: 'rule',
  REASON_REQUIRED: 'rule',
  UNKNOWN_METRIC: 'rule',
  NO_PRINCIPAL_LEADER: 'rule',
  UNKNOWN_SANCTION: 'rule',
  INVALID_PANEL_MEMBER: 'rule',
  TOO_FEW_PANEL_MEMBERS: 'rule',
  NOT_A_PANEL_MEMBER: 'rule',
  INVALID_PANEL_SCORE: 'rule',
  NOT_DISPUTABLE: 'rule',
  UNKNOWN_ROLE: 'rule',
  KEY_NAME_REQUIRED: 'rule',
  INVALID_KEY_NAME: 'rule',
  INVALID_EFFECTIVE_DATE: 'rule',
  UNIT_REQUIRED: 'rule',
  UNIT_NOT_ALLOWED: 'rule',
  INVALID_EXPIRY: 'rule',
} as const satisfies Record<string, RefusalKind>;

export type DomainErrorCode = keyof typeof REFUSAL_KINDS;

export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  get kind(): RefusalKind {
    return REFUSAL_KINDS[this.code];
  }
}

export const refuse = (code: DomainErrorCode, message: string, details?: Record<string, unknown>) =>
  new DomainError(code, message, details);

export const isDomainError = (value: unknown): value is DomainError => value instanceof DomainError;
