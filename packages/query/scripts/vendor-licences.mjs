// Shared by bundle-kysely.mjs and bundle-yargs.mjs: a bundled dependency keeps its licence, and
// the licences of the packages bundled with it, in the bundle's first comment.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** The directory of the package that holds `file` (a package.json with a name: not dist/cjs's {"type":"commonjs"}). */
export function packageDirOf(file) {
  for (let d = path.dirname(file); d !== path.dirname(d); d = path.dirname(d)) {
    const p = path.join(d, 'package.json');
    if (existsSync(p) && JSON.parse(readFileSync(p, 'utf8')).name !== undefined) return d;
  }
  throw new Error(`no package.json above ${file}`);
}

/** A /*! comment: `title`, then each package's name, version and licence text. */
export function licenceBanner(title, packageDirs) {
  const parts = [...new Set(packageDirs)].map((dir) => {
    const { name, version } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((n) => /^licen[cs]e/i.test(n));
    const text = file ? readFileSync(path.join(dir, file), 'utf8').trim() : '(no licence file in the package)';
    return `${name} ${version}\n\n${text}`;
  });
  return `/*! ${title}\n\n${parts.join('\n\n---\n\n').replaceAll('*/', '* /')}\n*/`;
}
