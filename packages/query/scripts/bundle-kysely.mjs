// Run after tsc. Writes dist/vendor/kysely.cjs: kysely's CommonJS build (about 280 files) as
// one file, which Node loads in about half the time it takes to find, read and compile the
// files one by one. Each file becomes a function in a map keyed by its path; a small require
// inside the bundle resolves kysely's relative requires in that map and hands any other to
// Node's require. Then runs the bundle the way trace-q does (dist/recording/load-kysely.js)
// and saves V8's code cache for it, with the functions that ran compiled.

import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bundleFile as out, codeCacheFile, runBundle } from '../dist/recording/load-kysely.js';

const require = createRequire(import.meta.url);

const entry = require.resolve('kysely'); // the "require" condition: .../dist/cjs/index.js
const root = path.dirname(entry);
const pkgDir = packageDir(root);
const version = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;

const files = listJs(root).map((f) => relative(root, f)).sort();
const known = new Set(files);
const modules = files.map((id) => {
  const source = readFileSync(path.join(root, id), 'utf8').replace(/^\/\/# sourceMappingURL=.*$/gm, '');
  checkRequires(id, source);
  return `${JSON.stringify(id)}: function (exports, require, module) {\n${source}\n}`;
});

const bundle = `${licence()}
const __files = {
${modules.join(',\n')}
};
const __cache = new Map();
const { posix: __posix } = require('node:path');
function __load(id) {
  let m = __cache.get(id);
  if (m) return m.exports;
  const fn = __files[id];
  if (fn === undefined) throw new Error(\`kysely bundle: no module \${id}\`);
  m = { exports: {} };
  __cache.set(id, m);
  const req = (spec) =>
    spec.startsWith('.') ? __load(__posix.join(__posix.dirname(id), spec)) : require(spec);
  fn.call(m.exports, m.exports, req, m);
  return m.exports;
}
module.exports = __load(${JSON.stringify(relative(root, entry))});
`;

rmSync(codeCacheFile, { force: true });
mkdirSync(path.dirname(out), { recursive: true });
replaceFile(out, bundle);
const { exports, script } = runBundle(bundle);
checkExports(exports);
replaceFile(codeCacheFile, script.createCachedData());

/**
 * Whole files only, even with two builds at once: V8 rejects a cache that is cut short, but
 * one with its bytes mixed up crashes node.
 */
function replaceFile(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

function packageDir(dir) {
  // dist/cjs has a package.json of its own ({"type":"commonjs"}): look for kysely's.
  for (let d = dir; d !== path.dirname(d); d = path.dirname(d)) {
    const p = path.join(d, 'package.json');
    if (existsSync(p) && JSON.parse(readFileSync(p, 'utf8')).name === 'kysely') return d;
  }
  throw new Error(`no kysely package.json above ${dir}`);
}

function relative(from, to) {
  return path.relative(from, to).split(path.sep).join('/');
}

function listJs(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return listJs(p);
    return e.isFile() && e.name.endsWith('.js') ? [p] : [];
  });
}

/**
 * The bundle's require only knows files of the map by their exact name, and runBundle gives no
 * loader for import(): fail the build, not trace-q.
 */
function checkRequires(id, source) {
  if (/\bimport\s*\(/.test(source)) throw new Error(`${id}: import() in kysely's CommonJS build`);
  for (const [, spec] of source.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
    if (!spec.startsWith('.')) continue;
    const target = path.posix.join(path.posix.dirname(id), spec);
    if (!known.has(target)) throw new Error(`${id}: require('${spec}') is not a file of the bundle`);
  }
}

function licence() {
  const file = readdirSync(pkgDir).find((n) => /^licen[cs]e/i.test(n));
  const text = file ? readFileSync(path.join(pkgDir, file), 'utf8').trim().replaceAll('*/', '* /') : '';
  const from = relative(pkgDir, root);
  return `/*! kysely ${version} (${from}), bundled by packages/query/scripts/bundle-kysely.mjs\n\n${text}\n*/`;
}

function checkExports(exports) {
  const keys = (m) => Object.keys(m).sort().join();
  if (keys(exports) !== keys(require(entry))) throw new Error(`${out} does not export what kysely does`);
}
