import { ROLES, type Role } from '@ledger/ledger';

/** Who reads the projections (docs/api.md): analysts, auditors, supervisors and reviewers. */
export const READERS: Role[] = ['analyst', 'auditor', 'supervisor', 'reviewer'];

/** Every role besides admin (who may anyway): what a page needs whoever looks at it (GET /api/stream). */
export const EVERYONE: Role[] = ROLES.filter((role) => role !== 'admin');
