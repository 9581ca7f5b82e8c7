// Run after tsc and bundle-kysely.mjs. Writes dist/bundle/trace-q.cjs and trace-diff.cjs: each
// command's main module (dist/cli/) and the modules of ours it imports, dynamically or not, as one
// CommonJS file, with V8's code cache next to it. bin/ loads them (dist/bundle/load-main.js):
// Node 20 has no compile cache for ES modules, and finding, reading and compiling ~100 of them
// took ~0.1 s of each run. Dependencies stay outside, required from packages/query.

import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';
import { parseAst } from 'rolldown/parseAst';
import { bundleFileOf, mainModules } from '../dist/bundle/load-main.js';
import { writeBundle } from './write-bundle.mjs';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const dependencies = ['better-sqlite3', 'kysely', 'koffi', 'yargs', '@tracedb/native/libc'];
const isDependency = (id) => isBuiltin(id) || dependencies.some((d) => id === d || id.startsWith(`${d}/`));
// trace-q never loads koffi (libc: the recorder's ptrace calls), and yargs, an ES module that
// takes ~0.1 s to load, only when it parses options: in a CommonJS bundle a static import of a
// dependency becomes a require() run when the bundle loads.
const forbiddenRequires = ['koffi', 'yargs', '@tracedb/native/libc'];

for (const [command, main] of Object.entries(mainModules)) {
  const input = fileURLToPath(new URL(main, new URL('../dist/bundle/', import.meta.url)));
  const file = bundleFileOf(command);
  const { output } = await build({
    cwd: repoRoot,
    input,
    platform: 'node',
    external: isDependency,
    plugins: [moduleUrls(path.dirname(file)), dependencyImports()],
    write: false,
    output: {
      format: 'cjs',
      codeSplitting: false,
      banner: `// ${command}: ${relative(input)} and the modules it imports, bundled by packages/query/scripts/bundle.mjs`,
    },
  });
  if (output.length !== 1) throw new Error(`${command}: rolldown made ${output.length} files`);
  const [{ code, moduleIds }] = output;
  for (const id of moduleIds) {
    // our code only: a dependency bundled here would come with its licence to keep
    if (!id.startsWith('\0') && !/^packages\/[^/]+\/dist\//.test(relative(id))) throw new Error(`${command}: ${id} is bundled`);
  }
  checkBundle(command, code);
  writeBundle(file, code, (exports) => {
    if (typeof exports.main !== 'function') throw new Error(`${file} does not export main`);
  });
}

function checkBundle(command, code) {
  const fail = (what) => {
    throw new Error(`${command}: ${what} in the bundle`);
  };
  for (const node of findNodes(code, () => true)) {
    if (isCall(node, 'require') && forbiddenRequires.includes(node.arguments[0]?.value)) fail(`require('${node.arguments[0].value}')`);
    if (node.type === 'ImportExpression') fail('import() (see dependencyImports)');
    if (node.type === 'MetaProperty') fail('import.meta');
  }
  // rolldown's own stand-in for import.meta.url: the bundle's URL, wrong for every module
  if (code.includes('pathToFileURL(__filename)')) fail('import.meta.url made by rolldown');
}

/**
 * import.meta.url, in each module, becomes the URL the module had in dist/, computed from the
 * bundle's __dirname: paths found from it (package.json, migrations/, dist/vendor/kysely.cjs)
 * stay right, and the tree can still be moved.
 */
function moduleUrls(bundleDir) {
  return {
    name: 'module-urls',
    transform(code, id) {
      if (!code.includes('import.meta')) return null;
      const metas = findNodes(code, (n) => n.type === 'MetaProperty' && n.meta.name === 'import');
      const urls = findNodes(code, (n) => n.type === 'MemberExpression' && n.object.type === 'MetaProperty' && n.object.meta.name === 'import' && !n.computed && n.property.name === 'url');
      if (urls.length !== metas.length) this.error(`${id}: import.meta other than import.meta.url`);
      const from = path.relative(bundleDir, id).split(path.sep).join('/');
      const url = `require('node:url').pathToFileURL(require('node:path').join(__dirname, ${JSON.stringify(from)})).href`;
      return { code: replaceNodes(code, urls, () => url) };
    },
  };
}

/**
 * import() of a dependency becomes __import(), which dist/bundle/load-main.js gives the bundle
 * (see RunOptions in src/bundle/run-common-js.ts); rolldown inlines our own modules'.
 */
function dependencyImports() {
  return {
    name: 'dependency-imports',
    transform(code) {
      if (!code.includes('import(')) return null;
      const calls = findNodes(code, (n) => n.type === 'ImportExpression' && typeof n.source.value === 'string' && isDependency(n.source.value));
      return calls.length === 0 ? null : { code: replaceNodes(code, calls, (n) => `__import(${JSON.stringify(n.source.value)})`) };
    },
  };
}

/** The nodes of the syntax tree of `code` for which `test` holds. */
function findNodes(code, test) {
  const found = [];
  const stack = [parseAst(code)];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node.type === 'string' && test(node)) found.push(node);
    for (const v of Object.values(node)) if (v !== null && typeof v === 'object') stack.push(v);
  }
  return found;
}

function replaceNodes(code, nodes, text) {
  let out = code;
  for (const node of [...nodes].sort((a, b) => b.start - a.start)) out = out.slice(0, node.start) + text(node) + out.slice(node.end);
  return out;
}

function isCall(node, name) {
  return node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === name;
}

function relative(file) {
  return path.relative(repoRoot, file).split(path.sep).join('/');
}
