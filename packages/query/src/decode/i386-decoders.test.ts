import { describe, expect, it } from 'vitest';
import { syscallTable, syscallTableI386 } from '@tracedb/native';
import { i386Aliases, i386Decoders, i386SameDecoders } from './i386-decoders.js';
import { syscallDecoders } from './decode-syscall.js';

const i386Names = new Set(syscallTableI386.map((d) => d.name));

describe('i386 decoders', () => {
  it('i386SameDecoders names i386 calls that have their x86_64 namesake\'s arguments, and a decoder', () => {
    const x86_64 = new Map(syscallTable.map((d) => [d.name, d.args]));
    for (const name of i386SameDecoders) {
      const d = syscallTableI386.find((s) => s.name === name);
      expect(d, name).toBeDefined();
      expect(d!.args, name).toEqual(x86_64.get(name));
      expect(syscallDecoders[name], name).toBeDefined();
    }
  });

  it('aliases and own decoders name i386 calls, aliases an x86_64 decoder', () => {
    for (const [name, to] of Object.entries(i386Aliases)) {
      expect(i386Names.has(name), name).toBe(true);
      expect(syscallDecoders[to], to).toBeDefined();
    }
    for (const name of Object.keys(i386Decoders)) expect(i386Names.has(name), name).toBe(true);
  });
});
