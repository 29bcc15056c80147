/**
 * The font files every renderer draws with: pdfmake's bundled Roboto (it covers Portuguese
 * accents). The PDF registers them with pdfmake; the chart measures its labels with them
 * and hands them to resvg explicitly, so a chart looks the same in Docker and on a laptop
 * (no system font is ever looked up).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const dir = join(dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');

export const ROBOTO = {
  normal: join(dir, 'Roboto-Regular.ttf'),
  bold: join(dir, 'Roboto-Medium.ttf'),
  italics: join(dir, 'Roboto-Italic.ttf'),
  bolditalics: join(dir, 'Roboto-MediumItalic.ttf'),
} as const;
