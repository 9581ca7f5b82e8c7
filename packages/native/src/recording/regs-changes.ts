import { REGS_SIZE } from '../arch/x86_64/regs.js';

/**
 * All the registers of a stop kept as changes (schema 18, migrations/0018): `base`'s, with the
 * ones `changed` names (a byte each, 1 for the first register of struct user_regs_struct) taken
 * from `values`, 8 bytes each in that order. The view stops does the same in SQL.
 */
export function applyRegsChanges(values: Buffer, changed: Buffer, base: Buffer): Buffer {
  const out = Buffer.from(base.subarray(0, REGS_SIZE));
  for (let k = 0; k < changed.length; k++) values.copy(out, 8 * (changed[k] - 1), 8 * k, 8 * k + 8);
  return out;
}
