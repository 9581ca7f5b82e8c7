#!/usr/bin/env node
// Prints the x86_64 syscalls trace-q has no decoder for, one a line, then their count (the
// README's figure). Run after `npm run build`: it reads packages/query/dist.
import { undecodedSyscalls } from '../dist/decode/undecoded-syscalls.js';

const names = undecodedSyscalls();
for (const n of names) console.log(n);
console.log(`${names.length} syscalls without a decoder`);
