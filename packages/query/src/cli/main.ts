import { closeSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { isatty } from 'node:tty';
import { COLOR_WHEN_WORDS, colorsFor, escapeControls, mendHelpText, takeColorOptions } from '@tracedb/native/terminal';
import type { Colors } from '@tracedb/native/terminal';
import { BrokenPipe, OutputSink } from '../output/output-sink.js';
import { explainSqliteError, interruptedNote, openRecording, partialNote } from '../recording/open-recording.js';
import type { Recording } from '../recording/open-recording.js';
import { defaultRenderOptions } from '../render/render-options.js';
import type { RenderOptions } from '../render/render-options.js';
import { QUERY_VERSION } from '../version.js';
import { UsageError } from './errors.js';
import { openOutput } from './open-output.js';
import { parseQueryArgs } from './parse-args.js';
import type { QueryCommand, RenderSettings } from './parse-args.js';

function writeStderr(text: string): void {
  try {
    writeSync(2, text);
  } catch {
    // nowhere left to report to
  }
}

function renderOptions(s: RenderSettings): RenderOptions {
  return { ...defaultRenderOptions, ...s, pidColumn: s.pidColumn ?? defaultRenderOptions.pidColumn };
}

/**
 * The lines of the view the command asks for. Each view's modules are loaded when it is
 * chosen: --info and --sql need no decoders, and kysely loads only when a filter or view
 * builds a query (see recording/query-builder.ts).
 */
async function run(rec: Recording, cmd: QueryCommand, note: (text: string) => void, colors: Colors): Promise<Iterable<string>> {
  const db = rec.db;
  if (cmd.view === 'info') return (await import('../view/recording-info.js')).recordingInfo(rec, { verbose: cmd.render.verbose, format: cmd.format, colors });
  if (cmd.view === 'sql') return (await import('../view/sql-query.js')).runSql(db, cmd.sql!, cmd.format);
  if (cmd.filter.where !== null) (await import('../filter/where-expression.js')).checkWhereExpression(db, cmd.filter.where);
  const filter = (await import('../filter/compile-filter.js')).resolveFilter(db, cmd.filter);
  if (cmd.view === 'tree') return (await import('../view/process-tree.js')).processTree(db, filter, cmd.format, colors);
  if (cmd.view === 'html') return (await import('../timeline/html-report.js')).htmlReport(rec, `trace-q timeline: ${escapeControls(basename(cmd.file))}`);
  if (cmd.format === 'perfetto') return (await import('../timeline/trace-event-writer.js')).traceEventLines(db);
  const render = renderOptions(cmd.render);
  const summary = { sort: cmd.summarySort, format: cmd.format, wallClock: cmd.wallClock, columns: cmd.summaryColumns ?? undefined };
  if (cmd.view === 'summary' && !cmd.withSummary) return (await import('../view/syscall-summary.js')).syscallSummary(rec, filter, summary, note);
  const [{ listSyscalls }, { straceRenderer }] = await Promise.all([import('../view/list-syscalls.js'), import('../view/strace-renderer.js')]);
  const list = listSyscalls(db, filter, { format: cmd.format, render, renderer: straceRenderer });
  if (!cmd.withSummary) return list;
  const { syscallSummary } = await import('../view/syscall-summary.js');
  return (function* () {
    yield* list;
    yield* syscallSummary(rec, filter, summary, note);
  })();
}

/** -ff -o FILE: the strace view split into FILE.TID files. */
async function writeSeparately(rec: Recording, cmd: QueryCommand, file: string): Promise<void> {
  if (cmd.filter.where !== null) (await import('../filter/where-expression.js')).checkWhereExpression(rec.db, cmd.filter.where);
  const filter = (await import('../filter/compile-filter.js')).resolveFilter(rec.db, cmd.filter);
  const [{ writeThreadFiles }, { straceRenderer }] = await Promise.all([import('../view/thread-files.js'), import('../view/strace-renderer.js')]);
  const render = renderOptions({ ...cmd.render, pidColumn: cmd.render.pidColumn ?? false });
  writeThreadFiles(rec.db, filter, render, straceRenderer, (tid) => {
    const fd = openOutput(`${file}.${tid}`, cmd.file);
    const sink = new OutputSink(fd);
    return {
      line: (text) => sink.line(text),
      close: () => {
        sink.flush();
        closeSync(fd);
      },
    };
  });
}

/** A view that stopped early (a closed pipe) may leave a statement open; exiting frees it anyway. */
function closeQuietly(rec: Recording | null): void {
  try {
    rec?.db.close();
  } catch {
    // "busy executing a query": nothing to save in a read-only connection
  }
}

/** trace-q's subcommands, each loaded when it is named: `trace-q NAME …`. */
const SUBCOMMANDS: Readonly<Record<string, () => Promise<(argv: string[]) => Promise<number>>>> = {
  import: async () => (await import('./import-main.js')).importMain,
  export: async () => (await import('./export-main.js')).exportMain,
  fleet: async () => (await import('./fleet-main.js')).fleetMain,
  upgrade: async () => (await import('./upgrade-main.js')).upgradeMain,
};

/** trace-q's whole run: returns the exit status (0 ok, 2 bad input, 1 internal error). */
export async function main(argv: string[]): Promise<number> {
  if (argv.length > 0 && Object.hasOwn(SUBCOMMANDS, argv[0])) return (await SUBCOMMANDS[argv[0]]())(argv.slice(1));
  let out = new OutputSink(1);
  let outFd = 1;
  let rec: Recording | null = null;
  let file = '';
  try {
    // --color[=WHEN] takes its WHEN only after '=', so it never swallows the recording's name
    const color = takeColorOptions(argv);
    if (color.bad !== null) throw new UsageError(`--color takes ${COLOR_WHEN_WORDS.join(', ')}; got '${color.bad}'`);
    const args = await parseQueryArgs(color.rest);
    if (args.kind === 'help') {
      out.line(mendHelpText(args.text));
      out.flush();
      return 0;
    }
    if (args.kind === 'version') {
      out.line(`trace-q ${QUERY_VERSION}`);
      out.flush();
      return 0;
    }
    if (args.timeout !== null) return await (await import('./run-with-timeout.js')).runWithTimeout(argv, args.timeout);
    file = args.file;
    rec = openRecording(file);
    const note = interruptedNote(rec);
    if (note !== null) writeStderr(`trace-q: ${escapeControls(note)}\n`);
    const partial = args.view === 'info' ? null : partialNote(rec);
    if (partial !== null) writeStderr(`trace-q: ${escapeControls(partial)}\n`);
    if (args.output?.separately) {
      await writeSeparately(rec, args, args.output.file);
      return 0;
    }
    if (args.output !== null) out = new OutputSink((outFd = openOutput(args.output.file, args.file)));
    if (args.html !== null) out = new OutputSink((outFd = openOutput(args.html, args.file, '--html')));
    // a view's note goes to stderr where it belongs among the lines: after those already written
    const viewNote = (text: string): void => {
      out.flush();
      writeStderr(`trace-q: ${escapeControls(text)}\n`);
    };
    for (const line of await run(rec, args, viewNote, colorsFor(color.when, { isTTY: isatty(outFd) }))) out.line(line);
    out.flush();
    return 0;
  } catch (e) {
    if (e instanceof BrokenPipe) return 0;
    try {
      out.flush();
    } catch {
      // the output is gone; the error still goes to stderr
    }
    const err = explainSqliteError(e, file, rec?.db);
    if (err instanceof UsageError) {
      writeStderr(`trace-q: ${escapeControls(err.message)}\n`);
      return err.code;
    }
    writeStderr(`trace-q: internal error: ${escapeControls((err as Error).message ?? String(err))}\n`);
    return 1;
  } finally {
    closeQuietly(rec);
    if (outFd !== 1) closeSync(outFd);
  }
}
