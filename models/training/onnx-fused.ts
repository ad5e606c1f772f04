/** The fast export path: all linear heads over binary presence in one MatMul (see canFuse). */
import type { HeadNetwork } from './network';
import { HEAD_NAMES, isGated, type HeadName, type TrainedModel } from './model';
import { gatedJoinNodes, headUnits } from './onnx-head-units';
import { ATTR, floatTensor, int64Tensor, type OnnxNode, type OnnxTensor } from './onnx-proto';
import { NORM_EPSILON } from './text-features';

/**
 * The fast path, for linear heads over binary term presence (the shipped configuration): every
 * head's weights, with its IDF folded in, and every head's squared-norm column (x² = x for binary x,
 * so ‖x ⊙ idf‖² = x · idf²) go into one matrix, so the dense work per message is a single Min and a
 * single MatMul; the small [N, K] result is then sliced per head.
 */
export function canFuse(model: TrainedModel): boolean {
  return HEAD_NAMES.every(
    (h) => headUnits(model, h).every((u) => u.net.hidden === null) && model.features[h].binary,
  );
}

export function fusedNodes(model: TrainedModel, initializers: OnnxTensor[]): OnnxNode[] {
  const { space } = model;
  const V = space.size;
  const columns: Array<(row: number) => number> = [];
  const units: Array<{ head: HeadName; name: string; layer: HeadNetwork['output']; start: number }> = [];
  for (const head of HEAD_NAMES) {
    const idf = model.features[head].idf;
    for (const { name, net } of headUnits(model, head)) {
      const output = net.output;
      units.push({ head, name, layer: output, start: columns.length });
      for (let c = 0; c < output.outputs; c++) {
        columns.push(
          (row) =>
            (output.weights[row * output.outputs + c] as number) * (idf ? (space.idf[row] as number) : 1),
        );
      }
    }
  }
  const normColumn = new Map<HeadName, number>();
  for (const head of HEAD_NAMES) {
    if (!model.features[head].l2) continue;
    const idf = model.features[head].idf;
    normColumn.set(head, columns.length);
    columns.push((row) => (idf ? (space.idf[row] as number) ** 2 : 1));
  }
  const K = columns.length;
  const matrix = new Float32Array(V * K);
  for (let row = 0; row < V; row++)
    for (let k = 0; k < K; k++) matrix[row * K + k] = (columns[k] as (row: number) => number)(row);
  initializers.push(floatTensor('one', [], Float32Array.of(1)));
  initializers.push(floatTensor('fused_W', [V, K], matrix));
  initializers.push(floatTensor('norm_epsilon_squared', [], Float32Array.of(NORM_EPSILON * NORM_EPSILON)));
  initializers.push(int64Tensor('axis_1', [1], [1]));
  const nodes: OnnxNode[] = [
    { input: ['term_counts', 'one'], output: ['presence'], name: 'presence', op_type: 'Min', domain: '' },
    {
      input: ['presence', 'fused_W'],
      output: ['fused'],
      name: 'fused_matmul',
      op_type: 'MatMul',
      domain: '',
    },
  ];
  const slice = (name: string, from: number, to: number): OnnxNode => {
    initializers.push(int64Tensor(`${name}_starts`, [1], [from]), int64Tensor(`${name}_ends`, [1], [to]));
    return {
      input: ['fused', `${name}_starts`, `${name}_ends`, 'axis_1'],
      output: [name],
      name,
      op_type: 'Slice',
      domain: '',
    };
  };
  for (const head of HEAD_NAMES) {
    const norm = normColumn.get(head);
    if (norm !== undefined) {
      nodes.push(
        slice(`${head}_norm_squared`, norm, norm + 1),
        {
          input: [`${head}_norm_squared`, 'norm_epsilon_squared'],
          output: [`${head}_norm_squared_safe`],
          name: `${head}_norm_floor`,
          op_type: 'Max',
          domain: '',
        },
        {
          input: [`${head}_norm_squared_safe`],
          output: [`${head}_norm`],
          name: `${head}_norm_sqrt`,
          op_type: 'Sqrt',
          domain: '',
        },
      );
    }
  }
  for (const { head, name, layer, start } of units) {
    nodes.push(slice(`${name}_linear`, start, start + layer.outputs));
    let linear = `${name}_linear`;
    if (normColumn.has(head)) {
      nodes.push({
        input: [linear, `${head}_norm`],
        output: [`${name}_normalized`],
        name: `${name}_normalize`,
        op_type: 'Div',
        domain: '',
      });
      linear = `${name}_normalized`;
    }
    initializers.push(floatTensor(`${name}_out_b`, [layer.outputs], Float32Array.from(layer.bias)));
    nodes.push(
      {
        input: [linear, `${name}_out_b`],
        output: [`${name}_logits`],
        name: `${name}_add`,
        op_type: 'Add',
        domain: '',
      },
      {
        input: [`${name}_logits`],
        output: [name],
        name: `${name}_softmax`,
        op_type: 'Softmax',
        domain: '',
        attribute: [{ name: 'axis', type: ATTR.INT, i: -1 }],
      },
    );
  }
  for (const head of HEAD_NAMES) {
    const h = model.heads[head];
    if (isGated(h)) nodes.push(...gatedJoinNodes(head, h.commonIndex, initializers));
  }
  return nodes;
}
