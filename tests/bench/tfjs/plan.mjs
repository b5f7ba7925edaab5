// ONNX → a Keras layer plan (JSON): which Keras layers, in order, with which weights,
// recover the trained network from the ONNX graph tf2onnx wrote (NCHW convolutions,
// batch normalization folded to Mul+Add or into the convolution, global average pooling,
// dense layers as MatMul+Add). convert.py builds
// that Keras model and hands it to tensorflowjs_converter.
//
//   node tfjs/plan.mjs model/nickara.onnx OUT.json

import { realpathSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readOnnx, squeezeAxes, tensorValues } from "../onnx.mjs";

const BN_EPSILON = 1e-3;

/** Keras padding of an ONNX Conv: "valid", "same" (stride 1, symmetric, (k-1)/2 each side), or null. */
function convPadding(n, kh, kw) {
  const auto = n.attrs.auto_pad ?? "NOTSET";
  if (auto === "VALID") return "valid";
  if (auto === "SAME_UPPER" && (n.attrs.strides ?? [1, 1]).every((s) => s === 1)) return "same";
  if (auto !== "NOTSET") return null;
  const pads = n.attrs.pads ?? [0, 0, 0, 0];
  if (pads.every((p) => p === 0)) return "valid";
  const same = [(kh - 1) / 2, (kw - 1) / 2, (kh - 1) / 2, (kw - 1) / 2];
  const stride1 = (n.attrs.strides ?? [1, 1]).every((s) => s === 1);
  return stride1 && pads.every((p, i) => p === same[i]) ? "same" : null;
}

/** The nodes the digits' output (`probabilities`, else the first output) is computed from, in
 * graph order: a second head grafted beside it (the "one whole digit" output) is left out, as a
 * sequential Keras model has one output. */
function feedingDigits(model) {
  const output = (model.outputs.find((o) => o.name === "probabilities") ?? model.outputs[0]).name;
  const needed = new Set([output]);
  const kept = [];
  for (const n of [...model.nodes].reverse()) {
    if (!n.outputs.some((o) => needed.has(o))) continue;
    kept.push(n);
    for (const i of n.inputs) needed.add(i);
  }
  return kept.reverse();
}

export function kerasPlan(model) {
  const init = model.initializers;
  const constOf = (name) => {
    const t = init.get(name);
    return t && { dims: t.dims, values: tensorValues(t) };
  };
  const [input] = model.inputs;
  if (input.dims.length !== 4 || input.dims[3] !== 1)
    throw new Error(`expected an NHWC input [N,H,W,1], got [${input.dims}]`);
  const layers = [];
  let layout = "NHWC";
  let flat = null;
  let pendingBn = null;
  const last = () => layers[layers.length - 1];
  const unexpected = (n, why) => new Error(`cannot map ${n.op} ${n.name} to Keras: ${why}`);

  for (const n of feedingDigits(model)) {
    const [x, y] = n.inputs;
    const c = y && constOf(y);
    switch (n.op) {
      case "Reshape": {
        const shape = constOf(y)?.values;
        if (layout === "NHWC" && !layers.length && shape?.length === 4 && shape[1] === 1) {
          layout = "NCHW"; // NHWC → NCHW of a single-channel image is a reshape
        } else if (shape?.length === 2) {
          if (layout !== "NHWC") throw unexpected(n, "a flatten of NCHW data");
          layers.push({ type: "Flatten" });
          flat = true;
        } else throw unexpected(n, `shape [${shape}]`);
        break;
      }
      case "Transpose": {
        const perm = n.attrs.perm.join(",");
        if (perm === "0,2,3,1" && layout === "NCHW") layout = "NHWC";
        else if (perm === "0,3,1,2" && layout === "NHWC") layout = "NCHW";
        else throw unexpected(n, `perm [${perm}] in ${layout}`);
        break;
      }
      case "Conv": {
        const w = constOf(y);
        const b = n.inputs[2] && constOf(n.inputs[2]);
        const [O, I, kh, kw] = w.dims;
        if ((n.attrs.group ?? 1) !== 1 || (n.attrs.dilations ?? [1, 1]).some((d) => d !== 1))
          throw unexpected(n, "grouped or dilated");
        const padding = convPadding(n, kh, kw);
        if (!padding) throw unexpected(n, "padding other than valid or same");
        // ONNX [O, I, kh, kw] → Keras [kh, kw, I, O]
        const kernel = new Array(O * I * kh * kw);
        for (let o = 0; o < O; o++) for (let i = 0; i < I; i++) for (let r = 0; r < kh; r++) for (let s = 0; s < kw; s++)
          kernel[((r * kw + s) * I + i) * O + o] = w.values[((o * I + i) * kh + r) * kw + s];
        layers.push({
          type: "Conv2D", filters: O, kernel_size: [kh, kw], strides: n.attrs.strides ?? [1, 1],
          padding, activation: "linear", use_bias: Boolean(b),
          weights: [{ shape: [kh, kw, I, O], values: kernel }, ...(b ? [{ shape: [O], values: b.values }] : [])],
        });
        break;
      }
      case "Relu":
      case "Softmax": {
        const act = n.op.toLowerCase();
        if (last() && ["Conv2D", "Dense"].includes(last().type) && last().activation === "linear" && !pendingBn)
          last().activation = act;
        else layers.push({ type: "Activation", activation: act });
        break;
      }
      case "Mul":
      case "Div":
      case "Add": {
        if (!c) throw unexpected(n, "the second operand is not a constant");
        const size = c.values.length;
        const lastDense = last()?.type === "Dense" ? last() : null;
        if (size === 1 && lastDense && n.op !== "Add" && lastDense.activation === "linear") {
          // a scalar scale after a dense layer (e.g. a softmax temperature): fold it
          const k = n.op === "Mul" ? c.values[0] : 1 / c.values[0];
          for (const wt of lastDense.weights) wt.values = wt.values.map((v) => v * k);
        } else if (n.op === "Add" && lastDense && !lastDense.use_bias && size === lastDense.units) {
          lastDense.use_bias = true;
          lastDense.weights.push({ shape: [size], values: c.values });
        } else if (n.op === "Mul" && !flat && size > 1) {
          pendingBn = { gamma: c.values };
        } else if (n.op === "Add" && pendingBn && size === pendingBn.gamma.length) {
          // per-channel x*gamma + beta == BatchNormalization(mean 0, variance 1 - eps)
          const C = size;
          layers.push({
            type: "BatchNormalization", epsilon: BN_EPSILON,
            weights: [
              { shape: [C], values: pendingBn.gamma },
              { shape: [C], values: c.values },
              { shape: [C], values: new Array(C).fill(0) },
              { shape: [C], values: new Array(C).fill(1 - BN_EPSILON) },
            ],
          });
          pendingBn = null;
        } else throw unexpected(n, `constant of ${size} values after ${last()?.type}`);
        break;
      }
      case "MaxPool": {
        if ((n.attrs.pads ?? [0, 0, 0, 0]).some((p) => p)) throw unexpected(n, "padded pooling");
        layers.push({ type: "MaxPooling2D", pool_size: n.attrs.kernel_shape, strides: n.attrs.strides ?? n.attrs.kernel_shape });
        break;
      }
      case "MatMul":
      case "Gemm": {
        const w = constOf(y);
        if (!w || w.dims.length !== 2) throw unexpected(n, "the weights are not a constant matrix");
        let [K, N] = w.dims;
        let values = w.values;
        if (n.op === "Gemm" && n.attrs.transB) {
          [K, N] = [N, K];
          values = Array.from({ length: K * N }, (_, i) => w.values[(i % N) * K + Math.floor(i / N)]);
        }
        const dense = { type: "Dense", units: N, activation: "linear", use_bias: false, weights: [{ shape: [K, N], values }] };
        if (n.op === "Gemm" && n.inputs[2]) {
          dense.use_bias = true;
          dense.weights.push({ shape: [N], values: constOf(n.inputs[2]).values });
        }
        layers.push(dense);
        break;
      }
      case "GlobalAveragePool": {
        if (layout !== "NCHW") throw unexpected(n, `pooling of ${layout} data`);
        layers.push({ type: "GlobalAveragePooling2D" }); // [N,C,1,1] here, [N,C] in Keras
        layout = "pooled";
        flat = true;
        break;
      }
      case "Squeeze": {
        const axes = squeezeAxes(n, (name) => constOf(name)?.values);
        if (layout !== "pooled" || !axes || axes.join(",") !== "2,3")
          throw unexpected(n, `a squeeze of axes [${axes}] in ${layout}, not the pooled [N,C,1,1]`);
        break; // the [N,C,1,1] → [N,C] that Keras's pooling already did
      }
      case "Dropout":
      case "Identity":
        break;
      default:
        throw unexpected(n, "no Keras equivalent in this plan");
    }
  }
  if (pendingBn) throw new Error("a per-channel Mul without its Add");
  return { input_shape: input.dims.slice(1), layers };
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [onnxPath, out] = process.argv.slice(2);
  const plan = kerasPlan(readOnnx(onnxPath));
  writeFileSync(out, JSON.stringify(plan));
  console.log(plan.layers.map((l) => `${l.type}${l.activation && l.activation !== "linear" ? `(${l.activation})` : ""}`).join(" → "));
}
