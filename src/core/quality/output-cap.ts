/**
 * Keeps the first `headBytes` and the last `tailBytes` of a stream and counts
 * what falls in between, so memory stays flat however much a command prints.
 */
export class HeadTailBuffer {
  private readonly head: Buffer[] = [];
  private headSize = 0;
  private tail: Buffer[] = [];
  private tailSize = 0;
  private dropped = 0;

  constructor(
    private readonly headBytes: number,
    private readonly tailBytes: number,
  ) {}

  push(chunk: Buffer): void {
    let rest = chunk;
    if (this.headSize < this.headBytes) {
      const take = Math.min(this.headBytes - this.headSize, rest.length);
      this.head.push(Buffer.from(rest.subarray(0, take)));
      this.headSize += take;
      rest = rest.subarray(take);
    }
    if (rest.length === 0) return;
    if (rest.length >= this.tailBytes) {
      // The chunk alone fills the tail: everything held before it is dropped.
      this.dropped += this.tailSize + rest.length - this.tailBytes;
      this.tail = [rest.subarray(rest.length - this.tailBytes)];
      this.tailSize = this.tailBytes;
      return;
    }
    // Kept by reference: a stream hands each chunk over once, and copying would double the garbage.
    this.tail.push(rest);
    this.tailSize += rest.length;
    while (this.tailSize > this.tailBytes) {
      const first = this.tail[0] as Buffer;
      const excess = this.tailSize - this.tailBytes;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailSize -= first.length;
        this.dropped += first.length;
      } else {
        this.tail[0] = first.subarray(excess);
        this.tailSize -= excess;
        this.dropped += excess;
      }
    }
  }

  /** Total bytes seen. */
  get total(): number {
    return this.headSize + this.tailSize + this.dropped;
  }

  get droppedBytes(): number {
    return this.dropped;
  }

  /** Head and tail as text; a multi-byte character cut at an edge becomes U+FFFD. */
  text(): { head: string; tail: string } {
    return {
      head: Buffer.concat(this.head).toString('utf8'),
      tail: Buffer.concat(this.tail).toString('utf8'),
    };
  }
}
