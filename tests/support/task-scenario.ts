/**
 * A scenario with mandated tasks that several suites share: UNTEST, a peacekeeping operation
 * (2010-01..2018-03) holding three tasks whose plan gives receivers to two of them, so that its
 * planned exit leaves human-rights without one (`no-task-orphaned` fails; `replay` exits 1).
 */
import type { Scenario, ScenarioPresence } from '../../src/scenario/types.ts';

export const UNTEST: ScenarioPresence = {
  name: 'UNTEST',
  kind: 'pko',
  from: '2010-01',
  to: '2018-03',
  tasks: ['protection-of-civilians', 'rule-of-law', 'human-rights'],
  handover: { 'protection-of-civilians': 'government', 'rule-of-law': 'country-team' },
  plan: { gender: true },
};

export const TASK_SCENARIO: Scenario = {
  country: 'Testland',
  region: 'africa',
  doctrine: 'note-2017',
  end: '2019-12',
  presences: [UNTEST],
};
