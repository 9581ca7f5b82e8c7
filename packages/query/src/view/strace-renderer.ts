import { decodeSyscall } from '../decode/decode-syscall.js';
import { renderStrace } from '../render/render-strace.js';
import type { IdQuery, Selection } from '../render/render-strace.js';
import type { RenderOptions } from '../render/render-options.js';
import type { SyscallRow } from '../render/syscall-row.js';

export type { IdQuery, RenderOptions, Selection, SyscallRow };
export type RenderStrace = typeof renderStrace;
export type DecodeSyscall = typeof decodeSyscall;

/** The strace renderer and the decoder of syscall arguments, which the list view is given. */
export interface StraceRenderer {
  readonly renderStrace: RenderStrace;
  readonly decodeSyscall: DecodeSyscall;
}

export const straceRenderer: StraceRenderer = { renderStrace, decodeSyscall };
