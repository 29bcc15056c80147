// prod-check: prints the shell command of the Dockerfile's HEALTHCHECK.
import { readFileSync } from 'node:fs';
const t = readFileSync('Dockerfile', 'utf8').replace(/\\\n/g, ' ');
const l = t.split('\n').find((x) => /^HEALTHCHECK\s/.test(x));
process.stdout.write(JSON.parse(l.slice(l.indexOf('CMD') + 3))[2]);
