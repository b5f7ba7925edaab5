//! Drawing test inputs the way a browser would: strokes painted with a round brush, and
//! MNIST digits warped (scaled, moved, slanted, rotated) onto a larger canvas.

use crate::normalize::{coverage, Point, PIXELS, SIDE};

/// Paints strokes on a gray canvas (0 = black) with a round brush: `ink` over `paper`.
pub fn paint(
    strokes: &[Vec<Point>],
    width: usize,
    height: usize,
    brush: f64,
    ink: u8,
    paper: u8,
) -> Vec<u8> {
    coverage(strokes, width, height, brush)
        .into_iter()
        .map(|c| (ink as f64 * c + paper as f64 * (1.0 - c)).round() as u8)
        .collect()
}

/// A 2x3 affine map `[a b c; d e f]`: `(x, y) → (a x + b y + c, d x + e y + f)`.
#[derive(Debug, Clone, Copy)]
pub struct Affine(pub [f64; 6]);

impl Affine {
    pub fn apply(&self, (x, y): Point) -> Point {
        let m = self.0;
        (m[0] * x + m[1] * y + m[2], m[3] * x + m[4] * y + m[5])
    }

    pub fn inverse(&self) -> Affine {
        let [a, b, c, d, e, f] = self.0;
        let det = a * e - b * d;
        Affine([
            e / det,
            -b / det,
            (b * f - c * e) / det,
            -d / det,
            a / det,
            (c * d - a * f) / det,
        ])
    }

    /// `self` after `first`.
    pub fn then_after(&self, first: &Affine) -> Affine {
        let [a, b, c, d, e, f] = self.0;
        let [p, q, r, s, t, u] = first.0;
        Affine([
            a * p + b * s,
            a * q + b * t,
            a * r + b * u + c,
            d * p + e * s,
            d * q + e * t,
            d * r + e * u + f,
        ])
    }
}

/// Draws an MNIST digit (white on black, 28x28) onto a `width` x `height` canvas as black ink
/// on white paper, placed by `to_canvas` (digit pixel coordinates → canvas coordinates).
/// Each canvas pixel averages 2x2 bilinear samples, so shrinking does not alias.
pub fn warp(digit: &[u8; PIXELS], width: usize, height: usize, to_canvas: Affine) -> Vec<u8> {
    let mut canvas = vec![255u8; width * height];
    let from_canvas = to_canvas.inverse();
    // Only the canvas pixels the digit's frame lands on can hold ink.
    let corners = [
        (0.0, 0.0),
        (SIDE as f64, 0.0),
        (0.0, SIDE as f64),
        (SIDE as f64, SIDE as f64),
    ]
    .map(|p| to_canvas.apply(p));
    // The corners' span along one axis, in whole pixels, inside 0..=max.
    let span = |f: fn(&Point) -> f64, max: usize| {
        let (lo, hi) = corners
            .iter()
            .map(f)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
        let clamp = |v: f64| v.clamp(0.0, max as f64) as usize;
        (clamp(lo.floor()), clamp(hi.ceil()))
    };
    let (x0, x1) = span(|p| p.0, width);
    let (y0, y1) = span(|p| p.1, height);
    for y in y0..y1 {
        for x in x0..x1 {
            let mut ink = 0.0;
            for (sx, sy) in [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)] {
                ink += bilinear(digit, from_canvas.apply((x as f64 + sx, y as f64 + sy)));
            }
            canvas[y * width + x] = (255.0 - ink / 4.0).round().clamp(0.0, 255.0) as u8;
        }
    }
    canvas
}

/// The digit's value at a real position (pixel centres at +0.5), 0 outside.
fn bilinear(digit: &[u8; PIXELS], (x, y): Point) -> f64 {
    let (fx, fy) = (x - 0.5, y - 0.5);
    let (x0, y0) = (fx.floor(), fy.floor());
    let (tx, ty) = (fx - x0, fy - y0);
    let at = |xi: f64, yi: f64| -> f64 {
        if xi < 0.0 || yi < 0.0 || xi >= SIDE as f64 || yi >= SIDE as f64 {
            0.0
        } else {
            digit[yi as usize * SIDE + xi as usize] as f64
        }
    };
    let top = at(x0, y0) * (1.0 - tx) + at(x0 + 1.0, y0) * tx;
    let bottom = at(x0, y0 + 1.0) * (1.0 - tx) + at(x0 + 1.0, y0 + 1.0) * tx;
    top * (1.0 - ty) + bottom * ty
}

/// Gray-level dilation (`grow`) or erosion of a 28x28 digit with a `size` x `size` square:
/// a thicker or a thinner pen.
pub fn morph(digit: &[u8; PIXELS], size: usize, grow: bool) -> [u8; PIXELS] {
    let mut out = [0u8; PIXELS];
    let (before, after) = ((size - 1) / 2, size / 2);
    for y in 0..SIDE {
        for x in 0..SIDE {
            let mut v = if grow { 0u8 } else { 255u8 };
            for yy in y.saturating_sub(before)..=(y + after).min(SIDE - 1) {
                for xx in x.saturating_sub(before)..=(x + after).min(SIDE - 1) {
                    let s = digit[yy * SIDE + xx];
                    v = if grow { v.max(s) } else { v.min(s) };
                }
            }
            out[y * SIDE + x] = v;
        }
    }
    out
}
