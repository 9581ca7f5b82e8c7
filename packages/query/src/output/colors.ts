/** ANSI styles, or no-ops when colour is off. */
export interface Colors {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly red: (s: string) => string;
  readonly green: (s: string) => string;
}

const plain = (s: string): string => s;
const style = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;

export const noColors: Colors = { bold: plain, dim: plain, red: plain, green: plain };
const ansi: Colors = { bold: style(1, 22), dim: style(2, 22), red: style(31, 39), green: style(32, 39) };

/** Colour only on a terminal, and never with NO_COLOR set (https://no-color.org). */
export function colorsFor(isTty: boolean, env: NodeJS.ProcessEnv = process.env): Colors {
  return isTty && !env.NO_COLOR ? ansi : noColors;
}
