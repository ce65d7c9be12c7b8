import type { Department } from './departments.ts';

/**
 * Services that go with a department, not with a phase (note 2017, paragraphs 8 and 9): a
 * service's provider never changes because the country changed phase.
 */
export const SERVICES = [
  'electoral-assistance',
  'mediation-support',
  'peacebuilding-support',
  'peacebuilding-fund',
  'rule-of-law',
  'justice-and-corrections',
  'security-sector-reform',
  'ddr',
  'mine-action',
  'police',
  'military',
] as const;
export type Service = (typeof SERVICES)[number];

export interface ServiceProvider {
  department: Department;
  office: string;
}

const PEACEBUILDING_ASG = 'ASG for Peacebuilding Support (PBSO)';
const OROLSI_ASG = 'ASG for Rule of Law and Security Institutions (OROLSI)';

export const SERVICE_PROVIDERS: Record<Service, ServiceProvider> = {
  'electoral-assistance': { department: 'DPPA', office: 'Electoral Assistance Division' },
  'mediation-support': { department: 'DPPA', office: 'Mediation Support Unit' },
  'peacebuilding-support': { department: 'DPPA', office: PEACEBUILDING_ASG },
  'peacebuilding-fund': { department: 'DPPA', office: PEACEBUILDING_ASG },
  'rule-of-law': { department: 'DPO', office: OROLSI_ASG },
  'justice-and-corrections': { department: 'DPO', office: OROLSI_ASG },
  'security-sector-reform': { department: 'DPO', office: OROLSI_ASG },
  ddr: { department: 'DPO', office: OROLSI_ASG },
  'mine-action': { department: 'DPO', office: OROLSI_ASG },
  police: { department: 'DPO', office: 'Police Division' },
  military: { department: 'DPO', office: 'Office of Military Affairs' },
};

export function isService(value: unknown): value is Service {
  return typeof value === 'string' && (SERVICES as readonly string[]).includes(value);
}

export function getServiceProvider(service: Service): ServiceProvider {
  return SERVICE_PROVIDERS[service];
}
