//! Shared by the integration tests: digits drawn as polylines, a canvas painter, MNIST.
#![allow(dead_code)] // each test file uses a different part

pub type Stroke = Vec<(f64, f64)>;

/// A hand-drawn digit as polylines in a unit box (x right, y down), the way a person draws it
/// with a mouse: one or two strokes. From tests/fixtures/digits.json, which the browser tests
/// draw too.
pub fn digit(d: u8) -> Vec<Stroke> {
    #[derive(serde::Deserialize)]
    struct Fixture {
        digits: std::collections::HashMap<String, Vec<Stroke>>,
    }
    static DIGITS: std::sync::OnceLock<Fixture> = std::sync::OnceLock::new();
    let fixture = DIGITS.get_or_init(|| {
        serde_json::from_str(include_str!("../fixtures/digits.json"))
            .expect("tests/fixtures/digits.json holds {digits: {name: strokes}}")
    });
    fixture.digits[&d.to_string()].clone()
}

/// Scales and moves strokes: `p * scale + (dx, dy)`.
pub fn place(strokes: &[Stroke], scale: f64, dx: f64, dy: f64) -> Vec<Stroke> {
    strokes
        .iter()
        .map(|s| {
            s.iter()
                .map(|&(x, y)| (x * scale + dx, y * scale + dy))
                .collect()
        })
        .collect()
}

/// Paints strokes on an RGBA canvas like a browser would: round pen of `brush` pixels,
/// anti-aliased, `ink` over `paper` (each RGBA).
#[cfg(not(target_arch = "wasm32"))]
pub fn paint(
    strokes: &[Stroke],
    width: usize,
    height: usize,
    brush: f64,
    ink: [u8; 4],
    paper: [u8; 4],
) -> Vec<u8> {
    let mut rgba = Vec::with_capacity(width * height * 4);
    for c in nickara::normalize::coverage(strokes, width, height, brush) {
        for ch in 0..4 {
            rgba.push((ink[ch] as f64 * c + paper[ch] as f64 * (1.0 - c)).round() as u8);
        }
    }
    rgba
}

pub const BLACK: [u8; 4] = [0, 0, 0, 255];
pub const WHITE: [u8; 4] = [255, 255, 255, 255];
pub const CLEAR: [u8; 4] = [0, 0, 0, 0];

/// The first 100 MNIST test digits (see tests/fixtures/README.md): (pixels, label).
pub fn mnist_sample() -> Vec<([u8; 784], u8)> {
    const SAMPLE: &[u8] = include_bytes!("../fixtures/mnist-test-100.bin");
    let (pixels, labels) = SAMPLE.split_at(100 * 784);
    pixels
        .chunks_exact(784)
        .map(|c| c.try_into().unwrap())
        .zip(labels.iter().copied())
        .collect()
}

/// Where the full MNIST database is: `$NICKARA_MNIST`, else `../shared/data/mnist`.
#[cfg(not(target_arch = "wasm32"))]
pub fn mnist_dir() -> std::path::PathBuf {
    std::env::var_os("NICKARA_MNIST")
        .map(Into::into)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/mnist")
        })
}

/// Bounding box `(x0, y0, x1, y1)` of frame pixels at or above `level`.
pub fn ink_box(pixels: &[f32; 784], level: f32) -> (usize, usize, usize, usize) {
    let mut b = (28, 28, 0, 0);
    for (i, &v) in pixels.iter().enumerate() {
        if v >= level {
            let (x, y) = (i % 28, i / 28);
            b = (b.0.min(x), b.1.min(y), b.2.max(x + 1), b.3.max(y + 1));
        }
    }
    b
}
