/**
 * The shared regional structure: three regional ASGs serving both departments (note 2017,
 * paragraph 9). The note names no regions; these are the portfolios adopted on 1 January 2019.
 */
export const REGIONS = [
  'africa',
  'middle-east-asia-pacific',
  'europe-central-asia-americas',
] as const;
export type Region = (typeof REGIONS)[number];

export interface RegionInfo {
  id: Region;
  name: string;
  asg: string;
}

export const REGION_INFO: Record<Region, RegionInfo> = {
  africa: { id: 'africa', name: 'Africa', asg: 'ASG for Africa' },
  'middle-east-asia-pacific': {
    id: 'middle-east-asia-pacific',
    name: 'Middle East, Asia and the Pacific',
    asg: 'ASG for the Middle East, Asia and the Pacific',
  },
  'europe-central-asia-americas': {
    id: 'europe-central-asia-americas',
    name: 'Europe, Central Asia and the Americas',
    asg: 'ASG for Europe, Central Asia and the Americas',
  },
};

export function isRegion(value: unknown): value is Region {
  return typeof value === 'string' && (REGIONS as readonly string[]).includes(value);
}

/** A country's regional ASG team: one per country, fixed for the country's whole life. */
export interface RegionalTeam {
  id: string;
  region: Region;
  asg: string;
}

/** Lower-case ASCII slug of a country name: "Côte d'Ivoire" -> "cote-divoire". */
export function toSlug(name: string): string {
  let slug = slugs.get(name);
  if (slug === undefined) {
    // Bounded: a Monte Carlo run names hundreds of thousands of countries.
    if (slugs.size >= SLUG_CACHE_SIZE) slugs.clear();
    slug = computeSlug(name);
    slugs.set(name, slug);
  }
  return slug;
}

/**
 * Slugs already computed: the team is derived on every step of a country's life (lead derivation
 * and the team invariant), and Unicode normalisation with five regular expressions is the
 * dearest part of it.
 */
const slugs = new Map<string, string>();
const SLUG_CACHE_SIZE = 4096;

function computeSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The team is derived from region and country only, so the same country always gets the same team. */
export function createRegionalTeam(region: Region, country: string): RegionalTeam {
  return { id: `${region}/${toSlug(country)}`, region, asg: REGION_INFO[region].asg };
}
