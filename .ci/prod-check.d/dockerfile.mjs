// prod-check step 1: the Dockerfile and .dockerignore, read statically (see ../prod-check).
// Writes the build context's file list to $CTX_LIST.
import { readFileSync, existsSync, statSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';

const text = readFileSync('Dockerfile', 'utf8').replace(/\\\n/g, ' ');
const lines = text
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const problems = [];
const ok = (m) => console.log(`    ok  ${m}`);

// Stages.
const stages = [];
for (const l of lines) {
  const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(l);
  if (from) stages.push({ image: from[1], name: from[2] ?? '', lines: [] });
  else if (stages.length) stages.at(-1).lines.push(l);
}
const args = Object.fromEntries(
  lines.filter((l) => /^ARG\s+\w+=/.test(l)).map((l) => l.slice(4).trim().split('=')),
);
const stageNames = new Set(stages.map((s) => s.name));
for (const s of stages) {
  const image = s.image.replace(/\$\{(\w+)\}/g, (_, k) => args[k] ?? '');
  if (stageNames.has(image)) continue;
  // Official Docker Hub images only: no registry host, no user namespace.
  if (!/^[a-z0-9._-]+:[\w.-]+$/.test(image) || image.split('/')[0].includes('.'))
    problems.push(`base image ${image} is not an official Docker Hub image with a tag`);
  if (!/^node:20[\w.-]*-(bookworm|bullseye)-slim$/.test(image))
    problems.push(`base image ${image}: expected node:20…-bookworm-slim`);
}
ok(`stages: ${stages.map((s) => s.name || s.image).join(' → ')}`);

const runtime = stages.at(-1);
const has = (re) => runtime.lines.some((l) => re.test(l));
const users = runtime.lines.filter((l) => /^USER\s/i.test(l));
const user = users.at(-1)?.split(/\s+/)[1];
if (!user || /^(root|0)(:|$)/.test(user))
  problems.push(`runtime stage must end with a non-root USER (found ${user ?? 'none'})`);
else ok(`runs as USER ${user}`);
const hc = runtime.lines.find((l) => /^HEALTHCHECK\s/i.test(l));
if (!hc) problems.push('runtime stage has no HEALTHCHECK');
const entry = runtime.lines.find((l) => /^ENTRYPOINT\s/i.test(l));
if (!entry || !/tini|dumb-init/.test(entry))
  problems.push('ENTRYPOINT must start an init (tini) before node');
else ok(`ENTRYPOINT ${entry.slice(11)}`);
if (!has(/^CMD\s+\["bot"\]/)) problems.push('default CMD should be ["bot"]');
for (const [k, v] of [
  ['NODE_ENV', 'production'],
  ['CARTEIRA_USE_DIST', '1'],
])
  if (!has(new RegExp(`^ENV\\b.*\\b${k}=${v}\\b`)))
    problems.push(`runtime stage must set ${k}=${v}`);

// The healthcheck command must be valid JSON exec form with JavaScript that compiles.
if (hc) {
  const json = hc.slice(hc.indexOf('CMD') + 3).trim();
  try {
    const argv = JSON.parse(json);
    if (argv[0] !== 'node' || argv[1] !== '-e') throw new Error('expected ["node", "-e", script]');
    new Function('require', 'process', argv[2]);
    ok('HEALTHCHECK: exec form, node -e script compiles');
  } catch (e) {
    problems.push(`HEALTHCHECK command: ${e.message}`);
  }
}

// What the runtime stage copies: exactly the production install of bin + dist.
const copies = runtime.lines
  .filter((l) => /^COPY\s/i.test(l))
  .map((l) => {
    const parts = l.split(/\s+/).slice(1);
    const from = parts.find((p) => p.startsWith('--from='))?.slice(7) ?? '';
    const rest = parts.filter((p) => !p.startsWith('--'));
    return rest.slice(0, -1).map((src) => (from ? `${from}:${src}` : src));
  })
  .flat()
  .sort();
const expected = [
  'bin',
  'build:/app/dist',
  'package-lock.json',
  'package.json',
  'prod-deps:/app/node_modules',
];
if (JSON.stringify(copies) !== JSON.stringify(expected))
  problems.push(
    `runtime stage copies ${copies.join(', ')}; .ci/prod-check reproduces ${expected.join(', ')} — keep them in step`,
  );
else ok(`runtime stage copies only ${copies.join(', ')}`);
const prodDeps = stages.find((s) => s.name === 'prod-deps');
if (!prodDeps?.lines.some((l) => /npm ci\b.*--omit=dev/.test(l)))
  problems.push('prod-deps stage must run npm ci --omit=dev');

// .dockerignore, with Docker's rules: last matching pattern wins; a pattern matching a
// parent folder matches everything inside it.
const patterns = readFileSync('.dockerignore', 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => {
    const negated = l.startsWith('!');
    const p = posix.normalize(negated ? l.slice(1).trim() : l).replace(/^\/+/, '');
    const re = p
      .split(/(\*\*\/|\*\*|\*|\?)/)
      .map((t) =>
        t === '**/'
          ? '(?:.*/)?'
          : t === '**'
            ? '.*'
            : t === '*'
              ? '[^/]*'
              : t === '?'
                ? '[^/]'
                : t.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
      )
      .join('');
    return { negated, re: new RegExp(`^${re}$`) };
  });
const excluded = (path) => {
  const parents = path.split('/').map((_, i, a) => a.slice(0, i + 1).join('/'));
  let out = false;
  for (const { negated, re } of patterns) if (parents.some((p) => re.test(p))) out = !negated;
  return out;
};
const walk = (p) =>
  statSync(p).isDirectory() ? readdirSync(p).flatMap((c) => walk(join(p, c))) : [p];
let sent = 0;
const contextFiles = [];
for (const s of stages)
  for (const l of s.lines.filter((x) => /^COPY\s/i.test(x) && !/--from=/.test(x))) {
    for (const src of l
      .split(/\s+/)
      .slice(1)
      .filter((p) => !p.startsWith('--'))
      .slice(0, -1)) {
      if (!existsSync(src)) problems.push(`COPY ${src}: not in the repository`);
      else {
        const files = walk(src).filter((f) => !excluded(f));
        if (!files.length) problems.push(`COPY ${src}: excluded by .dockerignore`);
        sent += files.length;
        contextFiles.push(...files);
      }
    }
  }
for (const f of ['bin/carteira.js', 'src/cli/main.ts', 'migrations/index.ts', 'package-lock.json'])
  if (excluded(f)) problems.push(`.dockerignore excludes ${f}, which the build needs`);
for (const f of [
  '.env',
  'node_modules/pg/package.json',
  'dist/src/cli/main.js',
  '.carteira-data/x',
  'out/x',
  'test/x.ts',
  '.git/HEAD',
  'src/x.test.ts',
])
  if (!excluded(f)) problems.push(`.dockerignore lets ${f} into the build context`);
ok(
  `.dockerignore: ${sent} files sent to the builder; .env, node_modules, dist, tests, .git stay out`,
);

if (problems.length) {
  for (const p of problems) console.error(`    FAIL ${p}`);
  process.exit(1);
}
(await import('node:fs')).writeFileSync(
  process.env.CTX_LIST,
  [...new Set(contextFiles)].join('\n') + '\n',
);
