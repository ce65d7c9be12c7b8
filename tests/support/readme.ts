/** The README's executable examples: code blocks marked `<!-- readme-example:NAME -->`. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cli.ts';

export interface ReadmeBlock {
  language: string;
  code: string;
}

/** The fenced block right after the marker `<!-- readme-KIND:NAME -->` in README.md. */
export function getReadmeBlock(kind: 'example' | 'output', name: string): ReadmeBlock {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const marker = `<!-- readme-${kind}:${name} -->`;
  const at = readme.indexOf(marker);
  if (at < 0) throw new Error(`README.md has no ${marker}`);
  const match = /^\s*```(\w*)\n([\s\S]*?)\n```/.exec(readme.slice(at + marker.length));
  if (match === null) throw new Error(`README.md: no code block after ${marker}`);
  return { language: match[1] ?? '', code: `${match[2] ?? ''}\n` };
}

/** The names of every `readme-example` in README.md, in order. */
export function listReadmeExamples(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/<!-- readme-example:([\w-]+) -->/g)].map((m) => m[1] ?? '');
}
