const GLUED = /^(.*\S)(\[(?:boolean|string|number|array|count|required)\](?: \[[^\]]*\])*)$/;

/**
 * yargs' help with the type tags set apart: when a description ends exactly where the right-aligned
 * `[boolean]` begins, cliui joins them with no space ("do not)[boolean]"); such tags go on a line of
 * their own, still right-aligned.
 */
export function mendHelpText(text: string): string {
  return text
    .split('\n')
    .flatMap((line) => {
      const m = GLUED.exec(line);
      return m === null ? [line] : [m[1], m[2].padStart(line.length)];
    })
    .join('\n');
}
