/**
 * The statechart the page shows: the country machine drawn by src/diagram (Graphviz DOT rendered
 * offline to SVG). Graphviz names each state's node by its full id in a `<title>`
 * (`country.peacekeeping.startUp`) and each compound state's cluster `cluster_<id>`; the page
 * highlights the active states by these titles.
 */
import { countryMachine } from '../../machines/country.ts';
import { toSvg } from '../diagram/index.ts';
import type { Doctrine } from '../domain/index.ts';

/** The country machine as SVG, without the XML prolog (ready to inline in the page). */
export async function renderStatechart(doctrine?: Doctrine): Promise<string> {
  const svg = await toSvg(countryMachine, doctrine === undefined ? {} : { doctrine });
  const start = svg.indexOf('<svg');
  return start > 0 ? svg.slice(start) : svg;
}
