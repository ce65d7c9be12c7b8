/**
 * SCXML (W3C, namespace http://www.w3.org/2005/07/scxml) from a machine's graph: one `<state>`
 * per state node (compound states nested, `<final>`, `<parallel>` and `<history>` where the
 * machine has them), `initial` attributes, every transition with its event, full guard as `cond`
 * and targets. The root state node becomes a `<state>` too, so its own transitions have a home.
 * Actions are kept as `<xstate:action>` elements in a namespace of their own.
 */
import type { AnyStateMachine } from 'xstate';
import {
  extractGraph,
  guardText,
  statesById,
  type DiagramAction,
  type DiagramGraph,
  type DiagramState,
  type GuardNotation,
} from './graph.ts';

/** The SCXML namespace. */
export const SCXML_NS = 'http://www.w3.org/2005/07/scxml';
/** The namespace of the `<xstate:action>` elements that carry the machine's named actions. */
export const XSTATE_NS = 'urn:x-pillar-transitions:xstate-actions';

/** Guards as ECMAScript: `isAdmissible && !isOutgoing`, `In('id')` for state guards. */
export const ECMASCRIPT_NOTATION: GuardNotation = {
  and: ' && ',
  or: ' || ',
  not: '!',
  call: (name, params) => (params === undefined ? name : `${name}(${JSON.stringify(params)})`),
  inState: (state) => `In('${state.replace(/^#/, '')}')`,
};

/** Text escaped for an XML attribute value or text node. */
export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function attributes(pairs: ReadonlyArray<readonly [string, string | undefined]>): string {
  return pairs
    .filter((p): p is readonly [string, string] => p[1] !== undefined)
    .map(([name, value]) => ` ${name}="${xmlEscape(value)}"`)
    .join('');
}

function actionElement(action: DiagramAction): string {
  const params = action.params === undefined ? undefined : JSON.stringify(action.params);
  return `<xstate:action${attributes([
    ['type', action.type],
    ['params', params],
  ])}/>`;
}

function elementName(s: DiagramState): string {
  if (s.type === 'final') return 'final';
  if (s.type === 'parallel') return 'parallel';
  if (s.type === 'history') return 'history';
  return 'state';
}

/** The SCXML document of a graph. */
export function graphToScxml(graph: DiagramGraph): string {
  const states = statesById(graph);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!-- The '${xmlEscape(graph.machine)}' machine, generated from its definition by pillar diagram. Do not edit. -->`,
    `<scxml xmlns="${SCXML_NS}" xmlns:xstate="${XSTATE_NS}" version="1.0" datamodel="ecmascript"${attributes(
      [
        ['name', graph.machine],
        ['initial', graph.root],
      ],
    )}>`,
  ];
  const block = (s: DiagramState, indent: string): string[] => {
    const name = elementName(s);
    const initial = s.type === 'compound' && s.initial.length > 0 ? s.initial.join(' ') : undefined;
    const history = s.type === 'history' ? s.history : undefined;
    const open = `${indent}<${name}${attributes([
      ['id', s.id],
      ['initial', initial],
      ['type', history],
    ])}`;
    const inner = `${indent}  `;
    const body: string[] = [];
    for (const [tag, actions] of [
      ['onentry', s.entry],
      ['onexit', s.exit],
    ] as const) {
      if (actions.length === 0) continue;
      body.push(`${inner}<${tag}>${actions.map(actionElement).join('')}</${tag}>`);
    }
    for (const t of graph.transitions.filter((x) => x.source === s.id)) {
      const attrs = attributes([
        ['event', t.event ?? undefined],
        ['cond', t.guard === null ? undefined : guardText(t.guard, ECMASCRIPT_NOTATION)],
        ['target', t.targets.length > 0 ? t.targets.join(' ') : undefined],
        ['type', t.targets.length > 0 ? (t.reenter ? 'external' : 'internal') : undefined],
      ]);
      const actions = t.actions.map(actionElement).join('');
      body.push(
        actions === ''
          ? `${inner}<transition${attrs}/>`
          : `${inner}<transition${attrs}>${actions}</transition>`,
      );
    }
    for (const childId of s.children) {
      const child = states.get(childId);
      if (child !== undefined) body.push(...block(child, inner));
    }
    return body.length === 0 ? [`${open}/>`] : [`${open}>`, ...body, `${indent}</${name}>`];
  };
  const root = states.get(graph.root);
  if (root !== undefined) out.push(...block(root, '  '));
  out.push('</scxml>');
  return `${out.join('\n')}\n`;
}

/** The SCXML document of a machine. */
export function toScxml(machine: AnyStateMachine): string {
  return graphToScxml(extractGraph(machine));
}
