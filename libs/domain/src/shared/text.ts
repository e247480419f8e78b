import { DomainError, refuse } from './domain-error';

/** Every change to the record says why; a blank reason is no reason. */
export const requireReason = (text: string | undefined | null, what = 'A reason'): DomainError | null =>
  typeof text === 'string' && text.trim().length > 0
    ? null
    : refuse('REASON_REQUIRED', `${what} is required.`);
