/**
 * A folder's index.ts only re-exports (STYLE.md): every statement is an `export ... from`. The
 * direction of imports between layers is checked by dependency-cruiser (`npm run layering`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/cli.ts';

/** Index files that still implement something, each with why. */
const NOT_YET_PURE: Record<string, string> = {
  // verifyCountryMachine moves out of the index with the verify index<->report cycle (issue 10,
  // verify part), which dependency-cruiser's known violations list too.
  'src/verify/index.ts': 'verifyCountryMachine is being moved by the verify rework',
};

function indexFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file === 'index.ts' || file.endsWith('/index.ts'))
    .filter((file) => !file.includes('static/'))
    .map((file) => relative(ROOT, join(ROOT, folder, file)));
}

/** The statements of `file` that are not a re-export, as text. */
function implementation(file: string, text = readFileSync(join(ROOT, file), 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022);
  return source.statements
    .filter((s) => !(ts.isExportDeclaration(s) && s.moduleSpecifier !== undefined))
    .map((s) => s.getText(source).split('\n')[0] ?? '');
}

describe('index files', () => {
  const files = [...indexFiles('src'), ...indexFiles('machines')];

  it('are found in every layer', () => {
    expect(files).toEqual(
      expect.arrayContaining(['src/index.ts', 'machines/index.ts', 'src/testing/index.ts']),
    );
  });

  for (const file of files.filter((f) => !Object.hasOwn(NOT_YET_PURE, f))) {
    it(`${file} only re-exports`, () => {
      expect(implementation(file)).toEqual([]);
    });
  }

  it('tells an index that implements from one that re-exports', () => {
    const text =
      "/** doc */\nexport * from './a.ts';\nimport { b } from './b.ts';\nexport const c = b;\n";
    expect(implementation('x/index.ts', text)).toEqual([
      "import { b } from './b.ts';",
      'export const c = b;',
    ]);
  });
});
