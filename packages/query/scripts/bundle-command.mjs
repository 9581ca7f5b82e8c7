// Shared by packages/query/scripts/bundle.mjs and packages/replay/scripts/bundle.mjs: bundles a
// command's main module and the modules of ours it imports as one CommonJS file with V8's code
// cache next to it (see bundle.mjs).

import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';
import { parseAst } from 'rolldown/parseAst';
import { writeBundle } from './write-bundle.mjs';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Writes `file`: `input` (an ES module of dist/ exporting `entry`, main unless said) and what it
 * imports, except `dependencies` (and Node's modules), which stay outside; `forbiddenRequires`
 * must not be required when the bundle loads. `required`: the bundle is loaded by Node's require
 * (a bin's first step), not by runCommonJs, so its import()s work as they are.
 */
export async function bundleCommand(command, input, file, { dependencies, forbiddenRequires, entry = 'main', required = false }) {
  const isDependency = (id) => isBuiltin(id) || dependencies.some((d) => id === d || id.startsWith(`${d}/`));
  const { output } = await build({
    cwd: repoRoot,
    input,
    platform: 'node',
    external: isDependency,
    plugins: [moduleUrls(path.dirname(file)), dependencyImports(isDependency)],
    write: false,
    output: {
      format: 'cjs',
      codeSplitting: false,
      banner: `// ${command}: ${relative(input)} and the modules it imports, bundled by ${relative(process.argv[1])}`,
    },
  });
  if (output.length !== 1) throw new Error(`${command}: rolldown made ${output.length} files`);
  const [{ code, moduleIds }] = output;
  for (const id of moduleIds) {
    // our code only: a dependency bundled here would come with its licence to keep
    if (!id.startsWith('\0') && !/^packages\/[^/]+\/dist\//.test(relative(id))) throw new Error(`${command}: ${id} is bundled`);
  }
  checkBundle(command, code, forbiddenRequires, required);
  writeBundle(file, code, (exports) => {
    if (typeof exports[entry] !== 'function') throw new Error(`${file} does not export ${entry}`);
  });
}

function checkBundle(command, code, forbiddenRequires, required) {
  const fail = (what) => {
    throw new Error(`${command}: ${what} in the bundle`);
  };
  for (const node of findNodes(code, () => true)) {
    if (isCall(node, 'require') && forbiddenRequires.includes(node.arguments[0]?.value)) fail(`require('${node.arguments[0].value}')`);
    if (node.type === 'ImportExpression' && !required) fail('import() (see dependencyImports)');
    if (node.type === 'MetaProperty') fail('import.meta');
  }
  // rolldown's own stand-in for import.meta.url: the bundle's URL, wrong for every module
  if (code.includes('pathToFileURL(__filename)')) fail('import.meta.url made by rolldown');
}

/**
 * import.meta.url, in each module, becomes the URL the module had in dist/: paths found from it
 * (package.json, migrations/, dist/vendor/kysely.cjs) stay right, and the tree can still be moved.
 * A module of the bundle's own package is found from the bundle's __dirname; one of another of
 * our packages from where require finds that package, since an installed package's
 * dependencies need not sit beside it (npm install -g nests them in its node_modules).
 */
function moduleUrls(bundleDir) {
  const ownPackage = packageDirOf(bundleDir);
  return {
    name: 'module-urls',
    transform(code, id) {
      if (!code.includes('import.meta')) return null;
      const metas = findNodes(code, (n) => n.type === 'MetaProperty' && n.meta.name === 'import');
      const urls = findNodes(code, (n) => n.type === 'MemberExpression' && n.object.type === 'MetaProperty' && n.object.meta.name === 'import' && !n.computed && n.property.name === 'url');
      if (urls.length !== metas.length) this.error(`${id}: import.meta other than import.meta.url`);
      const pkg = packageDirOf(id);
      const base =
        pkg === ownPackage
          ? `__dirname, ${JSON.stringify(slashes(path.relative(bundleDir, id)))}`
          : `require('node:path').dirname(require.resolve(${JSON.stringify(`${packageNameOf(pkg)}/package.json`)})), ${JSON.stringify(slashes(path.relative(pkg, id)))}`;
      const url = `require('node:url').pathToFileURL(require('node:path').join(${base})).href`;
      return { code: replaceNodes(code, urls, () => url) };
    },
  };
}

/** packages/NAME of a file of ours (a path in the repo: rolldown resolves node_modules' links). */
function packageDirOf(file) {
  const m = /^(.*\/packages\/[^/]+)\//.exec(`${file}/`);
  if (m === null) throw new Error(`${file} is not in packages/`);
  return m[1];
}

const packageNameOf = (dir) => JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).name;
const slashes = (p) => p.split(path.sep).join('/');

/**
 * import() of a dependency becomes __import(), which dist/bundle/load-main.js gives the bundle
 * (see RunOptions in packages/native/src/bundle/run-common-js.ts); rolldown inlines our own modules'.
 */
function dependencyImports(isDependency) {
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
  return slashes(path.relative(repoRoot, file));
}
