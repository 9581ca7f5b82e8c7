// Run by `npm run build` after tsc. Writes each command's man page (PACKAGE/man/NAME.1) and its
// bash and zsh completions (PACKAGE/completion/NAME.bash, _NAME) from the description its --help
// is made of (the command's option table), so that they cannot drift apart. Gitignored; `npm
// pack` takes them (package.json's files and man).

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bashCompletion, manPage, zshCompletion } from '../packages/native/dist/cli-doc/index.js';
import { diffDoc } from '../packages/query/dist/cli/diff-doc.js';
import { queryDoc } from '../packages/query/dist/cli/query-doc.js';
import { recDoc } from '../packages/recorder/dist/cli/rec-doc.js';
import { replayDoc } from '../packages/replay/dist/cli/replay-doc.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const COMMANDS = [
  ['recorder', recDoc],
  ['query', queryDoc],
  ['query', diffDoc],
  ['replay', replayDoc],
];

for (const [pkg, docOf] of COMMANDS) {
  const dir = `${root}packages/${pkg}/`;
  const { name, version } = JSON.parse(readFileSync(`${dir}package.json`, 'utf8'));
  const doc = docOf();
  mkdirSync(`${dir}man`, { recursive: true });
  mkdirSync(`${dir}completion`, { recursive: true });
  writeFileSync(`${dir}man/${doc.name}.1`, manPage(doc, name, version));
  writeFileSync(`${dir}completion/${doc.name}.bash`, bashCompletion(doc));
  writeFileSync(`${dir}completion/_${doc.name}`, zshCompletion(doc));
}
