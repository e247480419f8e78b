/** The two tracks of "1+X": the regular body of items and the key items of the year. */
export type Track = '1' | 'X';
export const TRACKS: readonly Track[] = ['1', 'X'];

/** Appraised bodies are street offices (街道) or departments (部門); rankings are per kind. */
export type UnitKind = 'street' | 'department';
export const UNIT_KINDS: readonly UnitKind[] = ['street', 'department'];

export type Comparator = '>=' | '<=';
export const COMPARATORS: readonly Comparator[] = ['>=', '<='];

/** The seven categories of people on an on-site public scoring panel (實地亮分). */
export const PANEL_MEMBER_CATEGORIES = [
  'npc-deputy',
  'cppcc-member',
  'city-supervisor',
  'community-worker',
  'enterprise-rep',
  'citizen-rep',
  'property-company-rep',
] as const;
export type PanelMemberCategory = (typeof PANEL_MEMBER_CATEGORIES)[number];
