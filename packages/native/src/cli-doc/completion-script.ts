import type { CommandDoc } from './command-doc.js';

/** Every spelling a command takes, --no-NAME included, in the order of its help. */
export function spellingsOf(doc: CommandDoc): string[] {
  return doc.sections.flatMap((s) => s.options.flatMap((o) => [...o.spellings, ...(o.negation !== undefined ? [o.negation] : [])]));
}

const functionName = (doc: CommandDoc): string => `_${doc.name.replaceAll('-', '_')}`;

/**
 * bash: the options after a '-', files (bash's default) otherwise. A static list: no run of the
 * command (0.2 s of Node start-up) at each Tab.
 */
export function bashCompletion(doc: CommandDoc): string {
  const fn = functionName(doc);
  const subs = (doc.subcommands ?? []).map((sub) => `  [[ "\${COMP_WORDS[1]}" == ${wordOf(sub)} ]] && words='${spellingsOf(sub).join(' ')}'`);
  return [
    `# bash completion for ${doc.name}, generated from its option table by scripts/gen-man-completion.mjs`,
    `${fn}() {`,
    '  local cur="${COMP_WORDS[COMP_CWORD]}"',
    `  local words='${spellingsOf(doc).join(' ')}'`,
    ...subs,
    '  COMPREPLY=()',
    '  [[ "$cur" == -* ]] && COMPREPLY=($(compgen -W "$words" -- "$cur"))',
    '  return 0',
    '}',
    `complete -o default -F ${fn} ${doc.name}`,
    '',
  ].join('\n');
}

/** Text inside zsh's single quotes and _arguments' [description]. */
const zshDescription = (text: string): string => text.replace(/\s+/g, ' ').replace(/([\\[\]:])/g, '\\$1').replaceAll("'", "'\\''");

/** The word that names a subcommand: `import` of `trace-q import`. */
const wordOf = (sub: CommandDoc): string => sub.name.split(' ').at(-1)!;

/** zsh: _arguments with each option's description; files for the operands. */
export function zshCompletion(doc: CommandDoc): string {
  const subs = (doc.subcommands ?? []).flatMap((sub) => [`if [[ \${words[2]} == ${wordOf(sub)} ]]; then`, ...zshArguments(sub), '  return', 'fi']);
  return [`#compdef ${doc.name}`, `# zsh completion for ${doc.name}, generated from its option table by scripts/gen-man-completion.mjs`, ...subs, ...zshArguments(doc), ''].join('\n');
}

function zshArguments(doc: CommandDoc): string[] {
  const specs = doc.sections.flatMap((s) =>
    s.options.flatMap((o) => {
      const takes = (n: string): string => (o.value === undefined || n === o.negation ? '' : !n.startsWith('--') ? '+' : o.optional ? '=-' : '=');
      const action = (n: string): string => (takes(n) === '' ? '' : `:${o.value!.toLowerCase()}:${o.value === 'N' ? ' ' : '_files'}`);
      return [...o.spellings, ...(o.negation !== undefined ? [o.negation] : [])].map(
        (n) => `  '${o.repeatable ? '*' : ''}${n}${takes(n)}[${zshDescription(o.describe)}]${action(n)}' \\`,
      );
    }),
  );
  return ['_arguments -S \\', ...specs, "  '*:file:_files'"];
}
