/**
 * What the console and alert reasons show for a Sigma rule. The Detection Rule License 1.1 asks
 * that whoever shows a rule keeps its author and id and names the SigmaHQ project.
 */
import type { CompiledSigmaRule } from './types';

export const SIGMA_LICENCE = 'Detection Rule License 1.1';
export const SIGMA_PROJECT = 'SigmaHQ';

export interface SigmaProvenance {
  title: string;
  sigmaId: string;
  author: string | null;
  project: typeof SIGMA_PROJECT;
  licence: typeof SIGMA_LICENCE;
  file: string;
  /** One line: `Sigma rule "Title" (id …) by Author, SigmaHQ, Detection Rule License 1.1`. */
  text: string;
}

export function sigmaProvenance(
  rule: Pick<CompiledSigmaRule, 'title' | 'id' | 'author' | 'file'>,
): SigmaProvenance {
  const by = rule.author === null ? 'author not stated' : `by ${rule.author}`;
  return {
    title: rule.title,
    sigmaId: rule.id,
    author: rule.author,
    project: SIGMA_PROJECT,
    licence: SIGMA_LICENCE,
    file: rule.file,
    text: `Sigma rule "${rule.title}" (id ${rule.id}) ${by}, ${SIGMA_PROJECT}, ${SIGMA_LICENCE}`,
  };
}
