/**
 * The regional structure of the pillar as configuration (note 2017, paragraph 9): regional ASGs
 * shared by DPPA and DPO, their divisions, and the two ASGs whose work crosses every region.
 * The note names no regions; the default is the structure adopted on 1 January 2019 (DOMAIN.md).
 * A structure file (structures/*.yaml, see src/pillar/structure-file.ts) can replace it.
 */
import type { Department } from './departments.ts';
import { REGION_INFO, type Region } from './regions.ts';

/** A division under a regional ASG; its country teams are tailored to mission or non-mission work. */
export interface DivisionConfig {
  id: string;
  name: string;
  /** Why the division is named or numbered as it is. */
  note?: string;
}

/** One regional ASG and the divisions under it. */
export interface RegionalAsgConfig {
  /** One of the domain's regions: the country machine takes this id as its `region`. */
  region: Region;
  name: string;
  asg: string;
  divisions: DivisionConfig[];
}

/** An ASG whose responsibility runs across every region (peacebuilding support, rule of law). */
export interface CrossRegionalAsgConfig {
  id: string;
  department: Department;
  asg: string;
  scope: string;
  source: string;
}

/** The whole regional structure: what a structure file holds once validated. */
export interface PillarStructure {
  id: string;
  title: string;
  source: string;
  regions: RegionalAsgConfig[];
  crossRegional: CrossRegionalAsgConfig[];
}

const AFRICA_DIVISION_NOTE =
  'The sources name four stand-alone Africa divisions but do not settle their names; numbered placeholders, rename them in a structure file.';

/** The structure adopted on 1 January 2019: three regional ASGs and eight divisions. */
export const DEFAULT_STRUCTURE: PillarStructure = {
  id: 'adopted-2019',
  title: 'Regional structure as adopted on 1 January 2019',
  source:
    "Secretary-General's note of 11 September 2017, paragraph 9; GA resolution 72/262 C (5 July 2018); in force 1 January 2019",
  regions: [
    {
      region: 'africa',
      name: REGION_INFO.africa.name,
      asg: REGION_INFO.africa.asg,
      divisions: [1, 2, 3, 4].map((n) => ({
        id: `africa-${n}`,
        name: `Africa division ${n}`,
        note: AFRICA_DIVISION_NOTE,
      })),
    },
    {
      region: 'middle-east-asia-pacific',
      name: REGION_INFO['middle-east-asia-pacific'].name,
      asg: REGION_INFO['middle-east-asia-pacific'].asg,
      divisions: [
        { id: 'middle-east', name: 'Middle East Division' },
        { id: 'asia-pacific', name: 'Asia and the Pacific Division' },
      ],
    },
    {
      region: 'europe-central-asia-americas',
      name: REGION_INFO['europe-central-asia-americas'].name,
      asg: REGION_INFO['europe-central-asia-americas'].asg,
      divisions: [
        { id: 'europe-central-asia', name: 'Europe and Central Asia Division' },
        { id: 'americas', name: 'Americas Division' },
      ],
    },
  ],
  crossRegional: [
    {
      id: 'peacebuilding-support',
      department: 'DPPA',
      asg: 'ASG for Peacebuilding Support',
      scope:
        'peacebuilding support across all regions: Peacebuilding Fund, Peacebuilding Commission support, policy',
      source: 'note 2017, paragraphs 8 a) and 9',
    },
    {
      id: 'rule-of-law-security-institutions',
      department: 'DPO',
      asg: 'ASG for Rule of Law and Security Institutions',
      scope: 'rule of law, justice and corrections, security sector reform, DDR, mine action',
      source: 'note 2017, paragraph 8 b)',
    },
  ],
};

/** The regional ASG of `region` in `structure`, or undefined when the structure has none. */
export function getRegionalAsg(
  structure: PillarStructure,
  region: string,
): RegionalAsgConfig | undefined {
  return structure.regions.find((r) => r.region === region);
}

/** The division `id` under `region`'s ASG, or undefined. */
export function getDivision(
  structure: PillarStructure,
  region: string,
  id: string,
): DivisionConfig | undefined {
  return getRegionalAsg(structure, region)?.divisions.find((d) => d.id === id);
}
