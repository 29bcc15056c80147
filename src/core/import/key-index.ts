/**
 * Finds repeated keys (`codigo`, `email`) in a file of millions of rows without keeping
 * the keys: it stores a 64-bit hash and the first line of each key in typed arrays
 * (~24 bytes a key). A hit is only a candidate — `candidates` lists the lines involved
 * and the caller compares the real keys (in the staging table) to confirm.
 */
export class KeyIndex {
  /** Open addressing, one slot = [hash 1, hash 2, line] (one cache line per probe). */
  private slots: Int32Array;
  private capacity: number;
  private size = 0;
  /** Lines whose key hash was already seen, with the line of the first occurrence. */
  readonly candidates: number[] = [];

  /** `expected`: a guess of the number of keys (saves rehashing). */
  constructor(expected = 1024) {
    let capacity = 1 << 10;
    while (capacity < expected * 2) capacity *= 2;
    this.capacity = capacity;
    this.slots = new Int32Array(capacity * 3);
  }

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
    if (this.size * 2 >= this.capacity) this.grow();
    const slots = this.slots;
    const mask = this.capacity - 1;
    for (let slot = a & mask; ; slot = (slot + 1) & mask) {
      const at = slot * 3;
      const l = slots[at + 2]!;
      if (l === 0) {
        slots[at] = a;
        slots[at + 1] = b;
        slots[at + 2] = line;
        this.size++;
        return;
      }
      if (slots[at] === a && slots[at + 1] === b) {
        this.candidates.push(line, l);
        return;
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    const oldCapacity = this.capacity;
    this.capacity *= 2;
    this.slots = new Int32Array(this.capacity * 3);
    const mask = this.capacity - 1;
    for (let i = 0; i < oldCapacity; i++) {
      const at = i * 3;
      if (old[at + 2] === 0) continue;
      let slot = old[at]! & mask;
      while (this.slots[slot * 3 + 2] !== 0) slot = (slot + 1) & mask;
      this.slots[slot * 3] = old[at]!;
      this.slots[slot * 3 + 1] = old[at + 1]!;
      this.slots[slot * 3 + 2] = old[at + 2]!;
    }
  }
}
