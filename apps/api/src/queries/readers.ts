import type { Role } from '@ledger/ledger';

/** Who reads the projections (docs/api.md): analysts, auditors, supervisors and reviewers. */
export const READERS: Role[] = ['analyst', 'auditor', 'supervisor', 'reviewer'];
