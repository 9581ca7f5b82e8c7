import { describe, expect, it } from 'vitest';
import { syscallTable, syscallTableI386 } from '@tracedb/native';
import { i386SameDecoders } from './i386-decoders.js';
import { syscallDecoders } from './decode-syscall.js';

describe('i386SameDecoders', () => {
  it('names i386 calls that have their x86_64 namesake\'s arguments, and a decoder', () => {
    const x86_64 = new Map(syscallTable.map((d) => [d.name, d.args]));
    for (const name of i386SameDecoders) {
      const d = syscallTableI386.find((s) => s.name === name);
      expect(d, name).toBeDefined();
      expect(d!.args, name).toEqual(x86_64.get(name));
      expect(syscallDecoders[name], name).toBeDefined();
    }
  });
});
