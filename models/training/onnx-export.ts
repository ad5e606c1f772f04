/**
 * Builds the ONNX graph of a trained model (see text-features.ts for the feature pipeline it
 * reproduces). One graph, two outputs: both heads share the tokenizer and vectorizer, so a log is
 * tokenized once. Only standard ai.onnx operators plus com.microsoft Tokenizer, all of which
 * onnxruntime's CPU provider implements. The shipped model takes the fused path (onnx-fused.ts); other
 * configurations get one branch per head here. onnx-head-units.ts says which softmaxes a head is.
 */
import type { HeadNetwork } from './network';
import { HEAD_LABELS, HEAD_NAMES, isGated, type TrainedModel } from './model';
import {
  ATTR,
  TENSOR_FLOAT,
  TENSOR_STRING,
  encodeModel,
  floatTensor,
  tensorValueInfo,
  utf8,
  type OnnxModel,
  type OnnxNode,
  type OnnxTensor,
} from './onnx-proto';
import { canFuse, fusedNodes } from './onnx-fused';
import { gatedJoinNodes, headUnits } from './onnx-head-units';
import { NORM_EPSILON, TOKEN_PATTERN, caseVariants, type FeatureOptions } from './text-features';

export const INPUT_NAME = 'text';
/** Cannot come out of TOKEN_PATTERN, so padding never matches a vocabulary term. */
const PAD_TOKEN = '#';

export interface ExportMetadata {
  id: string;
  version: string;
  preprocessing: string;
  description: string;
}

/** Pool of the TfIdfVectorizer: every case variant of every term, each pointing at the term's column. */
function ngramPool(terms: readonly string[]): { pool: string[]; indexes: number[]; unigramEntries: number } {
  const pool: string[] = [];
  const indexes: number[] = [];
  let unigramEntries = 0;
  terms.forEach((term, column) => {
    if (term.includes(' ')) return;
    for (const v of caseVariants(term)) {
      pool.push(v);
      indexes.push(column);
      unigramEntries++;
    }
  });
  terms.forEach((term, column) => {
    const words = term.split(' ');
    if (words.length !== 2) return;
    for (const a of caseVariants(words[0] as string)) {
      for (const b of caseVariants(words[1] as string)) {
        pool.push(a, b);
        indexes.push(column);
      }
    }
  });
  return { pool, indexes, unigramEntries };
}

/** Nodes from term counts to the features a head reads (text-features.ts FeatureSpace.transform). */
function featureNodes(
  space: TrainedModel['space'],
  options: FeatureOptions,
  initializers: OnnxTensor[],
  built: Set<string>,
): { nodes: OnnxNode[]; output: string } {
  const nodes: OnnxNode[] = [];
  let current = 'term_counts';
  const { binary, idf, l2 } = options;
  // Heads with the same options share the nodes; steps are named by what they did so far.
  const step = (suffix: string, make: (input: string, output: string) => OnnxNode[]): void => {
    const output = `${current}_${suffix}`;
    if (!built.has(output)) {
      nodes.push(...make(current, output));
      built.add(output);
    }
    current = output;
  };
  const constant = (name: string, dims: number[], values: Float32Array): string => {
    if (!initializers.some((t) => t.name === name)) initializers.push(floatTensor(name, dims, values));
    return name;
  };
  if (binary) {
    const one = constant('one', [], Float32Array.of(1));
    step('binary', (input, output) => [
      { input: [input, one], output: [output], name: output, op_type: 'Min', domain: '' },
    ]);
  }
  if (idf) {
    const weights = constant('idf', [space.size], Float32Array.from(space.idf));
    step('idf', (input, output) => [
      { input: [input, weights], output: [output], name: output, op_type: 'Mul', domain: '' },
    ]);
  }
  if (l2) {
    const epsilon = constant('norm_epsilon', [], Float32Array.of(NORM_EPSILON));
    step('l2', (input, output) => [
      {
        input: [input],
        output: [`${output}_norm`],
        name: `${output}_norm`,
        op_type: 'ReduceL2',
        domain: '',
        attribute: [
          { name: 'axes', type: ATTR.INTS, ints: [1] },
          { name: 'keepdims', type: ATTR.INT, i: 1 },
        ],
      },
      {
        input: [`${output}_norm`, epsilon],
        output: [`${output}_safe`],
        name: `${output}_floor`,
        op_type: 'Max',
        domain: '',
      },
      { input: [input, `${output}_safe`], output: [output], name: output, op_type: 'Div', domain: '' },
    ]);
  }
  return { nodes, output: current };
}

function headNodes(head: string, net: HeadNetwork, input: string, initializers: OnnxTensor[]): OnnxNode[] {
  const nodes: OnnxNode[] = [];
  let current = input;
  const dense = (name: string, layer: HeadNetwork['output']): void => {
    initializers.push(
      floatTensor(`${name}_W`, [layer.inputs, layer.outputs], Float32Array.from(layer.weights)),
    );
    initializers.push(floatTensor(`${name}_b`, [layer.outputs], Float32Array.from(layer.bias)));
    nodes.push({
      input: [current, `${name}_W`],
      output: [`${name}_xw`],
      name: `${name}_matmul`,
      op_type: 'MatMul',
      domain: '',
    });
    nodes.push({
      input: [`${name}_xw`, `${name}_b`],
      output: [`${name}_logits`],
      name: `${name}_add`,
      op_type: 'Add',
      domain: '',
    });
    current = `${name}_logits`;
  };
  if (net.hidden) {
    dense(`${head}_hidden`, net.hidden);
    nodes.push({
      input: [current],
      output: [`${head}_relu`],
      name: `${head}_relu`,
      op_type: 'Relu',
      domain: '',
    });
    current = `${head}_relu`;
  }
  dense(`${head}_out`, net.output);
  nodes.push({
    input: [current],
    output: [head],
    name: `${head}_softmax`,
    op_type: 'Softmax',
    domain: '',
    attribute: [{ name: 'axis', type: ATTR.INT, i: -1 }],
  });
  return nodes;
}

export function exportOnnx(model: TrainedModel, meta: ExportMetadata): Uint8Array {
  const { space } = model;
  if (space.size === 0) throw new Error('cannot export a model with an empty vocabulary');
  const { pool, indexes, unigramEntries } = ngramPool(space.terms);
  const initializers: OnnxTensor[] = [];
  const nodes: OnnxNode[] = [
    {
      input: [INPUT_NAME],
      output: ['tokens'],
      name: 'tokenizer',
      op_type: 'Tokenizer',
      domain: 'com.microsoft',
      attribute: [
        { name: 'mark', type: ATTR.INT, i: 0 },
        { name: 'pad_value', type: ATTR.STRING, s: utf8(PAD_TOKEN) },
        { name: 'mincharnum', type: ATTR.INT, i: 1 },
        { name: 'tokenexp', type: ATTR.STRING, s: utf8(TOKEN_PATTERN) },
      ],
    },
    {
      input: ['tokens'],
      output: ['term_counts'],
      name: 'vectorizer',
      op_type: 'TfIdfVectorizer',
      domain: '',
      attribute: [
        { name: 'min_gram_length', type: ATTR.INT, i: 1 },
        { name: 'max_gram_length', type: ATTR.INT, i: 2 },
        { name: 'max_skip_count', type: ATTR.INT, i: 0 },
        { name: 'mode', type: ATTR.STRING, s: utf8('TF') },
        { name: 'ngram_counts', type: ATTR.INTS, ints: [0, unigramEntries] },
        { name: 'ngram_indexes', type: ATTR.INTS, ints: indexes },
        { name: 'pool_strings', type: ATTR.STRINGS, strings: pool.map(utf8) },
      ],
    },
  ];
  if (canFuse(model)) {
    nodes.push(...fusedNodes(model, initializers));
  } else {
    const built = new Set<string>();
    for (const head of HEAD_NAMES) {
      const features = featureNodes(space, model.features[head], initializers, built);
      nodes.push(...features.nodes);
      for (const { name, net } of headUnits(model, head))
        nodes.push(...headNodes(name, net, features.output, initializers));
      const h = model.heads[head];
      if (isGated(h)) nodes.push(...gatedJoinNodes(head, h.commonIndex, initializers));
    }
  }

  const onnx: OnnxModel = {
    ir_version: 8,
    producer_name: 'vigil-train',
    producer_version: meta.version,
    model_version: 1,
    doc_string: meta.description,
    graph: {
      name: meta.id,
      node: nodes,
      initializer: initializers,
      input: [tensorValueInfo(INPUT_NAME, TENSOR_STRING, ['N'])],
      output: HEAD_NAMES.map((head) => tensorValueInfo(head, TENSOR_FLOAT, ['N', HEAD_LABELS[head].length])),
    },
    opset_import: [
      { domain: '', version: 17 },
      { domain: 'com.microsoft', version: 1 },
    ],
    metadata_props: [
      { key: 'vigil.id', value: meta.id },
      { key: 'vigil.version', value: meta.version },
      { key: 'vigil.preprocessing', value: meta.preprocessing },
      ...HEAD_NAMES.map((head) => ({ key: `vigil.labels.${head}`, value: HEAD_LABELS[head].join(',') })),
    ],
  };
  return encodeModel(onnx);
}
