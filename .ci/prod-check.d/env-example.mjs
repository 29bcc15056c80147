// prod-check step 3: .env.example documents every setting and loads as a valid configuration.
import { readFileSync } from 'node:fs';
const { configSchema, loadConfig } = await import(`${process.env.CTX}/dist/src/core/config.js`);
const example = {};
for (const line of readFileSync('.env.example', 'utf8').split('\n')) {
  const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
  if (m) example[m[1]] = m[2];
}
const compose = readFileSync('docker-compose.yml', 'utf8');
const composeVars = [...compose.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]);
const missing = [...Object.keys(configSchema.shape), ...composeVars].filter((k) => !(k in example));
if (missing.length) {
  console.error(`    FAIL .env.example does not document: ${[...new Set(missing)].join(', ')}`);
  process.exit(1);
}
const secretLooking = Object.entries(example).filter(([, v]) => /^xox[bpa]-\d|^xapp-\d/.test(v));
if (secretLooking.length) {
  console.error(
    `    FAIL .env.example holds what looks like a real token: ${secretLooking.map(([k]) => k).join(', ')}`,
  );
  process.exit(1);
}
loadConfig(example);
console.log(
  `    ok  .env.example documents all ${Object.keys(configSchema.shape).length} settings and ${new Set(composeVars).size} compose variables, and loads as a valid configuration`,
);
