/** Thrown while compiling a rule that Vigil cannot honour; the loader turns it into a refusal. */
export class SigmaRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'SigmaRefused';
  }
}

export function refuse(reason: string): never {
  throw new SigmaRefused(reason);
}
