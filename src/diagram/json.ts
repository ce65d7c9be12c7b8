/** The plain graph as JSON: every state, transition, guard (as an expression tree) and action. */
import type { AnyStateMachine } from 'xstate';
import { extractGraph, type DiagramGraph } from './graph.ts';

/** The JSON text of a graph (two-space indent, trailing newline). */
export function graphToJson(graph: DiagramGraph): string {
  return `${JSON.stringify(graph, null, 2)}\n`;
}

/** The JSON text of a machine's graph. */
export function toJson(machine: AnyStateMachine): string {
  return graphToJson(extractGraph(machine));
}
