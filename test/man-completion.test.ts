// The man pages and shell completions the build writes (scripts/gen-man-completion.mjs) say what
// each command's --help says (trace-q import's too): every option --help lists is in the page that
// man renders (without a warning) and among what bash completes after '-' and what the zsh
// function declares.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCwd, testEnv } from './support/paths.js';

const COMMANDS: readonly { command: string; pkg: string; bin: string; sub?: string }[] = [
  { command: 'trace-rec', pkg: 'recorder', bin: 'trace-rec.js' },
  { command: 'trace-q', pkg: 'query', bin: 'trace-q.js' },
  { command: 'trace-q', sub: 'import', pkg: 'query', bin: 'trace-q.js' },
  { command: 'trace-diff', pkg: 'query', bin: 'trace-diff.js' },
  { command: 'trace-replay', pkg: 'replay', bin: 'trace-replay.js' },
];

function run(command: string, args: string[], env: NodeJS.ProcessEnv = testEnv()) {
  const r = spawnSync(command, args, { env, cwd: runCwd(), encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The spellings on --help's option lines ("  -o, --output  recording file…"), and the --no-NAMEs its text names. */
function helpOptions(help: string): { spellings: string[]; negations: string[] } {
  const spellings = help
    .split('\n')
    .filter((l) => /^ {2,6}-/.test(l))
    .flatMap((l) => l.trim().split(/\s{2,}|\s\[/)[0].split(/,\s*/))
    .map((s) => s.trim());
  return { spellings, negations: [...new Set(help.match(/--no-[a-z][a-z-]*[a-z]/g) ?? [])] };
}

for (const { command, pkg, bin, sub } of COMMANDS) {
  const dir = path.join(repoRoot, 'packages', pkg);
  const page = path.join(dir, 'man', `${command}.1`);
  const help = run(process.execPath, [path.join(dir, 'bin', bin), ...(sub !== undefined ? [sub] : []), '--help']);
  const { spellings, negations } = helpOptions(help.stdout);
  const title = sub === undefined ? command : `${command} ${sub}`;

  describe(title, () => {
    it('--help lists options (the list the checks below use)', () => {
      expect(help.status).toBe(0);
      expect(spellings).toContain('--help');
      if (sub === undefined) expect(spellings).toContain('--version');
      expect(spellings.length).toBeGreaterThan(sub === undefined ? 8 : 3);
      expect(spellings.filter((s) => !/^(-[A-Za-z]|--[a-z][a-z-]*)$/.test(s))).toEqual([]);
    });

    it('man renders its page without a warning, and the page has every option of --help', () => {
      const r = run('man', ['--warnings=all', '-l', page], { ...testEnv(), MANWIDTH: '200', MANPAGER: 'cat', PAGER: 'cat' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^NAME\\n +${command} - \\S`, 'm'));
      // the command's own sections, or its subcommand's (a section named after it, up to the next)
      const lines = r.stdout.split('\n');
      const from = sub === undefined ? 0 : lines.indexOf(title.toUpperCase());
      const next = lines.findIndex((l, i) => i > from && /^TRACE-[A-Z]+ [A-Z]+$/.test(l));
      const own = lines.slice(from, next < 0 ? lines.length : next);
      expect(own.length).toBeGreaterThan(10);
      const optionHeads = own.filter((l) => /^ {7}-/.test(l)).join('\n');
      const inPage = new Set(optionHeads.match(/--?[A-Za-z][A-Za-z-]*/g));
      expect(spellings.filter((s) => !inPage.has(s))).toEqual([]);
      expect(negations.filter((s) => !inPage.has(s))).toEqual([]);
    });

    it('bash completes every option of --help after a -, and files otherwise', () => {
      const script = path.join(dir, 'completion', `${command}.bash`);
      const fn = `_${command.replaceAll('-', '_')}`;
      const complete = (word: string): string[] => {
        const words = sub === undefined ? `${command} "$1"` : `${command} ${sub} "$1"`;
        const r = run('bash', ['-c', `source "$0"; COMP_WORDS=(${words}); COMP_CWORD=${sub === undefined ? 1 : 2}; ${fn}; printf '%s\\n' "\${COMPREPLY[@]}"; complete -p ${command}`, script, word]);
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        const lines = r.stdout.trim().split('\n');
        expect(lines.at(-1)).toBe(`complete -o default -F ${fn} ${command}`);
        return lines.slice(0, -1).filter((l) => l !== '');
      };
      const all = complete('-');
      expect(spellings.filter((s) => !all.includes(s))).toEqual([]);
      expect(negations.filter((s) => !all.includes(s))).toEqual([]);
      // nothing --help does not name
      expect(all.filter((s) => !spellings.includes(s) && !negations.includes(s))).toEqual([]);
      expect(complete('--hel')).toEqual(['--help']);
      expect(complete('run')).toEqual([]); // bash's own file names (-o default)
    });

    it('zsh reads its function, which declares every option of --help', () => {
      const script = path.join(dir, 'completion', `_${command}`);
      const r = run('zsh', ['-n', script]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const whole = readFileSync(script, 'utf8');
      expect(whole.startsWith(`#compdef ${command}\n`)).toBe(true);
      // a subcommand's _arguments are in its `if [[ ${words[2]} == SUB ]]` block, the command's after the last fi
      const text = sub === undefined ? whole.slice(whole.lastIndexOf('\nfi\n') + 1) : whole.slice(whole.indexOf(`== ${sub} ]]; then`), whole.indexOf('\nfi\n'));
      const declared = new Set([...text.matchAll(/^ {2}'\*?(--?[A-Za-z][A-Za-z-]*)[=+[]/gm)].map((m) => m[1]));
      expect([...spellings, ...negations].filter((s) => !declared.has(s))).toEqual([]);
      expect([...declared].filter((s) => !spellings.includes(s) && !negations.includes(s))).toEqual([]);
    });
  });
}
