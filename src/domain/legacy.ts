/**
 * The reorganisation of 2017-2019 as data: the legacy units of DPA, DPKO and PBSO, the new homes
 * in DPPA, DPO and the shared regional structure, where each unit goes (note of 11 September
 * 2017, paragraphs 8 to 10), the milestones of the process, and an ILLUSTRATIVE table of posts.
 * Function ids are this project's labels for what a unit does, not official designations.
 */

export const LEGACY_DEPARTMENTS = ['DPA', 'DPKO', 'PBSO'] as const;
export type LegacyDepartment = (typeof LEGACY_DEPARTMENTS)[number];

/** A unit of the pillar before 1 January 2019, with the functions it performed. */
export interface LegacyUnit {
  id: string;
  department: LegacyDepartment;
  name: string;
  functions: string[];
}

/** Where units go: DPPA, DPO, or the political-operational structure both departments share. */
export type HomeDepartment = 'DPPA' | 'DPO' | 'shared';

export interface NewHome {
  id: string;
  department: HomeDepartment;
  name: string;
  /** The paragraph of the note that places it. */
  paragraph: string;
}

/** One legacy unit's move: its new home and the functions it carries there. */
export interface MappingEntry {
  unit: string;
  home: string;
  functions: string[];
  paragraph: string;
  why: string;
}

export const LEGACY_UNITS: readonly LegacyUnit[] = [
  {
    id: 'dpa-regional-divisions',
    department: 'DPA',
    name: 'DPA regional divisions',
    functions: ['political-analysis', 'early-warning', 'good-offices-support', 'spm-backstopping'],
  },
  {
    id: 'dpa-electoral',
    department: 'DPA',
    name: 'Electoral Assistance Division',
    functions: ['electoral-assistance'],
  },
  {
    id: 'dpa-mediation',
    department: 'DPA',
    name: 'Mediation support',
    functions: ['mediation-support'],
  },
  {
    id: 'dpa-security-council',
    department: 'DPA',
    name: 'Security Council Affairs Division',
    functions: ['security-council-support'],
  },
  {
    id: 'dpa-policy',
    department: 'DPA',
    name: 'DPA policy and guidance',
    functions: ['political-policy'],
  },
  {
    id: 'dpko-operations',
    department: 'DPKO',
    name: 'Office of Operations',
    functions: ['pko-political-guidance', 'integrated-operational-teams', 'crisis-monitoring'],
  },
  {
    id: 'dpko-orolsi',
    department: 'DPKO',
    name: 'Office of Rule of Law and Security Institutions (OROLSI)',
    functions: [
      'rule-of-law',
      'justice-and-corrections',
      'security-sector-reform',
      'ddr',
      'mine-action',
    ],
  },
  {
    id: 'dpko-military',
    department: 'DPKO',
    name: 'Office of Military Affairs',
    functions: ['military'],
  },
  { id: 'dpko-police', department: 'DPKO', name: 'Police Division', functions: ['police'] },
  {
    id: 'dpko-policy-training',
    department: 'DPKO',
    name: 'Policy, evaluation and training',
    functions: ['peacekeeping-policy', 'evaluation', 'training'],
  },
  {
    id: 'pbso-policy',
    department: 'PBSO',
    name: 'PBSO policy',
    functions: ['peacebuilding-policy'],
  },
  {
    id: 'pbso-intergovernmental',
    department: 'PBSO',
    name: 'Intergovernmental support (Peacebuilding Commission)',
    functions: ['pbc-support'],
  },
  {
    id: 'pbso-financing',
    department: 'PBSO',
    name: 'Financing for peacebuilding (Peacebuilding Fund)',
    functions: ['peacebuilding-fund'],
  },
];

export const NEW_HOMES: readonly NewHome[] = [
  {
    id: 'shared-regional-structure',
    department: 'shared',
    name: 'Single political-operational structure under three regional ASGs',
    paragraph: '8 d), 9',
  },
  {
    id: 'dppa-electoral',
    department: 'DPPA',
    name: 'DPPA electoral assistance',
    paragraph: '8 a)',
  },
  { id: 'dppa-mediation', department: 'DPPA', name: 'DPPA mediation support', paragraph: '8 a)' },
  {
    id: 'dppa-security-council',
    department: 'DPPA',
    name: 'DPPA support to the Security Council',
    paragraph: '8 a)',
  },
  { id: 'dppa-policy', department: 'DPPA', name: 'DPPA policy', paragraph: '10' },
  {
    id: 'dppa-peacebuilding',
    department: 'DPPA',
    name: 'Peacebuilding Support Office under an ASG for peacebuilding support',
    paragraph: '8 a), 9',
  },
  {
    id: 'dpo-orolsi',
    department: 'DPO',
    name: 'OROLSI under an ASG for rule of law and security institutions',
    paragraph: '8 b)',
  },
  {
    id: 'dpo-military',
    department: 'DPO',
    name: 'DPO Office of Military Affairs',
    paragraph: '8 b)',
  },
  { id: 'dpo-police', department: 'DPO', name: 'DPO Police Division', paragraph: '8 b)' },
  {
    id: 'dpo-policy',
    department: 'DPO',
    name: 'DPO policy, evaluation and training',
    paragraph: '10',
  },
];

const POLICY_CHOICE =
  'Paragraph 10 only says policy capacities are "realigned"; paragraph 5 rules out changing functions, so each policy unit follows the department that takes over its parent\u2019s responsibilities';

/** Where each legacy unit goes (note paragraphs 8 to 10); the policy units are this project's reading. */
export const RESTRUCTURING_MAPPING: readonly MappingEntry[] = [
  {
    unit: 'dpa-regional-divisions',
    home: 'shared-regional-structure',
    functions: ['political-analysis', 'early-warning', 'good-offices-support', 'spm-backstopping'],
    paragraph: '9',
    why: 'DPA regional divisions and DPKO Office of Operations combine into one structure shared by both departments',
  },
  {
    unit: 'dpa-electoral',
    home: 'dppa-electoral',
    functions: ['electoral-assistance'],
    paragraph: '8 a)',
    why: 'electoral assistance is located in DPPA, for mission and non-mission settings',
  },
  {
    unit: 'dpa-mediation',
    home: 'dppa-mediation',
    functions: ['mediation-support'],
    paragraph: '8 a)',
    why: 'mediation support is located in DPPA, for mission and non-mission settings',
  },
  {
    unit: 'dpa-security-council',
    home: 'dppa-security-council',
    functions: ['security-council-support'],
    paragraph: '8 a)',
    why: 'DPPA provides substantive and secretariat support to the Security Council',
  },
  {
    unit: 'dpa-policy',
    home: 'dppa-policy',
    functions: ['political-policy'],
    paragraph: '10, 8 a)',
    why: `${POLICY_CHOICE}: DPA's political responsibilities go to DPPA`,
  },
  {
    unit: 'dpko-operations',
    home: 'shared-regional-structure',
    functions: ['pko-political-guidance', 'integrated-operational-teams', 'crisis-monitoring'],
    paragraph: '9',
    why: 'combined with the DPA regional divisions into the shared political-operational structure',
  },
  {
    unit: 'dpko-orolsi',
    home: 'dpo-orolsi',
    functions: [
      'rule-of-law',
      'justice-and-corrections',
      'security-sector-reform',
      'ddr',
      'mine-action',
    ],
    paragraph: '8 b)',
    why: 'DPO houses the OROLSI peace support capacities under the leadership of an ASG',
  },
  {
    unit: 'dpko-military',
    home: 'dpo-military',
    functions: ['military'],
    paragraph: '8 b)',
    why: 'the Office of Military Affairs is an integral part of DPO',
  },
  {
    unit: 'dpko-police',
    home: 'dpo-police',
    functions: ['police'],
    paragraph: '8 b)',
    why: 'the Police Division is an integral part of DPO',
  },
  {
    unit: 'dpko-policy-training',
    home: 'dpo-policy',
    functions: ['peacekeeping-policy', 'evaluation', 'training'],
    paragraph: '10, 8 b)',
    why: `${POLICY_CHOICE}: DPKO's responsibilities go to DPO`,
  },
  {
    unit: 'pbso-policy',
    home: 'dppa-peacebuilding',
    functions: ['peacebuilding-policy'],
    paragraph: '8 a)',
    why: 'PBSO\u2019s components (policy, intergovernmental, financing) remain integrated under an ASG in DPPA',
  },
  {
    unit: 'pbso-intergovernmental',
    home: 'dppa-peacebuilding',
    functions: ['pbc-support'],
    paragraph: '8 a)',
    why: 'the ASG supports the Peacebuilding Commission',
  },
  {
    unit: 'pbso-financing',
    home: 'dppa-peacebuilding',
    functions: ['peacebuilding-fund'],
    paragraph: '8 a)',
    why: 'the ASG manages the Peacebuilding Fund; its terms of reference unchanged',
  },
];

/** Posts per unit before, and their allocation after (from a legacy unit, or from outside). */
export interface ResourceTable {
  /** True when the figures are made up to exercise the checks. */
  illustrative: boolean;
  note: string;
  before: { unit: string; posts: number }[];
  after: { home: string; from: string; posts: number }[];
}

const ILLUSTRATIVE_BEFORE: Record<string, number> = {
  'dpa-regional-divisions': 100,
  'dpa-electoral': 30,
  'dpa-mediation': 20,
  'dpa-security-council': 40,
  'dpa-policy': 10,
  'dpko-operations': 120,
  'dpko-orolsi': 90,
  'dpko-military': 50,
  'dpko-police': 60,
  'dpko-policy-training': 40,
  'pbso-policy': 10,
  'pbso-intergovernmental': 10,
  'pbso-financing': 20,
};

/**
 * ILLUSTRATIVE FIGURES, NOT THE REAL POSTS: the real staffing tables are not in this project's
 * sources. Round numbers chosen only to exercise the conservation checks.
 */
export const ILLUSTRATIVE_RESOURCES: ResourceTable = {
  illustrative: true,
  note: 'ILLUSTRATIVE figures, not the real posts (the staffing tables are not in our sources)',
  before: Object.entries(ILLUSTRATIVE_BEFORE).map(([unit, posts]) => ({ unit, posts })),
  after: [
    { home: 'shared-regional-structure', from: 'dpa-regional-divisions', posts: 100 },
    { home: 'shared-regional-structure', from: 'dpko-operations', posts: 120 },
    { home: 'dppa-electoral', from: 'dpa-electoral', posts: 30 },
    { home: 'dppa-mediation', from: 'dpa-mediation', posts: 20 },
    { home: 'dppa-security-council', from: 'dpa-security-council', posts: 40 },
    { home: 'dppa-policy', from: 'dpa-policy', posts: 10 },
    { home: 'dpo-orolsi', from: 'dpko-orolsi', posts: 90 },
    { home: 'dpo-military', from: 'dpko-military', posts: 50 },
    { home: 'dpo-police', from: 'dpko-police', posts: 60 },
    { home: 'dpo-policy', from: 'dpko-policy-training', posts: 40 },
    { home: 'dppa-peacebuilding', from: 'pbso-policy', posts: 10 },
    { home: 'dppa-peacebuilding', from: 'pbso-intergovernmental', posts: 10 },
    { home: 'dppa-peacebuilding', from: 'pbso-financing', posts: 20 },
  ],
};

/** One step of the process, with its date (YYYY-MM or YYYY-MM-DD) and instrument. */
export interface RestructuringMilestone {
  event: 'REPORT' | 'ENDORSE_IN_PRINCIPLE' | 'SUBMIT_DETAILED_PROPOSAL' | 'APPROVE' | 'IMPLEMENT';
  date: string;
  document: string;
  text: string;
}

/** The note's date: the process starts in `proposed` here. */
export const NOTE_DATE = '2017-09-11';

/** The recorded milestones after the note (DOMAIN.md, "The restructuring itself"). */
export const RESTRUCTURING_MILESTONES: readonly RestructuringMilestone[] = [
  {
    event: 'REPORT',
    date: '2017-10-13',
    document: 'A/72/525',
    text: 'report of the Secretary-General to the General Assembly',
  },
  {
    event: 'ENDORSE_IN_PRINCIPLE',
    date: '2017-12',
    document: 'A/RES/72/199',
    text: 'General Assembly resolution 72/199',
  },
  {
    event: 'SUBMIT_DETAILED_PROPOSAL',
    date: '2018-03',
    document: 'A/72/772',
    text: 'detailed proposal of the Secretary-General',
  },
  {
    event: 'APPROVE',
    date: '2018-07-05',
    document: 'A/RES/72/262 C',
    text: 'General Assembly resolution 72/262 C',
  },
  {
    event: 'IMPLEMENT',
    date: '2019-01-01',
    document: 'entry into force',
    text: 'DPPA, DPO and the shared regional structure in force',
  },
];
