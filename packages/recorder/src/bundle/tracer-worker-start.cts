// The tracing thread's script, in CommonJS unlike the rest: a worker started on an ES module sets
// up Node's ES module loader first (~15 ms of CPU and 2 MB before the thread can trace), which the
// bundle, a CommonJS file, does not need. It runs the bundle with its code cache as
// @tracedb/native's runCommonJs does (an ES module, which would bring that loader back), or the
// ES modules when there is none (a build by tsc alone).
import fs = require('node:fs');
import path = require('node:path');
import vm = require('node:vm');
import nodeModule = require('node:module');

type Main = () => void;

function bundled(file: string): Main | null {
  let source: string;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(`${file}.v8cache`);
  } catch {
    // no cache: V8 compiles the source
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __import) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} as { main: Main } };
  const importModule = (specifier: string): Promise<unknown> => import(specifier);
  script.runInThisContext().call(module.exports, module.exports, nodeModule.createRequire(file), module, file, path.dirname(file), importModule);
  return module.exports.main;
}

const main = bundled(path.join(__dirname, 'tracer-worker.cjs'));
if (main !== null) main();
else void import('../tracer/tracer-worker.js').then((m: { main: Main }) => m.main());
