// The case's own connections lent out for one statement each: counted from before the connect until given
// back, so a case is closed only once they are all back (DuckDB under a closed case hangs or crashes).
import type { DuckDBConnection } from '@duckdb/node-api';

export class Leases {
  private connecting = 0;
  private readonly out = new Set<DuckDBConnection>();
  private readonly waiters = new Set<() => void>();

  /** A connection from `connect`; `refusal` is asked once it is made (the case is closing: the work must not start). */
  async take(connect: () => Promise<DuckDBConnection>, refusal: () => Error | null): Promise<DuckDBConnection> {
    this.connecting++;
    let conn: DuckDBConnection;
    try {
      conn = await connect();
    } finally {
      this.connecting--;
    }
    const no = refusal();
    if (no) {
      conn.closeSync();
      this.wake();
      throw no;
    }
    this.out.add(conn);
    return conn;
  }

  /** Closes a connection taken here. */
  give(conn: DuckDBConnection): void {
    if (this.out.delete(conn)) conn.closeSync();
    this.wake();
  }

  get size(): number {
    return this.connecting + this.out.size;
  }

  /** True once every connection is back, false after `ms`. */
  idle(ms: number): Promise<boolean> {
    if (!this.size) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => { clearTimeout(timer); this.waiters.delete(done); resolve(true); };
      const timer = setTimeout(() => { this.waiters.delete(done); resolve(false); }, ms);
      this.waiters.add(done);
    });
  }

  private wake(): void {
    if (!this.size) for (const w of [...this.waiters]) w();
  }
}
