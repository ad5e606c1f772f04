/**
 * The pieces of the sentence-encoder experiment (models/training/encoder/) that can be wrong without
 * the experiment noticing: WordPiece splitting, the masked-message encoding, the zip reader and the
 * concatenated feature rows. The experiment's own figures are in models/EVAL.md.
 */
import { deflateRawSync } from 'zlib';
import { describe, expect, it } from 'vitest';
import { EncodedFeatureSpace } from '../../models/training/encoder/encoded-space';
import { readZipEntry } from '../../models/training/encoder/maven-jar';
import { encodeText, wordPieces, type WordPieceVocabulary } from '../../models/training/encoder/wordpiece';
import { FeatureSpace } from '../../models/training/text-features';

const PIECES = ['[UNK]', '[CLS]', '[SEP]', 'un', '##aff', '##able', 'invalid', 'set', 'failed', 'to', ':'];
const vocabulary: WordPieceVocabulary = {
  ids: new Map(PIECES.map((p, i) => [p, i])),
  unknown: 0,
  start: 1,
  end: 2,
};
const id = (piece: string): number => PIECES.indexOf(piece);

describe('WordPiece', () => {
  it('splits a word into the longest pieces from the left', () => {
    expect(wordPieces('unaffable', vocabulary)).toEqual([id('un'), id('##aff'), id('##able')]);
  });

  it('makes a word that cannot be split one [UNK], not a partial split', () => {
    expect(wordPieces('unaffx', vocabulary)).toEqual([id('[UNK]')]);
  });

  it('drops the mask, splits camelCase, lower-cases and keeps punctuation', () => {
    expect(encodeText('invalidSet: <*> FAILED to', vocabulary, 64)).toEqual([
      id('[CLS]'),
      id('invalid'),
      id('set'),
      id(':'),
      id('failed'),
      id('to'),
      id('[SEP]'),
    ]);
  });

  it('truncates to the maximum and still ends with [SEP]', () => {
    const ids = encodeText('failed to failed to failed to', vocabulary, 4);
    expect(ids).toEqual([id('[CLS]'), id('failed'), id('to'), id('[SEP]')]);
  });
});

/** A minimal zip archive (no zip64, no data descriptors), as a jar stores its files. */
function zipOf(files: Array<{ name: string; data: Buffer; deflate: boolean }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const body = f.deflate ? deflateRawSync(f.data) : f.data;
    const name = Buffer.from(f.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(f.deflate ? 8 : 0, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(f.deflate ? 8 : 0, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('readZipEntry', () => {
  const text = Buffer.from('{"model":"WordPiece"} '.repeat(50));
  const zip = zipOf([
    { name: 'README', data: Buffer.from('stored as is'), deflate: false },
    { name: 'tokenizer.json', data: text, deflate: true },
  ]);

  it('reads stored and deflated entries', () => {
    expect(readZipEntry(zip, 'README').toString()).toBe('stored as is');
    expect(readZipEntry(zip, 'tokenizer.json').equals(text)).toBe(true);
  });

  it('says which entry is missing, and refuses what is not a zip', () => {
    expect(() => readZipEntry(zip, 'model.onnx')).toThrow('model.onnx is not in the archive');
    expect(() => readZipEntry(Buffer.alloc(64), 'README')).toThrow('not a zip archive');
  });
});

describe('EncodedFeatureSpace', () => {
  const terms = new FeatureSpace(['failed', 'disk'], Float64Array.from([1, 1]));
  const vectors = new Map([['disk failed', Float32Array.from([0.6, -0.8])]]);
  const space = new EncodedFeatureSpace(terms, vectors, 2, 2);
  const options = { binary: true, idf: false, l2: false };

  it('puts the weighted encoder vector after the term columns', () => {
    expect(space.size).toBe(4);
    const row = space.vectorize('disk failed', options);
    expect([...row.index]).toEqual([0, 1, 2, 3]);
    expect([...row.value].map((v) => Number(v.toFixed(6)))).toEqual([1, 1, 1.2, -1.6]);
  });

  it('refuses a text the encoder never saw rather than give it a zero vector', () => {
    expect(() => space.vectorize('disk ok', options)).toThrow('no encoder vector');
  });
});
