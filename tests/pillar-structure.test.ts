import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STRUCTURE } from '../src/domain/structure.ts';
import {
  StructureError,
  loadStructureFile,
  parseStructureText,
} from '../src/pillar/structure-file.ts';
import { runPillar } from '../src/pillar/run.ts';

const DEFAULT_FILE = fileURLToPath(new URL('../structures/default.yaml', import.meta.url));

function issuesOf(text: string) {
  try {
    parseStructureText(text, 'my.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(StructureError);
    return (error as StructureError).issues;
  }
  throw new Error('expected a StructureError');
}

describe('regional structure as configuration', () => {
  it('should ship structures/default.yaml equal to the built-in default', () => {
    expect(loadStructureFile(DEFAULT_FILE)).toEqual(DEFAULT_STRUCTURE);
  });

  it('should give the adopted structure: three regional ASGs, eight divisions, two cross-regional ASGs', () => {
    expect(DEFAULT_STRUCTURE.regions.map((r) => r.divisions.length)).toEqual([4, 2, 2]);
    expect(DEFAULT_STRUCTURE.regions[0]!.divisions.map((d) => d.name)).toEqual([
      'Africa division 1',
      'Africa division 2',
      'Africa division 3',
      'Africa division 4',
    ]);
    expect(DEFAULT_STRUCTURE.crossRegional.map((c) => c.department)).toEqual(['DPPA', 'DPO']);
  });

  it('should let a structure file rename ASGs and drop a region, and the pillar follow it', () => {
    const text = readFileSync(DEFAULT_FILE, 'utf8')
      .replace('asg: ASG for Africa', 'asg: ASG Africa (renamed)')
      .replace(/ {2}- region: europe-central-asia-americas[\s\S]*?(?=crossRegional:)/, '');
    const structure = parseStructureText(text, 'custom.yaml');
    const run = runPillar({ structure, countries: [{ country: 'Mali', region: 'africa' }] }, [
      { type: 'REGISTER', country: 'Haiti', region: 'europe-central-asia-americas' },
      { type: 'REPORT', country: 'Mali', month: '2013-04', text: 'situation' },
    ]);
    expect(run.steps[0]!.accepted).toBe(false);
    expect(run.final.context.messages[0]!.from).toBe('ASG Africa (renamed)');
    expect(run.violations).toEqual([]);
  });

  it('should refuse an unknown region with file, field path, line and column', () => {
    const text = readFileSync(DEFAULT_FILE, 'utf8').replace('region: africa', 'region: oceania');
    const [issue] = issuesOf(text);
    const line = text.split('\n').findIndex((l) => l.includes('region: oceania')) + 1;
    expect(issue).toMatchObject({ file: 'my.yaml', path: 'regions[0].region', line, column: 13 });
    expect(String(issue?.message)).toContain('africa');
  });

  it('should point at an unknown field\u2019s key, and at duplicates', () => {
    const unknown = issuesOf(
      'id: x\ntitle: t\nsource: s\nregions:\n  - region: africa\n    name: A\n    asg: A\n    divison: []\n    divisions:\n      - { id: a, name: A }\n',
    );
    expect(unknown[0]).toMatchObject({ path: 'regions[0].divison', line: 8, column: 5 });
    const dup = issuesOf(
      'id: x\ntitle: t\nsource: s\nregions:\n  - { region: africa, name: A, asg: A, divisions: [{ id: a, name: A }] }\n  - { region: africa, name: B, asg: B, divisions: [{ id: b, name: B }] }\n',
    );
    expect(dup[0]).toMatchObject({ path: 'regions[1].region', line: 6 });
    expect(dup[0]?.message).toContain('appears twice');
  });

  it('should refuse broken YAML, missing fields and a missing file with a clear message', () => {
    expect(issuesOf('id: [unclosed\n')[0]).toMatchObject({
      file: 'my.yaml',
      line: expect.any(Number) as unknown,
    });
    expect(issuesOf('id: x\ntitle: t\n')[0]).toMatchObject({
      path: 'source',
      message: 'missing required field',
    });
    expect(() => loadStructureFile('/no/such/structure.yaml')).toThrow(
      '/no/such/structure.yaml: file not found',
    );
  });
});
