//! What the page's drawing pad sends for a trajectory written on it.
//!
//! The pad (www/pad.js) records pointer positions in CSS pixels of the canvas, keeps a point
//! only when it is at least 0.75 px from the last one kept, and rounds to 0.01 px. A tablet
//! trajectory replayed on the pad therefore reaches the recognizer scaled to the size the
//! person wrote at, thinned and rounded: these functions do the same, so an evaluation or a
//! training set made of tablet data sees exactly the strokes the browser would send.

use super::rng::Rng;
use crate::normalize::{bounds, Point};

/// The pad's side in CSS pixels on a desktop (a phone's is ~340).
pub const PAD_SIDE: f64 = 440.0;
/// Closer points add nothing visible or useful (www/pad.js `MIN_STEP`).
pub const MIN_STEP: f64 = 0.75;
/// People write a single digit between these fractions of the pad's height.
pub const HEIGHT_FRACTIONS: (f64, f64) = (0.35, 0.8);

/// The strokes as the pad would send them when written at `scale` CSS px per unit with their
/// bounding box's top-left corner at `at`: scaled, thinned and rounded like the pad does.
/// Strokes of no extent (a dot) stay one point.
pub fn as_sent(strokes: &[Vec<Point>], scale: f64, at: Point) -> Vec<Vec<Point>> {
    let Some((x0, y0, _, _)) = bounds(strokes) else {
        return Vec::new();
    };
    strokes
        .iter()
        .filter(|s| !s.is_empty())
        .map(|stroke| {
            let mut sent: Vec<Point> = Vec::with_capacity(stroke.len());
            for &(x, y) in stroke {
                let p = (
                    round(at.0 + (x - x0) * scale),
                    round(at.1 + (y - y0) * scale),
                );
                match sent.last() {
                    Some(&last) if (p.0 - last.0).hypot(p.1 - last.1) < MIN_STEP => {}
                    _ => sent.push(p),
                }
            }
            sent
        })
        .collect()
}

/// The strokes written at a size and place drawn from `rng`, as people vary them: a height
/// within [`HEIGHT_FRACTIONS`] of the pad (less if the writing would not fit across it),
/// anywhere the writing fits.
pub fn as_written(strokes: &[Vec<Point>], rng: &mut Rng) -> Vec<Vec<Point>> {
    let Some((x0, y0, x1, y1)) = bounds(strokes) else {
        return Vec::new();
    };
    let height = PAD_SIDE * rng.range(HEIGHT_FRACTIONS.0, HEIGHT_FRACTIONS.1);
    let (w, h) = (x1 - x0, y1 - y0);
    let scale = match (w > 0.0, h > 0.0) {
        (_, true) if w * height / h <= 0.95 * PAD_SIDE => height / h,
        (true, _) => 0.95 * PAD_SIDE / w,
        (false, _) => 1.0,
    };
    let at = (
        rng.range(0.0, (PAD_SIDE - w * scale).max(1.0)),
        rng.range(0.0, (PAD_SIDE - h * scale).max(1.0)),
    );
    as_sent(strokes, scale, at)
}

fn round(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pad_scales_thins_and_rounds_like_the_page() {
        // 11 points 0.1 unit apart on a 1-unit-tall stroke, at 10 px per unit: 1 px steps.
        let stroke: Vec<Point> = (0..=10).map(|i| (0.0, i as f64 * 0.1)).collect();
        let sent = as_sent(std::slice::from_ref(&stroke), 10.0, (5.0, 7.0));
        assert_eq!(sent[0].len(), 11);
        assert_eq!(sent[0][0], (5.0, 7.0));
        assert_eq!(sent[0][10], (5.0, 17.0));
        // At 5 px per unit the steps are 0.5 px: every other point is dropped.
        let sent = as_sent(&[stroke], 5.0, (0.0, 0.0));
        assert_eq!(sent[0].len(), 6);
        assert!(sent[0]
            .iter()
            .all(|&(x, y)| x == 0.0 && (y * 100.0).fract() == 0.0));
    }

    #[test]
    fn a_dot_stays_a_point_and_nothing_stays_nothing() {
        assert_eq!(
            as_sent(&[vec![(3.0, 3.0)]], 2.0, (1.0, 2.0)),
            vec![vec![(1.0, 2.0)]]
        );
        assert!(as_sent(&[], 2.0, (0.0, 0.0)).is_empty());
    }

    #[test]
    fn written_digits_fit_on_the_pad() {
        let mut rng = Rng::new(3);
        let wide = vec![vec![(0.0, 0.0), (300.0, 100.0)]];
        for _ in 0..100 {
            let sent = as_written(&wide, &mut rng);
            let (x0, y0, x1, y1) = bounds(&sent).unwrap();
            assert!(x0 >= 0.0 && y0 >= 0.0, "{x0} {y0}");
            assert!(x1 <= PAD_SIDE + 1.0 && y1 <= PAD_SIDE + 1.0, "{x1} {y1}");
        }
    }
}
