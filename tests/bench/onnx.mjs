// Reads an ONNX file without dependencies (a minimal protobuf decoder for the few
// messages the graph needs) and counts the network's multiply-adds from its
// convolution and matrix-product shapes, with the batch fixed to 1.

import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";

// ---- protobuf wire format ------------------------------------------------------------

function* fields(buf, start = 0, end = buf.length) {
  let pos = start;
  const varint = () => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = buf[pos++];
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return result;
      shift += 7n;
    }
  };
  while (pos < end) {
    const key = Number(varint());
    const field = key >>> 3;
    const wire = key & 7;
    if (wire === 0) yield { field, wire, value: BigInt.asIntN(64, varint()) };
    else if (wire === 1) { yield { field, wire, bytes: buf.subarray(pos, pos + 8) }; pos += 8; }
    else if (wire === 2) {
      const len = Number(varint());
      yield { field, wire, bytes: buf.subarray(pos, pos + len) };
      pos += len;
    } else if (wire === 5) { yield { field, wire, bytes: buf.subarray(pos, pos + 4) }; pos += 4; }
    else throw new Error(`unsupported protobuf wire type ${wire}`);
  }
}

const text = (bytes) => new TextDecoder().decode(bytes);

/** Packed repeated varints. */
function packedVarints(bytes) {
  const out = [];
  let pos = 0;
  while (pos < bytes.length) {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = bytes[pos++];
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) break;
      shift += 7n;
    }
    out.push(Number(BigInt.asIntN(64, result)));
  }
  return out;
}
function ints(list, f) {
  if (f.wire === 0) list.push(Number(f.value));
  else list.push(...packedVarints(f.bytes));
}

// ---- ONNX messages (field numbers from onnx.proto) ----------------------------------

const DTYPES = { 1: "float32", 6: "int32", 7: "int64", 10: "float16", 11: "float64" };

function tensor(bytes) {
  const t = { name: "", dims: [], dataType: 0, raw: null, floatData: [], int64Data: [] };
  for (const f of fields(bytes)) {
    if (f.field === 1) ints(t.dims, f);
    else if (f.field === 2) t.dataType = Number(f.value);
    else if (f.field === 4) {
      if (f.wire === 5) t.floatData.push(new DataView(f.bytes.buffer, f.bytes.byteOffset, 4).getFloat32(0, true));
      else for (let i = 0; i < f.bytes.length; i += 4)
        t.floatData.push(new DataView(f.bytes.buffer, f.bytes.byteOffset + i, 4).getFloat32(0, true));
    } else if (f.field === 7) ints(t.int64Data, f);
    else if (f.field === 8) t.name = text(f.bytes);
    else if (f.field === 9) t.raw = f.bytes;
  }
  t.type = DTYPES[t.dataType] ?? `onnx type ${t.dataType}`;
  return t;
}

/** Values of an initializer as a plain array of numbers. */
export function tensorValues(t) {
  if (t.raw) {
    const view = new DataView(t.raw.buffer, t.raw.byteOffset, t.raw.byteLength);
    if (t.type === "float32") return Array.from({ length: t.raw.byteLength / 4 }, (_, i) => view.getFloat32(4 * i, true));
    if (t.type === "int64") return Array.from({ length: t.raw.byteLength / 8 }, (_, i) => Number(view.getBigInt64(8 * i, true)));
    if (t.type === "int32") return Array.from({ length: t.raw.byteLength / 4 }, (_, i) => view.getInt32(4 * i, true));
    throw new Error(`initializer ${t.name}: unsupported type ${t.type}`);
  }
  return t.type === "int64" ? t.int64Data : t.floatData;
}

function attribute(bytes) {
  const a = { name: "", ints: [], floats: [] };
  for (const f of fields(bytes)) {
    if (f.field === 1) a.name = text(f.bytes);
    else if (f.field === 2) a.f = new DataView(f.bytes.buffer, f.bytes.byteOffset, 4).getFloat32(0, true);
    else if (f.field === 3) a.i = Number(f.value);
    else if (f.field === 4) a.s = text(f.bytes);
    else if (f.field === 8) ints(a.ints, f);
  }
  return a;
}

function node(bytes) {
  const n = { inputs: [], outputs: [], name: "", op: "", attrs: {} };
  for (const f of fields(bytes)) {
    if (f.field === 1) n.inputs.push(text(f.bytes));
    else if (f.field === 2) n.outputs.push(text(f.bytes));
    else if (f.field === 3) n.name = text(f.bytes);
    else if (f.field === 4) n.op = text(f.bytes);
    else if (f.field === 5) {
      const a = attribute(f.bytes);
      n.attrs[a.name] = a.ints.length ? a.ints : a.i ?? a.f ?? a.s;
    }
  }
  return n;
}

/** ValueInfoProto → { name, dims: [number | string] }. */
function valueInfo(bytes) {
  const v = { name: "", dims: [] };
  for (const f of fields(bytes)) {
    if (f.field === 1) v.name = text(f.bytes);
    else if (f.field === 2) {
      for (const tt of fields(f.bytes)) if (tt.field === 1)
        for (const t of fields(tt.bytes)) if (t.field === 2)
          for (const d of fields(t.bytes)) if (d.field === 1) {
            let dim = "?";
            for (const x of fields(d.bytes)) dim = x.field === 1 ? Number(x.value) : text(x.bytes);
            v.dims.push(dim);
          }
    }
  }
  return v;
}

/** Parses an ONNX file into { nodes, initializers: Map, inputs, outputs, opset, producer }. */
export function readOnnx(path) {
  const buf = new Uint8Array(readFileSync(path));
  const model = { nodes: [], initializers: new Map(), inputs: [], outputs: [], opset: {}, producer: "" };
  for (const f of fields(buf)) {
    if (f.field === 2) model.producer = text(f.bytes);
    else if (f.field === 8) {
      let domain = "", version = 0;
      for (const g of fields(f.bytes)) g.field === 1 ? (domain = text(g.bytes)) : (version = Number(g.value));
      model.opset[domain || "ai.onnx"] = version;
    } else if (f.field === 7) {
      for (const g of fields(f.bytes)) {
        if (g.field === 1) model.nodes.push(node(g.bytes));
        else if (g.field === 5) { const t = tensor(g.bytes); model.initializers.set(t.name, t); }
        else if (g.field === 11) model.inputs.push(valueInfo(g.bytes));
        else if (g.field === 12) model.outputs.push(valueInfo(g.bytes));
      }
    }
  }
  // Graph inputs that are initializers (older exporters list them) are not real inputs.
  model.inputs = model.inputs.filter((v) => !model.initializers.has(v.name));
  return model;
}

// ---- shapes and multiply-adds ---------------------------------------------------------

const prod = (a) => a.reduce((x, y) => x * y, 1);

function broadcast(a, b) {
  const n = Math.max(a.length, b.length);
  const pa = Array(n - a.length).fill(1).concat(a);
  const pb = Array(n - b.length).fill(1).concat(b);
  return pa.map((x, i) => {
    if (x !== pb[i] && x !== 1 && pb[i] !== 1) throw new Error(`cannot broadcast [${a}] with [${b}]`);
    return Math.max(x, pb[i]);
  });
}

/** Output spatial size of a window op (Conv, pooling) on NCHW input. */
function windowed(inShape, kernel, attrs) {
  const spatial = inShape.length - 2;
  const strides = attrs.strides ?? Array(spatial).fill(1);
  const dil = attrs.dilations ?? Array(spatial).fill(1);
  let pads = attrs.pads ?? Array(2 * spatial).fill(0);
  const autoPad = attrs.auto_pad ?? "NOTSET";
  return Array.from({ length: spatial }, (_, i) => {
    const size = inShape[2 + i];
    const k = (kernel[i] - 1) * dil[i] + 1;
    if (autoPad === "SAME_UPPER" || autoPad === "SAME_LOWER") return Math.ceil(size / strides[i]);
    if (autoPad === "VALID") pads = Array(2 * spatial).fill(0);
    return Math.floor((size + pads[i] + pads[i + spatial] - k) / strides[i]) + 1;
  });
}

/**
 * The axes a Squeeze node removes, or null for "every dimension of size 1". They are an
 * attribute before opset 13 and an optional input since, which must be a constant:
 * `valuesOf(name)` gives a constant's values, or nothing.
 */
export function squeezeAxes(n, valuesOf) {
  if (n.attrs.axes) return n.attrs.axes;
  if (!n.inputs[1]) return null;
  const axes = valuesOf(n.inputs[1]);
  if (!axes) throw new Error(`Squeeze ${n.name}: its axes are not a constant`);
  return axes;
}

/**
 * Shapes every tensor (batch fixed to `batch`) and counts multiply-adds per node.
 * Returns { macs, perNode: [{ op, name, macs, out }], shapes: Map, params }.
 */
export function countMacs(model, batch = 1) {
  const shapes = new Map();
  const constant = new Map();
  for (const [name, t] of model.initializers) {
    shapes.set(name, t.dims);
    if (t.type === "int64" || t.type === "int32") constant.set(name, tensorValues(t));
  }
  for (const v of model.inputs) shapes.set(v.name, v.dims.map((d) => (typeof d === "number" ? d : batch)));

  const perNode = [];
  for (const n of model.nodes) {
    const inp = n.inputs.map((name) => (name ? shapes.get(name) : undefined));
    if (n.inputs[0] && !inp[0]) throw new Error(`${n.op} ${n.name}: input ${n.inputs[0]} has no known shape`);
    let out;
    let macs = 0;
    switch (n.op) {
      case "Relu": case "Sigmoid": case "Tanh": case "Softmax": case "LogSoftmax": case "Dropout":
      case "Identity": case "Cast": case "BatchNormalization": case "LeakyRelu": case "Clip":
        out = inp[0];
        break;
      case "Add": case "Mul": case "Sub": case "Div": case "Max": case "Min":
        out = broadcast(inp[0], inp[1]);
        break;
      case "Reshape": {
        const target = constant.get(n.inputs[1]);
        if (!target) throw new Error(`Reshape ${n.name}: its shape is not a constant`);
        const dims = target.map((d, i) => (d === 0 ? inp[0][i] : d));
        const known = prod(dims.filter((d) => d !== -1));
        out = dims.map((d) => (d === -1 ? prod(inp[0]) / known : d));
        break;
      }
      case "Flatten": {
        const axis = n.attrs.axis ?? 1;
        out = [prod(inp[0].slice(0, axis)), prod(inp[0].slice(axis))];
        break;
      }
      case "Transpose": {
        const perm = n.attrs.perm ?? inp[0].map((_, i) => inp[0].length - 1 - i);
        out = perm.map((p) => inp[0][p]);
        break;
      }
      case "Conv": {
        const [N, C] = inp[0];
        const [M, Cg, ...kernel] = inp[1];
        const group = n.attrs.group ?? 1;
        if (Cg * group !== C) throw new Error(`Conv ${n.name}: ${C} channels vs weights [${inp[1]}]`);
        out = [N, M, ...windowed(inp[0], n.attrs.kernel_shape ?? kernel, n.attrs)];
        macs = prod(out) * Cg * prod(kernel);
        break;
      }
      case "MaxPool": case "AveragePool":
        out = [inp[0][0], inp[0][1], ...windowed(inp[0], n.attrs.kernel_shape, n.attrs)];
        break;
      case "Squeeze": {
        const axes = squeezeAxes(n, (name) => constant.get(name));
        const drop = new Set((axes ?? inp[0].flatMap((d, i) => (d === 1 ? [i] : []))).map((a) => (a < 0 ? a + inp[0].length : a)));
        out = inp[0].filter((_, i) => !drop.has(i));
        break;
      }
      case "GlobalAveragePool": case "GlobalMaxPool":
        out = [inp[0][0], inp[0][1], ...inp[0].slice(2).map(() => 1)];
        break;
      case "MatMul": {
        const a = inp[0], b = inp[1];
        const [K, Nn] = b.slice(-2);
        if (a[a.length - 1] !== K) throw new Error(`MatMul ${n.name}: [${a}] x [${b}]`);
        out = [...a.slice(0, -1), Nn];
        macs = prod(a.slice(0, -1)) * K * Nn;
        break;
      }
      case "Gemm": {
        const a = n.attrs.transA ? [...inp[0]].reverse() : inp[0];
        const b = n.attrs.transB ? [...inp[1]].reverse() : inp[1];
        out = [a[0], b[1]];
        macs = a[0] * a[1] * b[1];
        break;
      }
      default:
        throw new Error(`countMacs: no shape rule for ${n.op} (${n.name}); add one to tests/bench/onnx.mjs`);
    }
    shapes.set(n.outputs[0], out);
    perNode.push({ op: n.op, name: n.name, macs, out });
  }
  const params = [...model.initializers.values()]
    .filter((t) => t.type === "float32")
    .reduce((s, t) => s + prod(t.dims), 0);
  return { macs: perNode.reduce((s, x) => s + x.macs, 0), perNode, shapes, params };
}

// `node onnx.mjs model.onnx` prints the count.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const model = readOnnx(process.argv[2]);
  const { macs, perNode, params } = countMacs(model);
  for (const n of perNode) console.log(`${n.op.padEnd(10)} [${n.out}]${n.macs ? `  ${n.macs.toLocaleString()} MACs` : ""}`);
  console.log(`total ${macs.toLocaleString()} multiply-adds (${(2 * macs / 1e6).toFixed(2)} MFLOP), ${params.toLocaleString()} float parameters`);
}
