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
    // Pixel x is covered only if its centre x + 0.5 is nearer than pen / 2 + 0.5 to the
    // segment, so only pixels floor(lo - pen / 2) up to ceil(hi + pen / 2) - 1 can be.
    let span = |lo: f64, hi: f64, size: usize| {
        let clamp = |v: f64| v.clamp(0.0, size as f64) as usize;
        clamp((lo - pen / 2.0).floor())..clamp((hi + pen / 2.0).ceil())
    };
    for stroke in strokes {
        // A single point is a segment of length zero: a round dot.
        let dot = stroke.first().map(|&p| (p, p));
        let segments = dot
            .into_iter()
            .chain(stroke.windows(2).map(|w| (w[0], w[1])));
        for (a, b) in segments {
            for y in span(a.1.min(b.1), a.1.max(b.1), height) {
                for x in span(a.0.min(b.0), a.0.max(b.0), width) {
                    let d = distance_to_segment((x as f64 + 0.5, y as f64 + 0.5), a, b);
                    let c = (pen / 2.0 + 0.5 - d).clamp(0.0, 1.0);
                    let cell = &mut coverage[y * width + x];
                    *cell = cell.max(c);
                }
            }
        }
    }
    coverage
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
