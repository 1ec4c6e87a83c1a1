// Contiguous views over a stream of chunks without holding the file: whole chunks are used in place.

export class ChunkBuffer {
  buf: Buffer = Buffer.alloc(0);
  pos = 0;
  /** File offset of buf[0]. */
  protected base = 0;
  private pending: Buffer[] = [];
  private pendingLen = 0;
  ended = false;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.pending.push(chunk);
    this.pendingLen += chunk.length;
  }

  end(): void {
    this.ended = true;
  }

  get offset(): number {
    return this.base + this.pos;
  }

  /**
   * True when n bytes from pos are buffered contiguously. Whole chunks are used in place; only a record that
   * straddles a chunk boundary is copied (into a buffer of just its size), so the file is copied ~never.
   */
  ensure(n: number): boolean {
    let have = this.buf.length - this.pos;
    if (have >= n) return true;
    if (have + this.pendingLen < n) return false;
    while (have === 0) {
      this.base += this.buf.length;
      this.buf = this.pending.shift()!;
      this.pendingLen -= this.buf.length;
      this.pos = 0;
      have = this.buf.length;
      if (have >= n) return true;
    }
    const out = Buffer.allocUnsafe(n);
    this.buf.copy(out, 0, this.pos);
    let w = have;
    while (w < n) {
      const c = this.pending[0];
      const take = Math.min(c.length, n - w);
      c.copy(out, w, 0, take);
      w += take;
      if (take === c.length) this.pending.shift();
      else this.pending[0] = c.subarray(take);
      this.pendingLen -= take;
    }
    // Earlier packet views stay valid: old buffers are never written to.
    this.base += this.pos;
    this.buf = out;
    this.pos = 0;
    return true;
  }

  available(): number {
    return this.buf.length - this.pos + this.pendingLen;
  }

}
