export { docOptionOf, splitUsage, valueOf } from './command-doc.js';
export type { CommandDoc, DocOption, OptionSection, YargsOptionRow } from './command-doc.js';
export { bashCompletion, spellingsOf, zshCompletion } from './completion-script.js';
export { manPage } from './man-page.js';
