/**
 * BERT's uncased WordPiece tokenizer, as the MiniLM encoder was trained with it: lower-case, split
 * into words and single punctuation marks, then each word into the longest vocabulary pieces from the
 * left (`##` marks a continuation); a word that cannot be split that way is one `[UNK]`.
 *
 * Two steps are Vigil's own: the masker's `<*>` is dropped (it stands for a value, and `<`, `*`, `>`
 * would read as punctuation), and camelCase and snake_case identifiers are split into their words, as
 * Vigil's own tokenizer does (text-features.ts), so `invalidSet` reads as "invalid set".
 */
export interface WordPieceVocabulary {
  ids: ReadonlyMap<string, number>;
  unknown: number;
  start: number;
  end: number;
}

const MAX_WORD_CHARS = 100;

export function vocabularyFromTokenizerJson(json: string): WordPieceVocabulary {
  const parsed = JSON.parse(json) as { model?: { type?: string; vocab?: Record<string, number> } };
  if (parsed.model?.type !== 'WordPiece' || !parsed.model.vocab) throw new Error('not a WordPiece tokenizer');
  const ids = new Map(Object.entries(parsed.model.vocab));
  const idOf = (token: string): number => {
    const id = ids.get(token);
    if (id === undefined) throw new Error(`the vocabulary has no ${token}`);
    return id;
  };
  return { ids, unknown: idOf('[UNK]'), start: idOf('[CLS]'), end: idOf('[SEP]') };
}

export function wordPieces(word: string, vocabulary: WordPieceVocabulary): number[] {
  if (word.length > MAX_WORD_CHARS) return [vocabulary.unknown];
  const pieces: number[] = [];
  for (let start = 0; start < word.length;) {
    let end = word.length;
    let id: number | undefined;
    for (; end > start; end--) {
      id = vocabulary.ids.get((start > 0 ? '##' : '') + word.slice(start, end));
      if (id !== undefined) break;
    }
    if (id === undefined) return [vocabulary.unknown];
    pieces.push(id);
    start = end;
  }
  return pieces;
}

/** `[CLS]`, the pieces of a masked message, `[SEP]`; at most `maxTokens` ids in all. */
export function encodeText(text: string, vocabulary: WordPieceVocabulary, maxTokens: number): number[] {
  const words =
    text
      .replace(/<\*>/g, ' ')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .replace(/_/g, ' ')
      .toLowerCase()
      .match(/[a-z0-9]+|[^\sa-z0-9]/g) ?? [];
  const ids = [vocabulary.start];
  for (const word of words) {
    if (ids.length >= maxTokens - 1) break;
    ids.push(...wordPieces(word, vocabulary));
  }
  return [...ids.slice(0, maxTokens - 1), vocabulary.end];
}
