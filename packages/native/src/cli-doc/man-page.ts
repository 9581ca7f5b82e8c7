import type { CommandDoc, DocOption } from './command-doc.js';

/** Text for roff: backslashes and hyphens escaped, other than ASCII as \[uXXXX], no line that starts a request. */
function roff(text: string): string {
  const escaped = [...text]
    .map((c) => (c === '\\' ? '\\e' : c === '-' ? '\\-' : c.charCodeAt(0) > 126 ? `\\[u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]` : c))
    .join('');
  return escaped.replace(/^([.'])/gm, '\\&$1');
}

/** Paragraphs (blank-line separated), each one line of roff text. */
const paragraphs = (text: string): string[] => text.split(/\n\s*\n/).map((p) => roff(p.replace(/\s*\n\s*/g, ' ').trim())).filter((p) => p !== '');

function optionHead(o: DocOption): string {
  const value = o.value === undefined ? '' : o.optional ? `[=\\fI${o.value}\\fR]` : ` \\fI${o.value}\\fR`;
  const names = [...o.spellings, ...(o.negation !== undefined ? [o.negation] : [])].map((s) => `\\fB${roff(s)}\\fR`);
  return names.join(', ') + value;
}

function examples(doc: CommandDoc, heading: string): string[] {
  if (doc.examples.length === 0) return [];
  return [heading, ...doc.examples.flatMap(([command, what]) => ['.TP', `.B "${roff(command).replaceAll('"', '\\(dq')}"`, ...paragraphs(what)])];
}

/** The man page of `doc`, section 1, in the man macros. */
export function manPage(doc: CommandDoc, packageName: string, version: string): string {
  const [first, ...rest] = paragraphs(doc.description);
  // the first sentence, or what comes before its first colon
  const summary = /^(.*?)[.:](?: |$)/.exec(first)?.[1] ?? first;
  const out = [
    `.\\" Generated from ${doc.name}'s option table by scripts/gen-man-completion.mjs: edit the table, not this file.`,
    // groff's ASCII output has no glyph for the ellipsis of the help texts
    '.fchar \\[u2026] ...',
    `.TH ${roff(doc.name.toUpperCase())} 1 "" "${roff(`${packageName} ${version}`)}" "User Commands"`,
    '.SH NAME',
    `${roff(doc.name)} \\- ${summary.charAt(0).toLowerCase()}${summary.slice(1)}`,
    '.SH SYNOPSIS',
    ...doc.usage.flatMap((u, i) => [...(i > 0 ? ['.br'] : []), `.B ${roff(doc.name)}`, roff(u.replace(new RegExp(`^${doc.name} ?`), ''))]),
    '.SH DESCRIPTION',
    ...[first, ...rest].flatMap((p, i) => (i === 0 ? [p] : ['.PP', p])),
  ];
  out.push('.SH OPTIONS');
  const titled = doc.sections.some((s) => s.title !== null);
  for (const s of doc.sections) {
    if (titled) out.push(`.SS "${roff((s.title ?? 'Other options').replace(/:$/, '')).replaceAll('"', '\\(dq')}"`);
    for (const o of s.options) out.push('.TP', optionHead(o), ...paragraphs(o.describe));
  }
  out.push(...examples(doc, '.SH EXAMPLES'));
  if (doc.epilogue !== '') {
    out.push('.SH NOTES');
    paragraphs(doc.epilogue).forEach((p, i) => out.push(...(i > 0 ? ['.PP'] : []), p));
  }
  for (const sub of doc.subcommands ?? []) {
    out.push(`.SH "${roff(sub.name.toUpperCase())}"`, ...sub.usage.flatMap((u, i) => [...(i > 0 ? ['.br'] : []), `.B ${roff(sub.name)}`, roff(u.replace(`${sub.name} `, ''))]));
    out.push(...paragraphs(sub.description).flatMap((p) => ['.PP', p]));
    for (const s of sub.sections) {
      out.push(`.SS "${roff((s.title ?? 'Options').replace(/:$/, ''))}"`);
      for (const o of s.options) out.push('.TP', optionHead(o), ...paragraphs(o.describe));
    }
    out.push(...examples(sub, '.SS Examples'));
  }
  const others = ['trace-rec', 'trace-q', 'trace-diff', 'trace-replay'].filter((c) => c !== doc.name);
  out.push('.SH SEE ALSO', `${others.map((c) => `.BR ${roff(c)} (1)`).join(',\n')},`, '.BR strace (1)');
  return `${out.join('\n')}\n`;
}
