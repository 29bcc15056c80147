/**
 * Finds repeated keys (`codigo`, `email`) in a file of millions of rows without keeping
 * the keys: it stores a 64-bit hash and the first line of each key in typed arrays
 * (~24 bytes a key). A hit is only a candidate — `candidates` lists the lines involved
 * and the caller compares the real keys (in the staging table) to confirm.
 */
export class KeyIndex {
  private h1 = new Int32Array(1 << 12);
  private h2 = new Int32Array(1 << 12);
  private lines = new Int32Array(1 << 12);
  private size = 0;
  /** Lines whose key hash was already seen, with the line of the first occurrence. */
  readonly candidates: number[] = [];

  /** Records `key` at `line` (lines are ≥ 2: the header is line 1). */
  add(key: string, line: number): void {
    let a = 0x811c9dc5 | 0;
    let b = 0x9747b28c | 0;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    a ^= a >>> 16;
    a = Math.imul(a, 0x85ebca6b);
    a ^= a >>> 13;
    if (this.size * 2 >= this.lines.length) this.grow();
    const mask = this.lines.length - 1;
    for (let slot = a & mask; ; slot = (slot + 1) & mask) {
      const l = this.lines[slot]!;
      if (l === 0) {
        this.h1[slot] = a;
        this.h2[slot] = b;
        this.lines[slot] = line;
        this.size++;
        return;
      }
      if (this.h1[slot] === a && this.h2[slot] === b) {
        this.candidates.push(line, l);
        return;
      }
    }
  }

  private grow(): void {
    const { h1, h2, lines } = this;
    const n = lines.length * 2;
    this.h1 = new Int32Array(n);
    this.h2 = new Int32Array(n);
    this.lines = new Int32Array(n);
    const mask = n - 1;
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] === 0) continue;
      let slot = h1[i]! & mask;
      while (this.lines[slot] !== 0) slot = (slot + 1) & mask;
      this.h1[slot] = h1[i]!;
      this.h2[slot] = h2[i]!;
      this.lines[slot] = lines[i]!;
    }
  }
}
