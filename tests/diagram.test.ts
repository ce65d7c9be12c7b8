/**
 * `pillar diagram`: every format holds every state and every transition of each machine that is
 * available, the expectations being read from the machine definition here, not from the exporter.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { and, not, type AnyStateMachine, type AnyStateNode } from 'xstate';
import { registerDiagramCommand } from '../src/cli/commands/diagram.ts';
import { exitCodeFor } from '../src/cli/main.ts';
import {
  availableMachines,
  eventLabel,
  getMachine,
  guardText,
  omitGuards,
  renderDot,
  SCXML_NS,
  toDot,
  toGuardExpr,
  toJson,
  toMermaid,
  toScxml,
  type DiagramGraph,
} from '../src/diagram/index.ts';

// ---------------------------------------------------------------------------------------------
// What the machine definition says, read independently of src/diagram.

interface ExpectedState {
  id: string;
  key: string;
  parent: string | null;
  type: string;
  initial: string[];
  compound: boolean;
}

interface ExpectedTransition {
  source: string;
  event: string | null;
  /** Place among the candidates of the same source and event. */
  index: number;
  /** How many candidates the source has for the event. */
  candidates: number;
  targets: string[];
  /** Every named guard in the guard expression. */
  guards: string[];
  /** The named guards of the top-level conjunction. */
  conjuncts: string[];
}

interface DefinitionNode {
  id: string;
  key: string;
  type: string;
  initial: { target: string[] };
  states: Record<string, DefinitionNode>;
  transitions: { eventType: string; target?: string[]; source: string }[];
}

function guardLeaves(guard: unknown): string[] {
  if (guard === undefined) return [];
  if (typeof guard === 'string') return [guard];
  if (typeof guard === 'function') {
    const nested = (guard as { guards?: unknown[] }).guards;
    return Array.isArray(nested) ? nested.flatMap(guardLeaves) : [guard.name];
  }
  return [String((guard as { type: unknown }).type)];
}

function conjuncts(guard: unknown): string[] {
  if (typeof guard === 'string') return [guard];
  if (typeof guard === 'function' && guard.name === 'and') {
    return ((guard as unknown as { guards?: unknown[] }).guards ?? []).filter(
      (g) => typeof g === 'string',
    );
  }
  return [];
}

const stripHash = (id: string): string => id.replace(/^#/, '');

function expectedFrom(machine: AnyStateMachine) {
  const states: ExpectedState[] = [];
  const transitions: ExpectedTransition[] = [];
  const visit = (def: DefinitionNode, parent: string | null): void => {
    const children = Object.values(def.states);
    states.push({
      id: def.id,
      key: def.key,
      parent,
      type: def.type,
      initial: def.type === 'compound' ? def.initial.target.map(stripHash) : [],
      compound: children.length > 0,
    });
    const live = machine.getStateNodeById(def.id) as AnyStateNode;
    const seen = new Map<string, number>();
    for (const t of def.transitions) {
      const index = seen.get(t.eventType) ?? 0;
      seen.set(t.eventType, index + 1);
      const guard = (live.transitions.get(t.eventType) ?? [])[index]?.guard as unknown;
      transitions.push({
        source: def.id,
        event: t.eventType,
        index,
        candidates: def.transitions.filter((x) => x.eventType === t.eventType).length,
        targets: (t.target ?? []).map(stripHash),
        guards: guardLeaves(guard),
        conjuncts: conjuncts(guard),
      });
    }
    // The definition's JSON leaves eventless transitions out: read them from the state node.
    const always = (live.always ?? []) as { target?: AnyStateNode[]; guard?: unknown }[];
    always.forEach((t, index) =>
      transitions.push({
        source: def.id,
        event: null,
        index,
        candidates: always.length,
        targets: (t.target ?? []).map((n) => n.id),
        guards: guardLeaves(t.guard),
        conjuncts: conjuncts(t.guard),
      }),
    );
    for (const child of children) visit(child, def.id);
  };
  // The definition as JSON: targets become `#id` strings, function guards drop out.
  visit(JSON.parse(JSON.stringify(machine.definition)) as DefinitionNode, null);
  const evented = transitions.filter((t) => t.event !== null);
  const common = [...new Set(evented.flatMap((t) => t.conjuncts))].filter((name) =>
    evented.every((t) => t.conjuncts.includes(name)),
  );
  return { states, transitions, common, byId: new Map(states.map((s) => [s.id, s])) };
}

/** The label a transition must start with: its event, and its rank when it has rivals. */
function labelHead(t: ExpectedTransition): string {
  return t.candidates > 1 ? `${eventLabel(t.event)} (${t.index + 1})` : eventLabel(t.event);
}

function startsWithHead(label: string, t: ExpectedTransition): boolean {
  const head = labelHead(t);
  return label === head || label.startsWith(`${head} `) || label.startsWith(`${head}\n`);
}

function shownGuards(t: ExpectedTransition, common: readonly string[]): string[] {
  return t.guards.filter((g) => !(common.includes(g) && t.conjuncts.includes(g)));
}

/** Takes the first item matching `test` out of `pool`. */
function take<T>(pool: T[], test: (item: T) => boolean): T | undefined {
  const i = pool.findIndex(test);
  return i < 0 ? undefined : pool.splice(i, 1)[0];
}

// ---------------------------------------------------------------------------------------------
// A strict little XML reader: well-formedness, entities, namespaces.

interface XmlElement {
  name: string;
  attrs: Map<string, string>;
  children: XmlElement[];
  parent: XmlElement | null;
}

const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/;
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9A-Fa-f]+);/g;

function checkEntities(text: string, where: string): string {
  if (text.replace(ENTITY, '').includes('&')) throw new Error(`bare & in ${where}`);
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function parseXml(text: string): XmlElement {
  let i = 0;
  if (text.startsWith('<?xml')) {
    const end = text.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    i = end + 2;
  } else if (text.includes('<?xml')) {
    throw new Error('XML declaration not at the start');
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (i < text.length) {
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) throw new Error(`unterminated comment at ${i}`);
      if (text.slice(i + 4, end).includes('--')) throw new Error(`"--" inside a comment at ${i}`);
      i = end + 3;
    } else if (text.startsWith('</', i)) {
      const m = /^<\/([^\s>]+)\s*>/.exec(text.slice(i));
      const open = stack.pop();
      if (m === null || open === undefined || m[1] !== open.name) {
        throw new Error(`mismatched end tag at ${i}: ${text.slice(i, i + 30)}`);
      }
      i += m[0].length;
    } else if (text[i] === '<') {
      const name = NAME.exec(text.slice(i + 1))?.[0];
      if (name === undefined) throw new Error(`bad tag name at ${i}`);
      i += 1 + name.length;
      const attrs = new Map<string, string>();
      for (;;) {
        const close = /^\s*(\/?)>/.exec(text.slice(i));
        if (close !== null) {
          i += close[0].length;
          const parent = stack.at(-1) ?? null;
          const element: XmlElement = { name, attrs, children: [], parent };
          if (parent === null) {
            if (root !== null) throw new Error('more than one root element');
            root = element;
          } else {
            parent.children.push(element);
          }
          if (close[1] !== '/') stack.push(element);
          break;
        }
        const a = /^\s+([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/.exec(text.slice(i));
        if (a === null || a[1] === undefined)
          throw new Error(`bad attribute at ${i}: ${text.slice(i, i + 30)}`);
        if (attrs.has(a[1])) throw new Error(`duplicate attribute ${a[1]} at ${i}`);
        attrs.set(a[1], checkEntities(a[2] ?? a[3] ?? '', `attribute ${a[1]}`));
        i += a[0].length;
      }
    } else {
      const end = text.indexOf('<', i);
      const chunk = text.slice(i, end < 0 ? text.length : end);
      if (stack.length === 0 && chunk.trim() !== '')
        throw new Error(`text outside the root at ${i}`);
      checkEntities(chunk, 'text');
      i += chunk.length;
    }
  }
  if (stack.length > 0) throw new Error(`unclosed element ${stack.at(-1)?.name}`);
  if (root === null) throw new Error('no root element');
  checkNamespaces(root, new Map());
  return root;
}

function checkNamespaces(e: XmlElement, inScope: ReadonlyMap<string, string>): void {
  const scope = new Map(inScope);
  for (const [name, value] of e.attrs) {
    if (name === 'xmlns') scope.set('', value);
    else if (name.startsWith('xmlns:')) scope.set(name.slice(6), value);
  }
  const prefixes = [e.name, ...[...e.attrs.keys()].filter((a) => !a.startsWith('xmlns'))]
    .filter((n) => n.includes(':'))
    .map((n) => n.slice(0, n.indexOf(':')));
  for (const p of prefixes)
    if (!scope.has(p)) throw new Error(`undeclared prefix ${p}: in <${e.name}>`);
  for (const child of e.children) checkNamespaces(child, scope);
}

function elements(e: XmlElement): XmlElement[] {
  return [e, ...e.children.flatMap(elements)];
}

// ---------------------------------------------------------------------------------------------

const names = await availableMachines();

describe('guards print readably', () => {
  it('and, or and not read as logic', () => {
    const g = toGuardExpr(and(['isAdmissible', 'isActiveMission', not('isOutgoing')]));
    expect(guardText(g)).toBe('isAdmissible \u2227 isActiveMission \u2227 \u00acisOutgoing');
    expect(guardText(omitGuards(g, new Set(['isAdmissible'])) ?? g)).toBe(
      'isActiveMission \u2227 \u00acisOutgoing',
    );
    expect(omitGuards(toGuardExpr('isAdmissible'), new Set(['isAdmissible']))).toBeNull();
    expect(guardText(toGuardExpr(not(and(['a', 'b']))))).toBe('\u00ac(a \u2227 b)');
  });
});

describe('the strict XML reader used on the SCXML', () => {
  it('accepts well-formed XML and refuses the usual mistakes', () => {
    const ok = parseXml(
      '<?xml version="1.0"?>\n<!-- c --><a xmlns:x="u" k="&amp;"><x:b/>t &lt;</a>\n',
    );
    expect(ok.children.map((c) => c.name)).toEqual(['x:b']);
    for (const bad of [
      '<a><b></a>',
      '<a k="1" k="2"/>',
      '<a>&</a>',
      '<a/><b/>',
      '<a><y:b/></a>',
      '<a k="<"/>',
      '<a><!-- x -- y --></a>',
      '<a>',
    ]) {
      expect(() => parseXml(bad), bad).toThrow();
    }
  });
});

describe('the machine registry', () => {
  it('always has the country machine', () => {
    expect(names).toContain('country');
  });

  it('names an unknown machine and the ones it knows', async () => {
    await expect(getMachine('nope')).rejects.toThrow(
      "unknown machine 'nope': expected one of country, pillar, restructuring",
    );
  });

  for (const name of ['pillar', 'restructuring'] as const) {
    const file = new URL(`../machines/${name}.ts`, import.meta.url);
    it(`${name}: ${existsSync(file) ? 'loads its machine' : 'says it is not available'}`, async () => {
      if (existsSync(file)) {
        expect((await getMachine(name)).root).toBeDefined();
      } else {
        await expect(getMachine(name)).rejects.toThrow(`machine '${name}' is not available`);
      }
    });
  }
});

describe.each(names)('%s machine', (name) => {
  const load = async () => {
    const machine = await getMachine(name);
    return { machine, ...expectedFrom(machine) };
  };

  it('json: the plain graph holds every state, transition, guard and action', async () => {
    const { machine, states, transitions } = await load();
    const graph = JSON.parse(toJson(machine)) as DiagramGraph;
    expect(graph.states.map((s) => [s.id, s.parent, s.type, s.initial])).toEqual(
      states.map((s) => [s.id, s.parent, s.type, s.initial]),
    );
    const pool = [...graph.transitions];
    for (const t of transitions) {
      const found = take(
        pool,
        (g) => g.source === t.source && g.event === t.event && g.id.endsWith(`:${t.index}`),
      );
      expect(found, `${t.source} ${t.event}`).toBeDefined();
      expect(found?.targets).toEqual(t.targets);
      expect(found?.guard === null).toBe(t.guards.length === 0);
      for (const g of t.guards) expect(JSON.stringify(found?.guard)).toContain(`"${g}"`);
    }
    expect(pool).toEqual([]);
    expect(graph.transitions.every((t) => Array.isArray(t.actions))).toBe(true);
  });

  it('mermaid: composite states, initial markers, one line per transition', async () => {
    const { machine, states, transitions, common, byId } = await load();
    const text = toMermaid(machine);
    const lines = text.split('\n');
    expect(lines[0]).toBe('stateDiagram-v2');
    // Read the structure back: mermaid id -> state id, through the nesting of the blocks.
    const stack: string[] = [machine.root.id];
    const stateOf = new Map<string, string>();
    const declared = new Map<string, string>();
    const initials = new Map<string, string[]>();
    const edges: { from: string; to: string; label: string }[] = [];
    const descriptions: { on: string; text: string }[] = [];
    const declare = (mid: string, title: string): void => {
      const parent = stack.at(-1) ?? '';
      const id = `${parent}.${title}`;
      expect(stateOf.has(mid), `${mid} declared twice`).toBe(false);
      stateOf.set(mid, id);
      declared.set(id, parent);
    };
    for (const raw of lines.slice(1)) {
      const line = raw.trim();
      let m: RegExpExecArray | null;
      if (line === '' || line.startsWith('%%') || /^class(Def)? /.test(line)) continue;
      if ((m = /^state (\w+) \{$/.exec(line)) && m[1]) {
        declare(m[1], m[1]);
        stack.push(stateOf.get(m[1]) ?? '');
      } else if ((m = /^state "([^"]+)" as (\w+)( \{)?$/.exec(line)) && m[1] && m[2]) {
        if (m[2].endsWith('__stays') || m[2].endsWith('__legend')) continue;
        declare(m[2], m[1]);
        if (m[3]) stack.push(stateOf.get(m[2]) ?? '');
      } else if (line === '}') {
        stack.pop();
      } else if ((m = /^\[\*\] --> (\w+)$/.exec(line)) && m[1]) {
        const parent = stack.at(-1) ?? '';
        initials.set(parent, [...(initials.get(parent) ?? []), m[1]]);
      } else if ((m = /^(\w+) --> (\w+) : (.+)$/.exec(line)) && m[1] && m[2] && m[3]) {
        edges.push({ from: m[1], to: m[2], label: m[3] });
      } else if ((m = /^(\w+) : (.+)$/.exec(line)) && m[1] && m[2]) {
        if (!m[1].endsWith('__legend')) descriptions.push({ on: m[1], text: m[2] });
      } else if (/^\w+$/.test(line)) {
        declare(line, line);
      } else {
        throw new Error(`unexpected mermaid line: ${line}`);
      }
    }
    // Every state but the root, declared once, under its parent.
    const nested = states.filter((s) => s.parent !== null);
    expect([...declared].sort()).toEqual(nested.map((s) => [s.id, s.parent]).sort());
    const midOf = new Map([...stateOf].map(([mid, id]) => [id, mid]));
    for (const s of states.filter((x) => x.initial.length > 0)) {
      expect(initials.get(s.id)).toEqual(s.initial.map((i) => midOf.get(i)));
    }
    // One line per transition: an edge per target, or a ↺ line in the state (or its box).
    const edgePool = [...edges];
    const stayPool = [...descriptions];
    for (const t of transitions) {
      const source = byId.get(t.source);
      const sourceMid = source?.parent === null ? machine.root.id : midOf.get(t.source);
      const shown = shownGuards(t, common);
      if (t.targets.length === 0) {
        const on = source?.compound ? `${sourceMid}__stays` : sourceMid;
        const line = take(
          stayPool,
          (d) => d.on === on && d.text.startsWith('\u21ba ') && startsWithHead(d.text.slice(2), t),
        );
        expect(line, `${t.source} ${t.event} stays`).toBeDefined();
        for (const g of shown) expect(line?.text).toContain(g);
      }
      for (const target of t.targets) {
        const line = take(
          edgePool,
          (e) => e.from === sourceMid && e.to === midOf.get(target) && startsWithHead(e.label, t),
        );
        expect(line, `${t.source} ${t.event} -> ${target}`).toBeDefined();
        for (const g of shown) expect(line?.label).toContain(g);
      }
    }
    expect(edgePool).toEqual([]);
    expect(stayPool).toEqual([]);
    for (const g of common) expect(text).toMatch(new RegExp(`%% .*requires ${g}`));
  });

  it('dot: clusters for compound states, an edge per transition, and Graphviz renders it', async () => {
    const { machine, states, transitions, common } = await load();
    const dot = toDot(machine);
    expect(dot).toContain('compound=true');
    for (const s of states.filter((x) => x.parent !== null)) {
      const declarations = s.compound
        ? dot.split(`subgraph "cluster_${s.id}" {`).length - 1
        : dot.split(`\n  ${'  '.repeat(s.id.split('.').length - 2)}"${s.id}" [label=`).length - 1;
      expect(declarations, s.id).toBe(1);
    }
    const edges = [...dot.matchAll(/^\s*"([^"]+)" -> "([^"]+)" \[(.*)\]$/gm)]
      .map(([, tail = '', head = '', attrs = '']) => {
        const attr = (k: string) =>
          new RegExp(`(?:^|, )${k}="((?:[^"\\\\]|\\\\.)*)"`).exec(attrs)?.[1];
        const back = attrs.includes('dir=back');
        const resolve = (node: string) => node.replace(/::(initial|any)$/, '');
        return {
          id: attr('id'),
          from: resolve(back ? head : tail),
          to: resolve(back ? tail : head),
          label: (attr('label') ?? '').replace(/\\n/g, '\n'),
        };
      })
      .filter((e) => e.id !== undefined);
    const pool = [...edges];
    for (const t of transitions) {
      t.targets.forEach((target, k) => {
        const id = `${t.source}:${t.event ?? 'always'}:${t.index}${k === 0 ? '' : `#${k}`}`;
        const edge = take(pool, (e) => e.id === id);
        expect(edge, id).toBeDefined();
        expect([edge?.from, edge?.to]).toEqual([t.source, target]);
        expect(startsWithHead(edge?.label ?? '', t), `${id}: ${edge?.label}`).toBe(true);
        for (const g of shownGuards(t, common)) expect(edge?.label).toContain(g);
      });
      if (t.targets.length === 0) expect(dot).toContain(`\u21ba ${labelHead(t)}`);
    }
    expect(pool).toEqual([]);

    const { svg, warnings } = await renderDot(dot);
    expect(svg).toContain('<svg');
    expect(warnings.filter((w) => /cluster|lhead|ltail|head|tail/i.test(w))).toEqual([]);
    for (const e of edges) expect(svg).toContain(`id="${e.id}"`);
    for (const s of states) {
      expect(svg).toContain(s.parent === null ? `>${s.key} machine</text>` : `>${s.key}</text>`);
    }
  });

  it('scxml: well-formed, one element per state, every transition with cond and target', async () => {
    const { machine, states, transitions } = await load();
    const root = parseXml(toScxml(machine));
    expect(root.name).toBe('scxml');
    expect(root.attrs.get('xmlns')).toBe(SCXML_NS);
    expect(root.attrs.get('initial')).toBe(machine.root.id);
    const all = elements(root);
    const stateElements = all.filter((e) =>
      ['state', 'final', 'parallel', 'history'].includes(e.name),
    );
    expect(stateElements.map((e) => e.attrs.get('id')).sort()).toEqual(
      states.map((s) => s.id).sort(),
    );
    for (const s of states) {
      const [e, ...more] = stateElements.filter((x) => x.attrs.get('id') === s.id);
      expect(more).toEqual([]);
      expect(e?.name).toBe(
        s.type === 'final' ? 'final' : s.type === 'parallel' ? 'parallel' : 'state',
      );
      expect(e?.parent?.attrs.get('id') ?? null).toBe(s.parent);
      expect(e?.attrs.get('initial')).toBe(s.initial.length > 0 ? s.initial.join(' ') : undefined);
    }
    const pool = all
      .filter((e) => e.name === 'transition')
      .map((e) => ({ source: e.parent?.attrs.get('id'), attrs: e.attrs }));
    for (const t of transitions) {
      const found = take(
        pool,
        (x) =>
          x.source === t.source &&
          x.attrs.get('event') === (t.event ?? undefined) &&
          (x.attrs.get('target') ?? '') === t.targets.join(' '),
      );
      expect(found, `${t.source} ${t.event}`).toBeDefined();
      for (const g of t.guards) expect(found?.attrs.get('cond')).toContain(g);
    }
    expect(pool).toEqual([]);
  });
});

describe('pillar diagram (command)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pillar-diagram-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function run(
    args: string[],
  ): Promise<{ code: number; message: string | null; stdout: string }> {
    const errors: string[] = [];
    const program = new Command('pillar')
      .exitOverride()
      .configureOutput({ writeErr: (text) => errors.push(text) });
    registerDiagramCommand(program);
    const chunks: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      chunks.push(String(chunk));
      return true;
    });
    try {
      await program.parseAsync(args, { from: 'user' });
      return { code: 0, message: null, stdout: chunks.join('') };
    } catch (error) {
      const { code, message } = exitCodeFor(error);
      // commander prints its own usage errors; keep them as the message.
      return { code, message: message ?? errors.join(''), stdout: chunks.join('') };
    } finally {
      spy.mockRestore();
    }
  }

  it('defaults to the country machine as Mermaid on stdout', async () => {
    const { countryMachine } = await import('../machines/country.ts');
    const r = await run(['diagram']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(toMermaid(countryMachine));
  });

  it('writes an SVG file and keeps every guard with --full-guards', async () => {
    const out = join(dir, 'country.svg');
    expect((await run(['diagram', 'country', '--format', 'svg', '--out', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*<\/svg>\s*$/);
    const full = await run(['diagram', '--full-guards', '--doctrine', 'adopted-2019']);
    expect(full.stdout).toContain('ENGAGE_PREVENTION [isAdmissible]');
    expect(full.stdout).toContain('doctrine adopted-2019');
  });

  it('refuses an unknown machine, format or doctrine with exit code 2 and no file', async () => {
    const out = join(dir, 'never.mmd');
    const r = await run(['diagram', 'nope', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.message).toContain("unknown machine 'nope'");
    expect(existsSync(out)).toBe(false);
    expect((await run(['diagram', '--format', 'png'])).code).toBe(2);
    const d = await run(['diagram', '--doctrine', 'x']);
    expect(d.code).toBe(2);
    expect(d.message).toContain('Allowed choices are note-2017, adopted-2019');
  });
});
