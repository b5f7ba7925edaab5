//! Native benchmark (criterion) of the same Rust code the browser runs: normalization
//! (strokes → frame, a 280x280 RGBA image → frame), inference (frame → probabilities) and
//! the whole paths through `Recognizer`.
//!
//! Run with `cargo bench --bench native` (or `make bench`, which also runs the browser
//! benchmark and reads these results from `target/criterion/`). Inference reports its
//! throughput in FLOP/s: criterion's "elem/s" counts the network's floating-point operations
//! (2 per multiply-add of its convolutions and matrix products, counted by tract).

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;
    use std::time::Duration;

    use criterion::{Criterion, Throughput};
    use nickara::model::Model;
    use nickara::normalize::{self, Frame, Image, PixelFormat, Strokes};
    use nickara::Recognizer;
    use tract_onnx::prelude::*;

    /// The first 100 MNIST test digits: 100 × 784 pixel bytes, then 100 labels.
    const MNIST_100: &[u8] = include_bytes!("../fixtures/mnist-test-100.bin");
    /// Side of the pad image, as on the page (a 280 CSS px canvas).
    const PAD: usize = 280;

    /// Multiply-adds of one inference, from tract's cost model of the decluttered network:
    /// convolutions and matrix products (activations, normalization, pooling not counted).
    pub fn multiply_adds() -> u64 {
        let model = tract_onnx::onnx()
            .model_for_read(&mut &*nickara::model::ONNX)
            .and_then(|m| m.with_input_fact(0, f32::fact([1, 28, 28, 1]).into()))
            .and_then(|m| m.into_typed())
            .and_then(|m| m.into_decluttered())
            .expect("the embedded model loads");
        let mut total = 0u64;
        for node in model.eval_order().expect("an acyclic graph") {
            let node = &model.nodes()[node];
            let inputs: Vec<&TypedFact> = node
                .inputs
                .iter()
                .map(|o| model.outlet_fact(*o).expect("typed inputs"))
                .collect();
            // tract also counts an FMA per element of a Mul (the folded batch norms); the
            // usual count, and tests/bench/onnx.mjs's, is convolutions and matrix products.
            if !matches!(&*node.op.name(), "Conv" | "EinSum" | "MatMul" | "Gemm") {
                continue;
            }
            for (cost, count) in node.op.cost(&inputs).expect("a cost model") {
                if matches!(cost, tract_onnx::tract_core::ops::Cost::FMA(_)) {
                    total += count.to_i64().expect("a concrete count") as u64;
                }
            }
        }
        total
    }

    /// MNIST test digit `i` as a frame.
    fn mnist_frame(i: usize) -> Frame {
        let values: Vec<f32> = MNIST_100[i * 784..(i + 1) * 784]
            .iter()
            .map(|&b| f32::from(b) / 255.0)
            .collect();
        normalize::frame_from_values(&values)
            .expect("valid values")
            .expect("the digit has ink")
    }

    /// A "3" drawn on the 280 px pad as pointer events would record it: two arcs, 97 points.
    fn pad_strokes() -> Vec<Vec<(f64, f64)>> {
        let arc = |cx: f64, cy: f64, r: f64, a0: f64, a1: f64, n: usize| -> Vec<(f64, f64)> {
            (0..=n)
                .map(|i| {
                    let a = a0 + (a1 - a0) * i as f64 / n as f64;
                    (cx + r * 0.9 * a.cos(), cy + r * a.sin())
                })
                .collect()
        };
        let pi = std::f64::consts::PI;
        let mut stroke = arc(140.0, 95.0, 48.0, pi + 0.5, 2.5 * pi, 48);
        stroke.extend(
            arc(140.0, 188.0, 52.0, -0.5 * pi, pi - 0.4, 48)
                .into_iter()
                .skip(1),
        );
        vec![stroke]
    }

    /// The strokes rendered like the page's canvas: dark ink (18 px pen, anti-aliased) on an
    /// opaque white 280x280 RGBA image.
    fn pad_image(strokes: &[Vec<(f64, f64)>]) -> Vec<u8> {
        let half_pen = 9.0;
        let mut rgba = vec![255u8; PAD * PAD * 4];
        for y in 0..PAD {
            for x in 0..PAD {
                let p = (x as f64 + 0.5, y as f64 + 0.5);
                let d = strokes
                    .iter()
                    .flat_map(|s| s.windows(2).map(|w| segment_distance(p, w[0], w[1])))
                    .fold(f64::INFINITY, f64::min);
                let ink = (half_pen + 0.5 - d).clamp(0.0, 1.0);
                let level = (255.0 * (1.0 - ink)).round() as u8;
                let px = &mut rgba[(y * PAD + x) * 4..][..3];
                px.fill(level);
            }
        }
        rgba
    }

    fn segment_distance(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len2 = dx * dx + dy * dy;
        let t = if len2 == 0.0 {
            0.0
        } else {
            (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
        };
        let (qx, qy) = (a.0 + t * dx - p.0, a.1 + t * dy - p.1);
        (qx * qx + qy * qy).sqrt()
    }

    pub fn benches(c: &mut Criterion) {
        let macs = multiply_adds();
        println!(
            "network: {macs} multiply-adds per inference ({} FLOP)",
            2 * macs
        );

        let points = pad_strokes();
        let strokes = Strokes::new(points.clone()).expect("valid strokes");
        let rgba = pad_image(&points);
        let image = Image::new(PAD, PAD, PixelFormat::Rgba8, &rgba).expect("a valid image");
        let frames: Vec<Frame> = (0..100).map(mnist_frame).collect();

        let mut group = c.benchmark_group("normalize");
        group.bench_function("strokes_to_frame", |b| {
            b.iter(|| normalize::frame_from_strokes(black_box(&strokes)))
        });
        group.bench_function("image280_to_frame", |b| {
            b.iter(|| normalize::frame_from_image(black_box(&image)))
        });
        group.finish();

        let model = Model::embedded().expect("the embedded model loads");
        let mut group = c.benchmark_group("inference");
        group.throughput(Throughput::Elements(2 * macs));
        let mut i = 0;
        group.bench_function("frame_to_probabilities", |b| {
            b.iter(|| {
                i = (i + 1) % frames.len();
                model
                    .probabilities(black_box(&frames[i]))
                    .expect("inference")
            })
        });
        group.finish();

        let recognizer = Recognizer::new().expect("the embedded model loads");
        let mut group = c.benchmark_group("recognizer");
        group.bench_function("classify_strokes", |b| {
            b.iter(|| {
                recognizer
                    .classify_strokes(black_box(&strokes))
                    .expect("a prediction")
            })
        });
        group.bench_function("classify_image280", |b| {
            b.iter(|| {
                recognizer
                    .classify_image(black_box(&image))
                    .expect("a prediction")
            })
        });
        group.finish();

        // Cold start natively: parse, type and optimize the embedded ONNX.
        let mut group = c.benchmark_group("model");
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(5));
        group.bench_function("load_and_optimize", |b| {
            b.iter(|| Model::embedded().expect("the embedded model loads"))
        });
        group.finish();
    }
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_group!(benches, native::benches);
#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(benches);

// The crate's lint also builds every target for wasm32, where criterion is not a dependency.
#[cfg(target_arch = "wasm32")]
fn main() {}
