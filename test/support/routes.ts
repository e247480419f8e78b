import type { Role } from '@ledger/ledger';

/** One route of docs/api.md, with a body it accepts and the roles besides admin that may call it. */
export interface RouteSpec {
  method: 'get' | 'post' | 'delete';
  path: string;
  roles: (Role | 'other-unit-leader')[];
  body?: Record<string, unknown>;
  /** Fields of the body (dotted when nested) that may be left out or null. */
  optional?: string[];
}

const READERS: RouteSpec['roles'] = ['analyst', 'auditor', 'supervisor', 'reviewer'];

/** Every command route, with a well-formed body (the fuzz pass breaks each one). */
export const COMMAND_ROUTES: RouteSpec[] = [
  {
    method: 'post',
    path: '/cycles',
    roles: ['supervisor'],
    body: { year: 2008, policy: { regularCap: 130 } },
    optional: ['policy', 'policy.regularCap'],
  },
  {
    method: 'post',
    path: '/cycles/2007/policy',
    roles: ['supervisor'],
    body: { changes: { regularCap: 131 }, reason: 'amended' },
  },
  {
    method: 'post',
    path: '/cycles/2007/items',
    roles: ['supervisor'],
    body: {
      itemId: 'roads',
      title: 'Roads',
      track: '1',
      basicRequirement: { text: 'paved', panelScoreAtLeast: 60 },
      targets: [{ metric: 'km', comparator: '>=', threshold: 10, unit: 'km' }],
    },
    optional: ['basicRequirement', 'basicRequirement.text', 'basicRequirement.panelScoreAtLeast', 'targets'],
  },
  {
    method: 'post',
    path: '/cycles/2007/items/safety/track',
    roles: ['supervisor'],
    body: { track: 'X', reason: 'key this year' },
  },
  {
    method: 'post',
    path: '/cycles/2007/items/services/targets/growth',
    roles: ['supervisor'],
    body: { threshold: 16, reason: 'raised' },
  },
  {
    method: 'post',
    path: '/cycles/2007/items/safety/withdraw',
    roles: ['supervisor'],
    body: { reason: 'dropped' },
  },
  {
    method: 'post',
    path: '/units',
    roles: ['supervisor'],
    body: { unitId: 'jinjiang', name: '錦江', kind: 'department' },
  },
  {
    method: 'post',
    path: '/units/sansheng/leader',
    roles: ['supervisor'],
    body: { leaderId: 'li-ming', name: '李明' },
  },
  {
    method: 'post',
    path: '/units/sansheng/leader/departure',
    roles: ['supervisor'],
    body: { reason: 'transferred' },
  },
  {
    method: 'post',
    path: '/cycles/2007/units/sansheng/awards',
    roles: ['supervisor'],
    body: { itemId: 'safety', points: 1.5, reason: 'good', evidence: 'report 7' },
    optional: ['evidence'],
  },
  {
    method: 'post',
    path: '/cycles/2007/units/sansheng/deductions',
    roles: ['supervisor'],
    body: { itemId: 'safety', points: 1, reason: 'bad' },
  },
  {
    method: 'post',
    path: '/cycles/2007/units/sansheng/metrics',
    roles: ['supervisor'],
    body: { itemId: 'services', metric: 'growth', value: 12 },
  },
  {
    method: 'post',
    path: '/cycles/2007/units/sansheng/rulings',
    roles: ['supervisor'],
    body: { itemId: 'services', met: true, basis: 'inspected' },
  },
  {
    method: 'post',
    path: '/cycles/2007/leaders/li-ming/bonus-base',
    roles: ['supervisor'],
    body: { amount: 1000 },
  },
  {
    method: 'post',
    path: '/cases/2007-sansheng-services-1/sanction',
    roles: ['supervisor'],
    body: { sanction: 'written-self-examination', reason: 'failed' },
  },
  {
    method: 'post',
    path: '/cycles/2007/panels',
    roles: ['supervisor'],
    body: {
      panelId: 'p1',
      itemId: 'services',
      members: [{ memberId: 'm1', name: 'M', category: 'npc-deputy' }],
    },
  },
  {
    method: 'post',
    path: '/panels/p1/scores',
    roles: ['supervisor'],
    body: { memberId: 'm1', unitId: 'sansheng', score: 80 },
  },
  { method: 'post', path: '/panels/p1/close', roles: ['supervisor'], body: {} },
  {
    method: 'post',
    path: '/disputes',
    roles: ['supervisor', 'unit-leader'],
    body: { year: 2007, unitId: 'sansheng', eventId: 'no-such-event', grounds: 'wrong' },
  },
  {
    method: 'post',
    path: '/disputes/d1/resolution',
    roles: ['reviewer'],
    body: { outcome: 'upheld', reason: 'fair' },
  },
  { method: 'post', path: '/cycles/2007/close', roles: ['supervisor'], body: { reason: 'year end' } },
  // Not a command (it records nothing), but a POST whose body the fuzz pass should break like theirs.
  {
    method: 'post',
    path: '/cycles/2007/what-if',
    roles: ['analyst', 'supervisor'],
    body: { policy: { regularCap: 120 }, tracks: { safety: 'X' } },
    optional: ['policy', 'policy.regularCap', 'tracks', 'tracks.safety'],
  },
  {
    method: 'post',
    path: '/keys',
    roles: [],
    body: { role: 'analyst', name: 'probe', expires: '1d' },
    optional: ['expires'],
  },
];

/** The key routes besides issuing one: admins only. */
export const KEY_ROUTES: RouteSpec[] = [
  { method: 'get', path: '/keys', roles: [] },
  { method: 'get', path: '/keys/000000000000', roles: [] },
  { method: 'post', path: '/keys/000000000000/rotation', roles: [] },
  { method: 'delete', path: '/keys/000000000000', roles: [], body: { reason: 'probe' } },
];

export const QUERY_ROUTES: RouteSpec[] = [
  { method: 'get', path: '/cycles/2007/scoreboard', roles: READERS },
  { method: 'get', path: '/cycles/2007/units/sansheng/score', roles: [...READERS, 'unit-leader'] },
  { method: 'get', path: '/cycles/2007/units/sansheng/score/explain', roles: [...READERS, 'unit-leader'] },
  { method: 'get', path: '/cycles/2007/units/sansheng/items', roles: [...READERS, 'unit-leader'] },
  { method: 'get', path: '/cycles/2007/accountability', roles: READERS },
  { method: 'get', path: '/cycles/2007/changes', roles: ['analyst', 'auditor', 'supervisor'] },
  { method: 'get', path: '/cycles/2007/cases', roles: READERS },
  { method: 'get', path: '/cases/2007-sansheng-services-1', roles: READERS },
  { method: 'get', path: '/cycles/2007/disputes', roles: [...READERS, 'unit-leader', 'other-unit-leader'] },
  { method: 'get', path: '/cycles/2007/panels/p1', roles: READERS },
  {
    method: 'get',
    path: '/cycles/2007/units/sansheng/history',
    roles: ['auditor', 'supervisor', 'unit-leader'],
  },
  { method: 'get', path: '/events', roles: ['auditor'] },
  { method: 'get', path: '/audit/verify', roles: ['auditor'] },
  { method: 'get', path: '/projections', roles: ['auditor'] },
  {
    method: 'get',
    path: '/checkpoints/key',
    roles: ['auditor', 'analyst', 'unit-leader', 'other-unit-leader'],
  },
  {
    method: 'get',
    path: '/checkpoints/latest',
    roles: ['auditor', 'analyst', 'unit-leader', 'other-unit-leader'],
  },
  { method: 'get', path: '/checkpoints', roles: ['auditor'] },
  { method: 'get', path: '/checkpoints/consistency?from=0&to=0', roles: ['auditor'] },
  { method: 'get', path: '/events/no-such-event/proof', roles: ['auditor'] },
  { method: 'get', path: '/metrics', roles: ['auditor'] },
];
