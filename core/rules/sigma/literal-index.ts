/**
 * Every keyword literal of every loaded rule in one Aho–Corasick automaton: one linear pass over
 * an event's lowercased message finds which literals it contains, instead of one `includes` per
 * literal per rule (about a thousand for the shipped rules). Literals are deduplicated, so the
 * automaton is bounded by the distinct keywords loaded; it is rebuilt lazily after additions.
 */

interface Node {
  next: Map<number, number>;
  fail: number;
  /** Literal ids ending here, including those reached through fail links. */
  out: number[];
}

export class LiteralIndex {
  private readonly ids = new Map<string, number>();
  /** Literal id → the any-of ids it belongs to. */
  private readonly groups = new Map<number, number[]>();
  private nodes: Node[] = [];
  /** The root's transitions by UTF-16 code unit (0: stay at the root): most characters end here. */
  private root = new Int32Array(0);
  private built = false;
  /** The ids found by the latest scan (reused between scans). */
  private readonly foundList: number[] = [];
  /** hits[id] === stamp: literal id was found in the text scanned under that stamp. */
  private hits = new Uint32Array(0);
  private stamp = 0;

  /** The id of a (lowercase) literal, added if new. */
  add(literal: string): number {
    let id = this.ids.get(literal);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(literal, id);
      this.built = false;
    }
    return id;
  }

  /**
   * An id that is found when any of `literals` is: an identifier's keyword list then costs one
   * array read per event, not one per keyword.
   */
  addAnyOf(literals: readonly string[]): number {
    const key = `\u0000any\u0000${literals.join('\u0000')}`;
    let id = this.ids.get(key);
    if (id !== undefined) return id;
    id = this.ids.size;
    this.ids.set(key, id);
    for (const literal of literals) {
      const member = this.add(literal);
      const groups = this.groups.get(member);
      if (groups === undefined) this.groups.set(member, [id]);
      else groups.push(id);
    }
    this.built = false;
    return id;
  }

  get size(): number {
    return this.ids.size;
  }

  private build(): void {
    const nodes: Node[] = [{ next: new Map(), fail: 0, out: [] }];
    for (const [literal, id] of this.ids) {
      if (literal.startsWith('\u0000any\u0000')) continue;
      let at = 0;
      for (let i = 0; i < literal.length; i++) {
        const c = literal.charCodeAt(i);
        let to = (nodes[at] as Node).next.get(c);
        if (to === undefined) {
          to = nodes.length;
          nodes.push({ next: new Map(), fail: 0, out: [] });
          (nodes[at] as Node).next.set(c, to);
        }
        at = to;
      }
      (nodes[at] as Node).out.push(id, ...(this.groups.get(id) ?? []));
    }
    const queue: number[] = [...(nodes[0] as Node).next.values()];
    for (let q = 0; q < queue.length; q++) {
      const node = nodes[queue[q] as number] as Node;
      for (const [c, child] of node.next) {
        let f = node.fail;
        while (f !== 0 && !(nodes[f] as Node).next.has(c)) f = (nodes[f] as Node).fail;
        const target = (nodes[f] as Node).next.get(c);
        const childNode = nodes[child] as Node;
        childNode.fail = target !== undefined && target !== child ? target : 0;
        childNode.out.push(...(nodes[childNode.fail] as Node).out);
        queue.push(child);
      }
    }
    this.nodes = nodes;
    this.root = new Int32Array(65536);
    for (const [c, child] of (nodes[0] as Node).next) this.root[c] = child;
    // The stamp keeps counting across rebuilds, so an answer cached under an old stamp never
    // passes for a new scan.
    this.hits = new Uint32Array(this.ids.size);
    this.built = true;
  }

  /** Scans `text`; returns the stamp under which `found(id, stamp)` answers for it. */
  scan(text: string): number {
    if (!this.built) this.build();
    if (++this.stamp === 0xffffffff) {
      this.hits.fill(0);
      this.stamp = 1;
    }
    const { nodes, hits, stamp, root } = this;
    const found = this.foundList;
    found.length = 0;
    let at = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let to: number | undefined;
      while (at !== 0) {
        to = (nodes[at] as Node).next.get(c);
        if (to !== undefined) break;
        at = (nodes[at] as Node).fail;
      }
      at = to ?? (root[c] as number);
      to = undefined;
      if (at !== 0) {
        const out = (nodes[at] as Node).out;
        for (let k = 0; k < out.length; k++) {
          const id = out[k] as number;
          if (hits[id] !== stamp) {
            hits[id] = stamp;
            found.push(id);
          }
        }
      }
    }
    return stamp;
  }

  /** The stamp of the latest scan: a caller's cached stamp is valid only while it is this one. */
  get latest(): number {
    return this.stamp;
  }

  /** The ids the latest scan found; valid until the next scan. */
  latestFound(): readonly number[] {
    return this.foundList;
  }

  found(id: number, stamp: number): boolean {
    return this.hits[id] === stamp;
  }
}

/** The one index of the process: every compiled rule's message keywords. */
export const messageLiterals = new LiteralIndex();

const fieldIndexes = new Map<string, LiteralIndex>();

/**
 * One index per field name for the literals rules look for in that field's value; the rule set
 * scans a present field's lowercased value once to find its candidate rules.
 */
export function fieldLiterals(field: string): LiteralIndex {
  let index = fieldIndexes.get(field);
  if (index === undefined) {
    index = new LiteralIndex();
    fieldIndexes.set(field, index);
  }
  return index;
}
