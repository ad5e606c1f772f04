/**
 * The softmax networks each head of a trained model is made of, and the ONNX nodes that join a gated
 * head's two softmaxes into one distribution (gated-head.ts). Shared by both export paths
 * (onnx-fused.ts and the per-head branches of onnx-export.ts).
 */
import type { HeadNetwork } from './network';
import { HEAD_LABELS, isGated, type HeadName, type TrainedModel } from './model';
import { ATTR, floatTensor, int64Tensor, type OnnxNode, type OnnxTensor } from './onnx-proto';

/**
 * The softmax networks a head is made of, each with the name of its output tensor: a flat head is
 * one network named after the head; a gated head is a gate and a second softmax, joined by
 * gatedJoinNodes into the head's output.
 */
export function headUnits(model: TrainedModel, head: HeadName): Array<{ name: string; net: HeadNetwork }> {
  const h = model.heads[head];
  return isGated(h)
    ? [
        { name: `${head}_gate`, net: h.gate },
        { name: `${head}_among`, net: h.among },
      ]
    : [{ name: head, net: h }];
}

/**
 * p(common) = 1 − gate[:, 1] and p(other labels) = gate[:, 1] · among, concatenated in the head's
 * label order (gated-head.ts).
 */
export function gatedJoinNodes(head: HeadName, commonIndex: number, initializers: OnnxTensor[]): OnnxNode[] {
  const width = HEAD_LABELS[head].length;
  const n = (op: string, input: string[], output: string, attribute?: OnnxNode['attribute']): OnnxNode => ({
    input,
    output: [output],
    name: output,
    op_type: op,
    domain: '',
    ...(attribute ? { attribute } : {}),
  });
  const slice = (name: string, input: string, from: number, to: number): OnnxNode => {
    initializers.push(int64Tensor(`${name}_starts`, [1], [from]), int64Tensor(`${name}_ends`, [1], [to]));
    return n('Slice', [input, `${name}_starts`, `${name}_ends`, 'axis_1'], name);
  };
  if (!initializers.some((t) => t.name === 'axis_1')) initializers.push(int64Tensor('axis_1', [1], [1]));
  if (!initializers.some((t) => t.name === 'one'))
    initializers.push(floatTensor('one', [], Float32Array.of(1)));
  const nodes = [
    slice(`${head}_problem`, `${head}_gate`, 1, 2),
    n('Sub', ['one', `${head}_problem`], `${head}_common`),
    n('Mul', [`${head}_among`, `${head}_problem`], `${head}_others`),
  ];
  const parts: string[] = [];
  if (commonIndex > 0) {
    nodes.push(slice(`${head}_others_before`, `${head}_others`, 0, commonIndex));
    parts.push(`${head}_others_before`);
  }
  parts.push(`${head}_common`);
  if (commonIndex < width - 1) {
    nodes.push(slice(`${head}_others_after`, `${head}_others`, commonIndex, width - 1));
    parts.push(`${head}_others_after`);
  }
  nodes.push(n('Concat', parts, head, [{ name: 'axis', type: ATTR.INT, i: 1 }]));
  return nodes;
}
