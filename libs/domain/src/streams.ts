/** The stream names of ARCHITECTURE.md: one consistency boundary each. */
export const streams = {
  cycle: (year: number) => `cycle-${year}`,
  unit: (unitId: string) => `unit-${unitId}`,
  scorecard: (year: number, unitId: string) => `scorecard-${year}-${unitId}`,
  case: (caseId: string) => `case-${caseId}`,
  dispute: (disputeId: string) => `dispute-${disputeId}`,
  panel: (panelId: string) => `panel-${panelId}`,
} as const;
