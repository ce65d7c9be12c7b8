/**
 * Colours of the timeline chart. Presence kinds take the Okabe-Ito palette (distinguishable with
 * the common colour-vision deficiencies); the lead departments take two colours far from those and
 * from each other in lightness (dark indigo against light cyan), so the lead band reads even in
 * greyscale. Phases are shades of grey, with a hatch for transition.
 */
import type { Phase } from '../../machines/country-types.ts';
import type { LeadDepartment, PresenceKind } from '../domain/index.ts';

/**
 * Fill of a presence bar, and the text colour that reads on it: each text colour reaches the
 * 4.5:1 that WCAG AA asks of normal text on its fill (tests/timeline-tasks.test.ts checks every
 * swatch). White falls short on the bluish green, the vermilion and the peacekeeping grey, so
 * those take the ink.
 */
export interface Swatch {
  fill: string;
  text: string;
}

export const KIND_COLOURS: Record<PresenceKind, Swatch> = {
  pko: { fill: '#0072B2', text: '#FFFFFF' },
  'spm-field': { fill: '#E69F00', text: '#1A1A1A' },
  'spm-regional-office': { fill: '#009E73', text: '#1A1A1A' },
  'spm-envoy': { fill: '#CC79A7', text: '#1A1A1A' },
  'spm-political-process': { fill: '#D55E00', text: '#1A1A1A' },
};

/** Short legend labels of the presence kinds. */
export const KIND_LEGEND: Record<PresenceKind, string> = {
  pko: 'peacekeeping operation (pko)',
  'spm-field': 'field-based SPM (spm-field)',
  'spm-regional-office': 'regional office',
  'spm-envoy': "envoy's office",
  'spm-political-process': 'political-process office',
};

export const LEAD_COLOURS: Record<LeadDepartment, Swatch> = {
  DPO: { fill: '#332288', text: '#FFFFFF' },
  DPPA: { fill: '#88CCEE', text: '#1A1A1A' },
  // Before 2019-01 (doctrine historical): the same lines in the pre-reform departments.
  DPKO: { fill: '#882255', text: '#FFFFFF' },
  DPA: { fill: '#DDCC77', text: '#1A1A1A' },
};

/** Phase fills; `pattern` names a `<pattern>` the SVG defines (transition is hatched). */
export const PHASE_COLOURS: Record<Phase, { fill: string; text: string; pattern?: string }> = {
  nonMission: { fill: '#F0F0F0', text: '#1A1A1A' },
  specialPoliticalMission: { fill: '#C8C8C8', text: '#1A1A1A' },
  peacekeeping: { fill: '#8C8C8C', text: '#1A1A1A' },
  transition: { fill: '#FFFFFF', text: '#1A1A1A', pattern: 'phase-transition-hatch' },
};

/** Short phase labels drawn inside the phase strip where they fit. */
export const PHASE_LABELS: Record<Phase, { short: string; long: string }> = {
  nonMission: { short: 'non-mission', long: 'non-mission setting' },
  specialPoliticalMission: { short: 'SPM', long: 'special political mission' },
  peacekeeping: { short: 'PKO', long: 'peacekeeping' },
  transition: { short: 'transition', long: 'transition' },
};

export const INK = '#1A1A1A';
export const MUTED_INK = '#555555';
export const GRID = '#D0D0D0';
export const MARKER = '#000000';
export const BACKGROUND = '#FFFFFF';

/**
 * The task band (issue 12): a task handed over is a green dot, an orphaned task a dark red cross
 * (shape and colour both differ, and its label says "orphaned"), a transition plan an outlined
 * diamond; the assessed budget a blue step line over a pale blue area, the funding cliff a dark
 * red dashed line. Each reaches 3:1 against white as a graphic, and the red 4.5:1 as text.
 */
export const TASK_COLOURS = {
  strip: '#F4F4F4',
  handover: '#117733',
  orphaned: '#A50026',
  plan: '#1A1A1A',
  fundingLine: '#08519C',
  fundingArea: '#CFE2F3',
  cliff: '#A50026',
} as const;
