/**
 * The inspector's own files: a fixed table from URL path to content, read once at start. A path
 * not in the table is a 404; no request path ever reaches the file system.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getResourcePath } from '../package-root.ts';
import { paletteCss } from './palette-css.ts';

export interface StaticFile {
  type: string;
  body: Buffer;
}

/** The static files live in the package's sources (src/inspect/static/), also when it runs from dist/. */
const STATIC_DIR = getResourcePath('src', 'inspect', 'static');

const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

/** `/statechart.svg` served from this SVG text. */
export function toStatechartFile(svg: string): StaticFile {
  return { type: 'image/svg+xml; charset=utf-8', body: Buffer.from(svg, 'utf8') };
}

/** Adds `extra` files to `table`; a path already there (the page's own) is kept. */
export function addExtraFiles(
  table: Map<string, StaticFile>,
  extra: Record<string, { type: string; body: string }>,
): void {
  for (const [path, file] of Object.entries(extra)) {
    if (!table.has(path))
      table.set(path, { type: file.type, body: Buffer.from(file.body, 'utf8') });
  }
}

/**
 * The table of static files, with `/statechart.svg` from `statechartSvg` (null: none yet, added
 * later with `toStatechartFile`) and the `extra` files.
 */
export function loadStaticFiles(
  statechartSvg: string | null,
  extra: Record<string, { type: string; body: string }> = {},
): Map<string, StaticFile> {
  const table = new Map<string, StaticFile>();
  for (const [path, { file, type }] of Object.entries(FILES)) {
    table.set(path, { type, body: readFileSync(join(STATIC_DIR, file)) });
  }
  table.set('/palette.css', { type: 'text/css; charset=utf-8', body: Buffer.from(paletteCss()) });
  if (statechartSvg !== null) table.set('/statechart.svg', toStatechartFile(statechartSvg));
  addExtraFiles(table, extra);
  return table;
}
