//! Shared by the integration tests: digits drawn as polylines, a canvas painter, MNIST.
#![allow(dead_code)] // each test file uses a different part

use std::f64::consts::PI;

pub type Stroke = Vec<(f64, f64)>;

/// A typical hand-drawn digit as polylines in a unit box (x right, y down), the way a person
/// draws it with a mouse: one or two strokes.
pub fn digit(d: u8) -> Vec<Stroke> {
    let arc = |cx: f64, cy: f64, rx: f64, ry: f64, from: f64, to: f64, n: usize| -> Stroke {
        (0..=n)
            .map(|i| {
                let t = from + (to - from) * i as f64 / n as f64;
                (cx + rx * t.cos(), cy + ry * t.sin())
            })
            .collect()
    };
    match d {
        0 => vec![arc(0.5, 0.5, 0.32, 0.5, -PI / 2.0, 1.5 * PI + 0.2, 40)],
        1 => vec![vec![(0.55, 0.0), (0.5, 0.5), (0.45, 1.0)]],
        2 => vec![vec![
            (0.12, 0.22),
            (0.3, 0.03),
            (0.58, 0.0),
            (0.82, 0.14),
            (0.84, 0.36),
            (0.6, 0.62),
            (0.1, 1.0),
            (0.9, 0.98),
        ]],
        3 => vec![vec![
            (0.15, 0.1),
            (0.5, 0.0),
            (0.8, 0.15),
            (0.75, 0.38),
            (0.45, 0.48),
            (0.8, 0.6),
            (0.85, 0.85),
            (0.5, 1.0),
            (0.12, 0.9),
        ]],
        4 => vec![
            vec![(0.2, 0.0), (0.08, 0.62), (0.92, 0.62)],
            vec![(0.72, 0.05), (0.7, 1.0)],
        ],
        5 => vec![
            vec![
                (0.25, 0.02),
                (0.18, 0.45),
                (0.5, 0.38),
                (0.8, 0.52),
                (0.84, 0.8),
                (0.55, 1.0),
                (0.15, 0.92),
            ],
            vec![(0.25, 0.02), (0.85, 0.0)],
        ],
        6 => vec![vec![
            (0.72, 0.0),
            (0.4, 0.22),
            (0.18, 0.55),
            (0.2, 0.88),
            (0.5, 1.0),
            (0.78, 0.85),
            (0.76, 0.58),
            (0.48, 0.5),
            (0.2, 0.64),
        ]],
        7 => vec![vec![(0.08, 0.02), (0.92, 0.0), (0.38, 1.0)]],
        8 => vec![(0..=48)
            .map(|i| {
                let t = 2.0 * PI * i as f64 / 48.0;
                (0.5 + 0.42 * (2.0 * t).sin() * 0.9, 0.5 - 0.5 * t.cos())
            })
            .collect()],
        9 => {
            let mut ring = arc(0.48, 0.28, 0.32, 0.28, 0.0, 2.0 * PI, 32);
            ring.extend([(0.8, 0.3), (0.76, 1.0)]);
            vec![ring]
        }
        _ => panic!("not a digit: {d}"),
    }
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
