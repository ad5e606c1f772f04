/**
 * The subset of onnx.proto (field numbers as in github.com/onnx/onnx, onnx/onnx.proto) that the
 * training pipeline needs to write a model, encoded with protobufjs. Writing the protobuf here keeps
 * training in TypeScript with no Python/onnx dependency. Field order is fixed by the schema, so the
 * same object always encodes to the same bytes.
 */
import protobuf from 'protobufjs';

const ONNX_SUBSET_PROTO = `
syntax = "proto3";
package onnx;

message AttributeProto {
  enum AttributeType {
    UNDEFINED = 0; FLOAT = 1; INT = 2; STRING = 3; TENSOR = 4; GRAPH = 5;
    FLOATS = 6; INTS = 7; STRINGS = 8; TENSORS = 9; GRAPHS = 10;
  }
  string name = 1;
  float f = 2;
  int64 i = 3;
  bytes s = 4;
  TensorProto t = 5;
  repeated float floats = 7;
  repeated int64 ints = 8;
  repeated bytes strings = 9;
  string doc_string = 13;
  AttributeType type = 20;
}

message ValueInfoProto {
  string name = 1;
  TypeProto type = 2;
  string doc_string = 3;
}

message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  string name = 3;
  string op_type = 4;
  repeated AttributeProto attribute = 5;
  string doc_string = 6;
  string domain = 7;
}

message StringStringEntryProto {
  string key = 1;
  string value = 2;
}

message ModelProto {
  int64 ir_version = 1;
  string producer_name = 2;
  string producer_version = 3;
  string domain = 4;
  int64 model_version = 5;
  string doc_string = 6;
  GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
  repeated StringStringEntryProto metadata_props = 14;
}

message GraphProto {
  repeated NodeProto node = 1;
  string name = 2;
  repeated TensorProto initializer = 5;
  string doc_string = 10;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}

message TensorProto {
  enum DataType { UNDEFINED = 0; FLOAT = 1; INT32 = 6; INT64 = 7; STRING = 8; }
  repeated int64 dims = 1;
  int32 data_type = 2;
  repeated float float_data = 4 [packed = true];
  repeated int64 int64_data = 7 [packed = true];
  string name = 8;
  bytes raw_data = 9;
  repeated bytes string_data = 6;
}

message TensorShapeProto {
  message Dimension {
    oneof value {
      int64 dim_value = 1;
      string dim_param = 2;
    }
  }
  repeated Dimension dim = 1;
}

message TypeProto {
  message Tensor {
    int32 elem_type = 1;
    TensorShapeProto shape = 2;
  }
  oneof value {
    Tensor tensor_type = 1;
  }
}

message OperatorSetIdProto {
  string domain = 1;
  int64 version = 2;
}
`;

export const TENSOR_FLOAT = 1;
export const TENSOR_INT64 = 7;
export const TENSOR_STRING = 8;

export const ATTR = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

const root = protobuf.parse(ONNX_SUBSET_PROTO, { keepCase: true }).root;
const ModelProtoType = root.lookupType('onnx.ModelProto');

export interface OnnxAttribute {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  floats?: number[] | Float32Array;
  ints?: number[];
  strings?: Uint8Array[];
}

export interface OnnxNode {
  input: string[];
  output: string[];
  name: string;
  op_type: string;
  domain?: string;
  attribute?: OnnxAttribute[];
}

export interface OnnxTensor {
  name: string;
  dims: number[];
  data_type: number;
  /** Little-endian float32 or int64 bytes; used for numeric initializers (compact and exact). */
  raw_data?: Uint8Array;
}

export interface OnnxValueInfo {
  name: string;
  type: {
    tensor_type: { elem_type: number; shape: { dim: Array<{ dim_value?: number; dim_param?: string }> } };
  };
}

export interface OnnxModel {
  ir_version: number;
  producer_name: string;
  producer_version: string;
  model_version: number;
  doc_string: string;
  graph: {
    node: OnnxNode[];
    name: string;
    initializer: OnnxTensor[];
    input: OnnxValueInfo[];
    output: OnnxValueInfo[];
  };
  opset_import: Array<{ domain: string; version: number }>;
  metadata_props: Array<{ key: string; value: string }>;
}

export function encodeModel(model: OnnxModel): Uint8Array {
  const message = ModelProtoType.fromObject(model);
  const problem = ModelProtoType.verify(message);
  if (problem) throw new Error(`invalid ONNX model object: ${problem}`);
  return ModelProtoType.encode(message).finish();
}

/** Decodes ONNX bytes into the plain-object shape of OnnxModel (bytes as Uint8Array, int64 as number). */
export function decodeModel(bytes: Uint8Array): OnnxModel {
  const message = ModelProtoType.decode(bytes);
  // Without a `bytes` option protobufjs leaves bytes fields as Buffers (Uint8Arrays).
  return ModelProtoType.toObject(message, { longs: Number, arrays: true }) as OnnxModel;
}

export function utf8(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}

export function floatTensor(name: string, dims: number[], values: Float32Array): OnnxTensor {
  const bytes = new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
  return { name, dims, data_type: TENSOR_FLOAT, raw_data: bytes };
}

export function int64Tensor(name: string, dims: number[], values: readonly number[]): OnnxTensor {
  const data = BigInt64Array.from(values.map((v) => BigInt(v)));
  return { name, dims, data_type: TENSOR_INT64, raw_data: new Uint8Array(data.buffer) };
}

export function tensorValueInfo(name: string, elemType: number, dims: Array<number | string>): OnnxValueInfo {
  return {
    name,
    type: {
      tensor_type: {
        elem_type: elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) },
      },
    },
  };
}
