/**
 * The pillar's actor system for the inspector's "Pillar actors" view: one pillar actor with a
 * country actor spawned for every bundled scenario, driven through their histories month by month
 * (strategic events proposed to the Standing Principals' Group, routine ones forwarded), and what
 * the page shows of it: the actor tree, the SPG's decisions, and the reports of the regional ASGs
 * (to the lead USG, copied to the other).
 */
import { pillarMachine } from '../../machines/pillar.ts';
import type { Doctrine, Month } from '../domain/index.ts';
import { runPillar } from '../pillar/run.ts';
import { pillarEventsOf } from '../pillar/scenarios.ts';
import type { Scenario } from '../scenario/types.ts';
import { renderStatechart } from './statechart.ts';

/** Messages and decisions the page lists (the most recent; the totals are given too). */
export const PILLAR_VIEW_LIMIT = 400;

export interface PillarActorView {
  /** The country actor's id among the pillar's children. */
  id: string;
  country: string;
  region: string;
  asg: string;
  phase: string;
  lead: string;
  informed: string;
  month: Month | null;
  /** The bundled scenario it follows (the page opens its chart with it). */
  scenario: string;
}

export interface PillarPageMessage {
  month: Month | null;
  kind: 'report' | 'copy' | 'decision';
  actor: string;
  country: string;
  from: string;
  to: string;
  text: string;
}

export interface PillarPageData {
  doctrine: Doctrine;
  value: unknown;
  countries: PillarActorView[];
  decisions: {
    month: Month;
    country: string;
    eventType: string;
    decision: string;
    reason: string;
  }[];
  messages: PillarPageMessage[];
  totals: { decisions: number; messages: number; refused: number };
}

/** Runs the pillar over `entries` and returns what the page shows. */
export function buildPillarPageData(
  entries: readonly { id: string; scenario: Scenario }[],
  doctrine: Doctrine,
): PillarPageData {
  const { events, countries } = pillarEventsOf(entries, doctrine);
  const run = runPillar({ doctrine, autoDecide: true, countries }, events, {
    check: 'final',
    keepSteps: false,
  });
  const context = run.final.context;
  const scenarioOf = new Map(entries.map((e) => [e.scenario.country, e.id]));
  const actorOf = new Map(context.countries.map((c) => [c.country, c.actorId]));
  const messages: PillarPageMessage[] = [];
  for (const m of context.messages) {
    const actor = actorOf.get(m.country) ?? '';
    messages.push({
      month: m.month,
      kind: 'report',
      actor,
      country: m.country,
      from: m.from,
      to: m.to,
      text: m.text,
    });
    messages.push({
      month: m.month,
      kind: 'copy',
      actor,
      country: m.country,
      from: m.from,
      to: m.cc,
      text: m.subject,
    });
  }
  return {
    doctrine,
    value: run.final.value,
    countries: context.countries.map((c) => ({
      id: c.actorId,
      country: c.country,
      region: c.region,
      asg: c.asg,
      phase: c.phase,
      lead: c.lead,
      informed: c.informed,
      month: c.month,
      scenario: scenarioOf.get(c.country) ?? '',
    })),
    decisions: context.decisions.slice(-PILLAR_VIEW_LIMIT).map((d) => ({
      month: d.month,
      country: d.country,
      eventType: d.eventType,
      decision: d.decision,
      reason: d.reason,
    })),
    messages: messages.slice(-PILLAR_VIEW_LIMIT),
    totals: {
      decisions: context.decisions.length,
      messages: messages.length,
      refused: run.refused,
    },
  };
}

/** The files of the pillar view: `/pillar.json` (the run) and `/pillar.svg` (the machine). */
export async function pillarFiles(
  entries: readonly { id: string; scenario: Scenario }[],
  doctrine: Doctrine,
): Promise<Record<string, { type: string; body: string }>> {
  return {
    '/pillar.json': {
      type: 'application/json; charset=utf-8',
      body: JSON.stringify(buildPillarPageData(entries, doctrine)),
    },
    '/pillar.svg': {
      type: 'image/svg+xml; charset=utf-8',
      body: await renderStatechart(doctrine, pillarMachine),
    },
  };
}
