import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerPortfolioCommand } from '../src/cli/commands/portfolio.ts';
import { InputError } from '../src/cli/shared.ts';
import { DEFAULT_STRUCTURE } from '../src/domain/structure.ts';
import { computePortfolio, type Portfolio } from '../src/pillar/portfolio.ts';
import { StructureError } from '../src/pillar/structure-file.ts';
import { listBundledScenarios } from '../src/scenario/catalog.ts';

const bundled = listBundledScenarios();

function row(p: Portfolio, country: string) {
  return p.asgs.flatMap((a) => a.countries).find((r) => r.country === country);
}

async function runPortfolioCli(args: string[]): Promise<unknown> {
  const program = new Command('pillar')
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerPortfolioCommand(program);
  try {
    await program.parseAsync(['portfolio', ...args], { from: 'user' });
    return null;
  } catch (error) {
    return error;
  }
}

describe('regional ASG portfolios', () => {
  it('should refuse a month that is not YYYY-MM rather than show every country outside its window', () => {
    expect(() =>
      computePortfolio(bundled, {
        month: '2019-02-30',
        doctrine: 'note-2017',
        structure: DEFAULT_STRUCTURE,
      }),
    ).toThrow(RangeError);
  });

  it('should put every bundled country with its region\u2019s ASG and count reports per USG', () => {
    const p = computePortfolio(bundled, {
      month: '2019-01',
      doctrine: 'note-2017',
      structure: DEFAULT_STRUCTURE,
    });
    for (const a of p.asgs) {
      expect(a.countries.map((r) => r.id).sort()).toEqual(
        bundled
          .filter((b) => b.scenario.region === a.region)
          .map((b) => b.id)
          .sort(),
      );
      expect(a.counts['USG/DPPA'] + a.counts['USG/DPO'] + a.outside).toBe(a.countries.length);
    }
    expect(p.counts['USG/DPPA'] + p.counts['USG/DPO'] + p.outside).toBe(bundled.length);
  });

  it('should follow the doctrine: a field SPM reports to USG/DPO under the note, USG/DPPA as adopted', () => {
    const note = computePortfolio(bundled, {
      month: '2019-01',
      doctrine: 'note-2017',
      structure: DEFAULT_STRUCTURE,
    });
    const adopted = computePortfolio(bundled, {
      month: '2019-01',
      doctrine: 'adopted-2019',
      structure: DEFAULT_STRUCTURE,
    });
    expect(row(note, 'Afghanistan')).toMatchObject({
      lead: 'DPO',
      reportsTo: 'USG/DPO',
      copyTo: 'USG/DPPA',
    });
    expect(row(adopted, 'Afghanistan')).toMatchObject({
      lead: 'DPPA',
      reportsTo: 'USG/DPPA',
      copyTo: 'USG/DPO',
    });
    expect(row(adopted, 'Mali')).toMatchObject({ phase: 'peacekeeping', reportsTo: 'USG/DPO' });
    expect(adopted.counts['USG/DPO']).toBeLessThan(note.counts['USG/DPO']);
  });

  it('should read history at the month asked for, and leave countries outside their window uncounted', () => {
    const p2004 = computePortfolio(bundled, {
      month: '2004-06',
      doctrine: 'note-2017',
      structure: DEFAULT_STRUCTURE,
      regions: ['africa'],
    });
    expect(p2004.asgs.map((a) => a.region)).toEqual(['africa']);
    // UNAMSIL was drawing down from 2003-07 (S/RES/1492, data/transitions.json).
    expect(row(p2004, 'Sierra Leone')).toMatchObject({
      phase: 'transition',
      presences: expect.arrayContaining(['UNAMSIL']) as unknown,
    });
    const early = computePortfolio(bundled, {
      month: '1900-01',
      doctrine: 'note-2017',
      structure: DEFAULT_STRUCTURE,
    });
    expect(early.outside).toBe(bundled.length);
    expect(early.counts).toEqual({ 'USG/DPPA': 0, 'USG/DPO': 0 });
  });
});

describe('pillar portfolio command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pillar-portfolio-'));

  it('should write JSON with the portfolios of the regions asked for', async () => {
    const out = join(dir, 'p.json');
    expect(
      await runPortfolioCli([
        '--region',
        'africa,europe-central-asia-americas',
        '--at',
        '2010-01',
        '--format',
        'json',
        '--out',
        out,
      ]),
    ).toBeNull();
    const p = JSON.parse(readFileSync(out, 'utf8')) as Portfolio;
    expect(p.month).toBe('2010-01');
    expect(p.asgs.map((a) => a.asg)).toEqual([
      'ASG for Africa',
      'ASG for Europe, Central Asia and the Americas',
    ]);
  });

  it('should print a table naming each ASG and the USG it reports to', async () => {
    const out = join(dir, 'p.txt');
    expect(await runPortfolioCli(['--doctrine', 'adopted-2019', '--out', out])).toBeNull();
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('Regional ASG portfolios at 2019-01 (doctrine adopted-2019');
    expect(text).toMatch(/Afghanistan .* DPPA +USG\/DPPA +USG\/DPO/);
    expect(text).toMatch(/^Totals: USG\/DPPA \d+, USG\/DPO \d+/m);
  });

  it('should refuse a bad month, region or structure file, and write nothing', async () => {
    const out = join(dir, 'never.txt');
    const badMonth = await runPortfolioCli(['--at', '2019-13', '--out', out]);
    expect(badMonth).toBeInstanceOf(InputError);
    expect((badMonth as Error).message).toContain('--at must be a month');
    expect(await runPortfolioCli(['--region', 'oceania', '--out', out])).toBeInstanceOf(InputError);
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'id: x\ntitle: t\nsource: s\nregions:\n  - { region: africa, name: A, asg: A, divisions: [] }\n',
    );
    const badFile = await runPortfolioCli(['--structure', file, '--out', out]);
    expect(badFile).toBeInstanceOf(StructureError);
    expect((badFile as Error).message).toBe(
      `${file}:5:51: regions[0].divisions: a regional ASG needs at least one division`,
    );
    expect(existsSync(out)).toBe(false);
  });
  it.each([
    ['2019-02-30', 'portfolios are by month, not by day; for that month use --at 2019-02'],
    ['2019-02-14', 'portfolios are by month, not by day; for that month use --at 2019-02'],
    ['2019-13', 'there is no month 13; months go from 01 to 12'],
    ['2019-00-01', 'there is no month 0; months go from 01 to 12'],
    ['2019-2', 'write the month with two digits, --at 2019-02'],
    ['soon', ''],
  ])('should refuse --at %s with exit code 2 and say why', async (at, why) => {
    const out = join(dir, 'never-at.txt');
    const error = await runPortfolioCli(['--at', at, '--out', out]);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
    expect((error as Error).message).toBe(
      `--at must be a month YYYY-MM (got ${JSON.stringify(at)}${why === '' ? '' : `: ${why}`})`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('should say in its help that without --region it shows all regions', async () => {
    let help = '';
    const program = new Command('pillar')
      .exitOverride()
      .configureOutput({ writeOut: (text) => (help += text), writeErr: () => {} });
    registerPortfolioCommand(program);
    await expect(program.parseAsync(['portfolio', '--help'], { from: 'user' })).rejects.toThrow();
    expect(help).toMatch(/--region <region>[\s\S]*\(default: all regions\)/);
    expect(help).not.toContain('[]');
    expect(help).toMatch(/\nExamples:\n/);
  });
});
