/** The two lead departments of the peace and security pillar (note 2017, paragraph 8). */
export const DEPARTMENTS = ['DPPA', 'DPO'] as const;
export type Department = (typeof DEPARTMENTS)[number];

export interface DepartmentInfo {
  id: Department;
  name: string;
  usg: string;
  /** What the department brings together, as the note describes it. */
  formedFrom: string;
}

export const DEPARTMENT_INFO: Record<Department, DepartmentInfo> = {
  DPPA: {
    id: 'DPPA',
    name: 'Department of Political and Peacebuilding Affairs',
    usg: 'USG/DPPA',
    formedFrom: 'DPA political responsibilities with PBSO peacebuilding responsibilities',
  },
  DPO: {
    id: 'DPO',
    name: 'Department of Peace Operations',
    usg: 'USG/DPO',
    formedFrom: 'DPKO with DPA responsibilities for field-based special political missions',
  },
};

/** The department that is kept informed when `lead` leads. */
export function getOtherDepartment(lead: Department): Department {
  return lead === 'DPPA' ? 'DPO' : 'DPPA';
}

export function isDepartment(value: unknown): value is Department {
  return value === 'DPPA' || value === 'DPO';
}
