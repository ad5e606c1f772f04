/**
 * The last step before a masked message reaches a model. Training applies the same function, so
 * what the model learned from and what it is asked about are prepared identically.
 */

/**
 * Characters of a masked message the model reads. The tokenizer pads every message of a batch to
 * the longest one, so one huge message would make the whole batch expensive; the start of a log
 * message carries the words that decide its class.
 */
export const MODEL_INPUT_MAX_CHARS = 512;

export function prepareModelInput(maskedText: string): string {
  return maskedText.length > MODEL_INPUT_MAX_CHARS ? maskedText.slice(0, MODEL_INPUT_MAX_CHARS) : maskedText;
}
