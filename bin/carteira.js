#!/usr/bin/env node
// Entry point of the `carteira` command. In a checkout (sources present) it runs the
// TypeScript sources through tsx, so `npx carteira` works right after `npm ci` and never
// runs a stale build; in the production image (only `dist/`) it runs the compiled CLI.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src', 'cli', 'main.ts');
const compiled = join(root, 'dist', 'src', 'cli', 'main.js');
if (existsSync(source) && process.env.CARTEIRA_USE_DIST !== '1') {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(source).href);
} else {
  await import(pathToFileURL(compiled).href);
}
