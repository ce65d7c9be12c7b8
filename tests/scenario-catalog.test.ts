import { readdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DOCTRINES } from '../src/domain/index.ts';
import {
  BUNDLED_SCENARIO_DIR,
  ScenarioError,
  listBundledScenarioIds,
  listBundledScenarios,
  resolveScenario,
} from '../src/scenario/index.ts';
import { replayScenario } from '../src/simulate/replay.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const bundled = listBundledScenarios();
const yamlFiles = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml'));

function failure(run: () => unknown): ScenarioError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return error as ScenarioError;
  }
  throw new Error('expected a ScenarioError');
}

describe('bundled catalogue', () => {
  it('lives in scenarios/ at the repository root, as an absolute path', () => {
    expect(isAbsolute(BUNDLED_SCENARIO_DIR)).toBe(true);
    expect(BUNDLED_SCENARIO_DIR).toBe(resolve(ROOT, 'scenarios'));
  });

  it('loads all 24 bundled scenarios, sorted by id', () => {
    expect(yamlFiles).toHaveLength(24);
    expect(bundled).toHaveLength(24);
    const ids = bundled.map((b) => b.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual(listBundledScenarioIds());
    expect(ids.map((id) => `${id}.yaml`)).toEqual([...yamlFiles].sort());
    for (const b of bundled) {
      expect(b.file).toBe(join(BUNDLED_SCENARIO_DIR, `${b.id}.yaml`));
      expect(b.scenario.presences.length).toBeGreaterThan(0);
    }
  });

  it.each(bundled.map((b) => [b.id, b.scenario.country] as const))(
    'resolves %s by id, upper-cased id and country name (%s)',
    (id, country) => {
      expect(resolveScenario(id).id).toBe(id);
      expect(resolveScenario(id.toUpperCase()).id).toBe(id);
      expect(resolveScenario(country).id).toBe(id);
    },
  );

  it('resolves an ISO3 code and a file path', () => {
    expect(resolveScenario('SLE').id).toBe('sierra-leone');
    const file = join(BUNDLED_SCENARIO_DIR, 'nepal.yaml');
    const found = resolveScenario(file);
    expect(found).toMatchObject({ id: 'nepal', file });
    expect(found.scenario).toEqual(resolveScenario('nepal').scenario);
    const fixture = fileURLToPath(new URL('./fixtures/scenarios/good.yaml', import.meta.url));
    expect(resolveScenario(fixture)).toMatchObject({ id: 'good', file: fixture });
  });

  it('an unknown id suggests the closest bundled ids', () => {
    const error = failure(() => resolveScenario('sierra-lone'));
    expect(error.issues).toHaveLength(1);
    expect(error.message).toMatch(/^sierra-lone: .*did you mean sierra-leone\?$/);
    expect(failure(() => resolveScenario('Liberria')).message).toContain('liberia');
  });

  it('a path that does not exist, and an invalid file, are ScenarioErrors', () => {
    expect(failure(() => resolveScenario('./no-such.yaml')).message).toBe(
      './no-such.yaml: file not found',
    );
    const bad = fileURLToPath(new URL('./fixtures/scenarios/unknown-kind.yaml', import.meta.url));
    expect(failure(() => resolveScenario(bad)).issues[0]?.path).toBe('presences[0].kind');
  });
});

describe('bundled scenarios replay cleanly', () => {
  for (const doctrine of DOCTRINES) {
    it.each(bundled.map((b) => [b.id, b] as const))(`%s under ${doctrine}`, (_id, { scenario }) => {
      const timeline = replayScenario(scenario, { doctrine });
      expect(timeline.doctrine).toBe(doctrine);
      expect(timeline.refused).toEqual([]);
      expect(timeline.invariants.length).toBeGreaterThan(0);
      for (const outcome of timeline.invariants)
        expect(outcome, outcome.id).toMatchObject({ holds: true });
    });
  }
});
