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
  return [
    `# bash completion for ${doc.name}, generated from its option table by scripts/gen-man-completion.mjs`,
    `${fn}() {`,
    '  local cur="${COMP_WORDS[COMP_CWORD]}"',
    '  COMPREPLY=()',
    `  [[ "$cur" == -* ]] && COMPREPLY=($(compgen -W '${spellingsOf(doc).join(' ')}' -- "$cur"))`,
    '  return 0',
    '}',
    `complete -o default -F ${fn} ${doc.name}`,
    '',
  ].join('\n');
}

/** Text inside zsh's single quotes and _arguments' [description]. */
const zshDescription = (text: string): string => text.replace(/\s+/g, ' ').replace(/([\\[\]:])/g, '\\$1').replaceAll("'", "'\\''");

/** zsh: _arguments with each option's description; files for the operands. */
export function zshCompletion(doc: CommandDoc): string {
  const specs = doc.sections.flatMap((s) =>
    s.options.flatMap((o) => {
      const takes = (n: string): string => (o.value === undefined || n === o.negation ? '' : !n.startsWith('--') ? '+' : o.optional ? '=-' : '=');
      const action = (n: string): string => (takes(n) === '' ? '' : `:${o.value!.toLowerCase()}:${o.value === 'N' ? ' ' : '_files'}`);
      return [...o.spellings, ...(o.negation !== undefined ? [o.negation] : [])].map(
        (n) => `  '${o.repeatable ? '*' : ''}${n}${takes(n)}[${zshDescription(o.describe)}]${action(n)}' \\`,
      );
    }),
  );
  return [`#compdef ${doc.name}`, `# zsh completion for ${doc.name}, generated from its option table by scripts/gen-man-completion.mjs`, '_arguments -S \\', ...specs, "  '*:file:_files'", ''].join('\n');
}
