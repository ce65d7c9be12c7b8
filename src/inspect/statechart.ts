/**
 * The statechart the page shows: the country machine laid out by ELK (src/diagram/elk.ts) from its
 * definition. Each state is a `g.state[data-state=<full id>]`, each transition a
 * `g.transition[data-transition][data-event][data-source]`; the page highlights and clicks by these.
 */
import type { AnyStateMachine } from 'xstate';
import { countryMachine } from '../../machines/country.ts';
import { toElkSvg } from '../diagram/elk.ts';
import type { Doctrine } from '../domain/index.ts';

/** A machine (the country machine by default) as SVG laid out by ELK, ready to inline. */
export async function renderStatechart(
  doctrine?: Doctrine,
  machine: AnyStateMachine = countryMachine,
): Promise<string> {
  return toElkSvg(machine, doctrine === undefined ? {} : { doctrine });
}
