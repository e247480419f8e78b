/** Who may do what (docs/api.md, "Keys and roles"): every API key carries exactly one of these. */
export const ROLES = ['admin', 'supervisor', 'reviewer', 'unit-leader', 'auditor', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
