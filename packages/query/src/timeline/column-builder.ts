type Typed = Float64Array | Float32Array | Uint32Array | Uint16Array | Uint8Array;
type TypedCtor<T extends Typed> = { new (n: number): T };

/** A typed array that grows as values are pushed: a million calls cost bytes per call, not objects. */
export class ColumnBuilder<T extends Typed> {
  private data: T;
  length = 0;

  constructor(private readonly ctor: TypedCtor<T>) {
    this.data = new ctor(1 << 12);
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new this.ctor(this.data.length * 2);
      bigger.set(this.data as never);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }

  bytes(): Buffer {
    return Buffer.from(this.data.buffer, 0, this.length * this.data.BYTES_PER_ELEMENT);
  }
}
