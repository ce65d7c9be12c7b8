/** The two lead departments of the peace and security pillar (note 2017, paragraph 8). */
export const DEPARTMENTS = ['DPPA', 'DPO'] as const;
export type Department = (typeof DEPARTMENTS)[number];

/**
 * The departments that led before the restructuring entered into force on 1 January 2019: DPA
 * (political affairs) and DPKO (peacekeeping operations). Each presence had a backstopping one.
 */
export const BACKSTOPS = ['DPA', 'DPKO'] as const;
export type Backstop = (typeof BACKSTOPS)[number];

/** Every department that can lead a country: the pre-2019 pair and the pair in force since. */
export const LEAD_DEPARTMENTS = [...DEPARTMENTS, ...BACKSTOPS] as const;
export type LeadDepartment = (typeof LEAD_DEPARTMENTS)[number];

/** A line of work: political (DPA, then DPPA) or operations (DPKO, then DPO). */
export type DepartmentLine = 'political' | 'operations';

export interface DepartmentInfo {
  id: LeadDepartment;
  name: string;
  usg: string;
  /** What the department brings together, as the note describes it. */
  formedFrom: string;
  line: DepartmentLine;
}

export const DEPARTMENT_INFO: Record<LeadDepartment, DepartmentInfo> = {
  DPPA: {
    id: 'DPPA',
    name: 'Department of Political and Peacebuilding Affairs',
    usg: 'USG/DPPA',
    formedFrom: 'DPA political responsibilities with PBSO peacebuilding responsibilities',
    line: 'political',
  },
  DPO: {
    id: 'DPO',
    name: 'Department of Peace Operations',
    usg: 'USG/DPO',
    formedFrom: 'DPKO with DPA responsibilities for field-based special political missions',
    line: 'operations',
  },
  DPA: {
    id: 'DPA',
    name: 'Department of Political Affairs',
    usg: 'USG/DPA',
    formedFrom: 'until 31 December 2018; then part of DPPA',
    line: 'political',
  },
  DPKO: {
    id: 'DPKO',
    name: 'Department of Peacekeeping Operations',
    usg: 'USG/DPKO',
    formedFrom: 'until 31 December 2018; then part of DPO',
    line: 'operations',
  },
};

const OTHER: Record<LeadDepartment, LeadDepartment> = {
  DPPA: 'DPO',
  DPO: 'DPPA',
  DPA: 'DPKO',
  DPKO: 'DPA',
};

/** The department that is kept informed when `lead` leads: the other one of the same era. */
export function getOtherDepartment(lead: Department): Department;
export function getOtherDepartment(lead: LeadDepartment): LeadDepartment;
export function getOtherDepartment(lead: LeadDepartment): LeadDepartment {
  return OTHER[lead];
}

/** The line a department works: a handover is a change of line (DPA to DPPA is none). */
export function getDepartmentLine(department: LeadDepartment): DepartmentLine {
  return DEPARTMENT_INFO[department].line;
}

export function isDepartment(value: unknown): value is Department {
  return value === 'DPPA' || value === 'DPO';
}

export function isLeadDepartment(value: unknown): value is LeadDepartment {
  return typeof value === 'string' && (LEAD_DEPARTMENTS as readonly string[]).includes(value);
}

/** The department of the 2019 structure that took over a pre-2019 one's line (DPA -> DPPA). */
export function toCurrentDepartment(department: LeadDepartment): Department {
  return getDepartmentLine(department) === 'political' ? 'DPPA' : 'DPO';
}
