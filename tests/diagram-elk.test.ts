/**
 * The ELK layout of the statecharts (src/diagram/elk.ts): every state a box inside its parent's,
 * no two unrelated boxes overlapping, every transition drawn with a label that overlaps no other
 * label, readable label size, the same layout every time, and `pillar diagram --format svg
 * --layout elk`. Checked on the real machines and on generated ones (fast-check, seed printed).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMachine, type AnyStateMachine } from 'xstate';
import { countryMachine } from '../machines/country.ts';
import { pillarMachine } from '../machines/pillar.ts';
import { restructuringMachine } from '../machines/restructuring.ts';
import {
  ELK_FONT_SIZE,
  extractGraph,
  layoutElk,
  renderDiagram,
  toElkSvg,
} from '../src/diagram/index.ts';
import type { ElkLayout } from '../src/diagram/index.ts';
import { getSeed } from './support/fc-seed.ts';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const overlaps = (a: Box, b: Box, eps = 0.5): boolean =>
  a.x + eps < b.x + b.width &&
  b.x + eps < a.x + a.width &&
  a.y + eps < b.y + b.height &&
  b.y + eps < a.y + a.height;
const inside = (a: Box, b: Box): boolean =>
  a.x >= b.x - 0.5 &&
  a.y >= b.y - 0.5 &&
  a.x + a.width <= b.x + b.width + 0.5 &&
  a.y + a.height <= b.y + b.height + 0.5;

/** The layout's promises, for any machine. */
function checkLayout(machine: AnyStateMachine, layout: ElkLayout): void {
  const graph = extractGraph(machine);
  const byId = new Map(layout.states.map((s) => [s.id, s]));
  expect([...byId.keys()].sort()).toEqual(graph.states.map((s) => s.id).sort());
  for (const s of graph.states) {
    const box = byId.get(s.id)!;
    expect(box.width, s.id).toBeGreaterThan(0);
    if (s.parent !== null)
      expect(inside(box, byId.get(s.parent)!), `${s.id} inside its parent`).toBe(true);
  }
  const related = (a: string, b: string): boolean => a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
  for (const a of layout.states)
    for (const b of layout.states)
      if (a.id < b.id && !related(a.id, b.id))
        expect(overlaps(a, b), `${a.id} overlaps ${b.id}`).toBe(false);
  const withTarget = graph.transitions.filter((t) => t.targets.length > 0);
  expect(layout.edges.length).toBe(withTarget.reduce((n, t) => n + t.targets.length, 0));
  for (const e of layout.edges) expect(e.points.length, e.id).toBeGreaterThanOrEqual(2);
  const stays = layout.states.flatMap((s) => s.stays.map((x) => x.id)).sort();
  expect(stays).toEqual(
    graph.transitions
      .filter((t) => t.targets.length === 0)
      .map((t) => t.id)
      .sort(),
  );
  const labels = layout.edges.map((e) => e.label);
  for (let i = 0; i < labels.length; i++)
    for (let j = i + 1; j < labels.length; j++)
      expect(
        overlaps(labels[i]!, labels[j]!),
        `${layout.edges[i]!.id} / ${layout.edges[j]!.id}`,
      ).toBe(false);
  const atomic = layout.states.filter((s) => s.kind !== 'compound');
  for (const l of labels)
    for (const s of atomic) expect(overlaps(l, s), `label on ${s.id}`).toBe(false);
}

describe('the ELK layout', () => {
  it.each([
    ['country', countryMachine],
    ['pillar', pillarMachine],
    ['restructuring', restructuringMachine],
  ] as const)(
    'lays out the %s machine: boxes nested, nothing overlapping, every transition drawn',
    async (_name, machine) => {
      checkLayout(machine, await layoutElk(extractGraph(machine)));
    },
  );

  it('is the same every time, and writes readable labels with guards by name', async () => {
    const a = await toElkSvg(countryMachine);
    const b = await toElkSvg(countryMachine);
    expect(a).toBe(b);
    expect(ELK_FONT_SIZE).toBeGreaterThanOrEqual(11);
    expect(a).toContain(`font-size="${ELK_FONT_SIZE}"`);
    expect(a).toContain('[canDeployPko]');
    expect(a).toMatch(/data-transition="country\.transition\.handover:COMPLETE_HANDOVER:0"/);
    for (const s of extractGraph(countryMachine).states)
      expect(a).toContain(`data-state="${s.id}"`);
  });

  it('is what pillar diagram --format svg --layout elk writes; Graphviz stays the default', async () => {
    const elk = await renderDiagram(countryMachine, 'svg', { layout: 'elk' });
    expect(elk).toBe(await toElkSvg(countryMachine));
    const dot = await renderDiagram(countryMachine, 'svg');
    expect(dot).not.toContain('elk-statechart');
    expect(dot).toContain('<svg');
  });

  it('lays out generated machines (nested states, random transitions) keeping its promises', async () => {
    const seed = getSeed('tests/diagram-elk.test.ts');
    const arb = fc
      .record({
        tops: fc.integer({ min: 1, max: 4 }),
        kids: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 4 }),
        edges: fc.array(
          fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('GO', 'BACK', 'NEXT'), fc.boolean()),
          {
            maxLength: 10,
          },
        ),
      })
      .map(({ tops, kids, edges }) => {
        const ids: string[] = [];
        const states: Record<
          string,
          { initial?: string; states?: Record<string, object>; on?: Record<string, unknown[]> }
        > = {};
        for (let i = 0; i < tops; i++) {
          const n = kids[i] ?? 0;
          const key = `s${i}`;
          ids.push(key);
          if (n === 0) states[key] = {};
          else {
            const children: Record<string, object> = {};
            for (let k = 0; k < n; k++) {
              children[`c${k}`] = {};
              ids.push(`${key}.c${k}`);
            }
            states[key] = { initial: 'c0', states: children };
          }
        }
        const on = new Map<string, Record<string, unknown[]>>();
        for (const [from, to, event, guarded] of edges) {
          const source = ids[from % ids.length]!;
          const target = ids[to % ids.length]!;
          const table = on.get(source) ?? {};
          table[event] = [
            ...(table[event] ?? []),
            { target: `#m.${target}`, ...(guarded ? { guard: 'g' } : {}) },
          ];
          on.set(source, table);
        }
        const config = JSON.parse(JSON.stringify(states)) as typeof states;
        for (const [source, table] of on) {
          const path = source.split('.');
          const node =
            path.length === 1
              ? config[path[0]!]!
              : (config[path[0]!]!.states![path[1]!] as { on?: object });
          node.on = table;
        }
        return createMachine(
          { id: 'm', initial: 's0', states: config as never },
          {
            guards: { g: () => true },
          },
        );
      });
    await fc.assert(
      fc.asyncProperty(arb, async (machine) => {
        checkLayout(machine, await layoutElk(extractGraph(machine)));
      }),
      { seed, numRuns: 25 },
    );
  }, 120_000);
});
