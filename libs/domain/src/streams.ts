/** The stream names (docs/architecture.md): one consistency boundary each. */
export const streams = {
  cycle: (year: number) => `cycle-${year}`,
  unit: (unitId: string) => `unit-${unitId}`,
  scorecard: (year: number, unitId: string) => `scorecard-${year}-${unitId}`,
  case: (caseId: string) => `case-${caseId}`,
  /** Every dispute filed on one recorded event, so that only one can be open at a time. */
  disputesOf: (eventId: string) => `disputes-${eventId}`,
  panel: (panelId: string) => `panel-${panelId}`,
  /** An API key's issue and revocation (never the key itself). */
  key: (keyId: string) => `key-${keyId}`,
} as const;
