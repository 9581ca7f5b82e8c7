// @tracedb/native/terminal: what the three commands share about the terminal. Nothing here loads koffi.
export { COLOR_HELP, COLOR_WHEN_WORDS, colorsFor, noColors, parseColorWhen, takeColorOptions, useColor } from './colors.js';
export type { ColorTarget, ColorWhen, Colors } from './colors.js';
export { mendHelpText } from './help-text.js';
export { terminalWidth } from './terminal-width.js';
export { commandLine, escapeControls, escapeText, quoteText, shellCommand, shellWord } from './escape-text.js';
export { writeAll } from './write-all.js';
