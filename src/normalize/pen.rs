//! A round, anti-aliased pen: how much of each pixel a stroke covers.
//!
//! The one rasterizer of strokes: the stroke path redraws the user's strokes with it in the
//! 28x28 frame at MNIST's pen width, and the tests and the evaluation paint strokes with it on
//! a canvas of any size, as a browser's round brush does.

use super::strokes::Point;

/// How much of each pixel of a `width` x `height` grid (0 to 1, row-major) a round pen `pen`
/// pixels wide covers when it follows the strokes: full inside the pen, fading linearly to
/// nothing over one pixel at its edge, with round caps and joins. Where strokes overlap the
/// most covered wins, as ink on paper does. Points are in pixels, pixel centres at +0.5.
pub fn coverage(strokes: &[Vec<Point>], width: usize, height: usize, pen: f64) -> Vec<f64> {
    let mut coverage = vec![0.0f64; width * height];
    let ink = |i: usize, c: f64| coverage[i] = coverage[i].max(c);
    trace(strokes, |p| p, width, height, pen, ink);
    coverage
}

/// Follows the strokes, each point moved by `place`, with the pen and hands over each pixel
/// it may reach as `ink(index, coverage)`: [`coverage`] without a grid or strokes of its own.
pub(crate) fn trace(
    strokes: &[Vec<Point>],
    place: impl Fn(Point) -> Point,
    width: usize,
    height: usize,
    pen: f64,
    mut ink: impl FnMut(usize, f64),
) {
    // Pixel x is covered only if its centre x + 0.5 is nearer than pen / 2 + 0.5 to the
    // segment, so only pixels floor(lo - pen / 2) up to ceil(hi + pen / 2) - 1 can be.
    let span = |lo: f64, hi: f64, size: usize| {
        let clamp = |v: f64| v.clamp(0.0, size as f64) as usize;
        clamp((lo - pen / 2.0).floor())..clamp((hi + pen / 2.0).ceil())
    };
    let mut segment = |a: Point, b: Point| {
        for y in span(a.1.min(b.1), a.1.max(b.1), height) {
            for x in span(a.0.min(b.0), a.0.max(b.0), width) {
                let d = distance_to_segment((x as f64 + 0.5, y as f64 + 0.5), a, b);
                ink(y * width + x, (pen / 2.0 + 0.5 - d).clamp(0.0, 1.0));
            }
        }
    };
    for stroke in strokes {
        // A single point is a segment of length zero: a round dot.
        if let Some(&first) = stroke.first() {
            segment(place(first), place(first));
        }
        for pair in stroke.windows(2) {
            segment(place(pair[0]), place(pair[1]));
        }
    }
}

/// Distance from `p` to the segment from `a` to `b`.
pub fn distance_to_segment(p: Point, a: Point, b: Point) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length2 = dx * dx + dy * dy;
    let t = if length2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / length2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (qx, qy) = (a.0 + t * dx, a.1 + t * dy);
    ((p.0 - qx).powi(2) + (p.1 - qy).powi(2)).sqrt()
}
