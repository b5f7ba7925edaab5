//! New handwriting from real handwriting, in the stroke domain: the same digit written with
//! another slant, proportion and wobble, sampled by another device, sometimes with a pen lift
//! in the middle of a stroke, and in writing styles MNIST rarely shows (a slashed zero, a one
//! with a flag and a base, a crossed seven). Training copies made this way reach the model
//! through the page's own stroke path, so they look exactly like frames users produce.

use super::rng::Rng;
use crate::normalize::{bounds, Point};

/// A seeded variation of a written digit `label`, in the strokes' own units.
pub fn distort(strokes: &[Vec<Point>], label: u8, rng: &mut Rng) -> Vec<Vec<Point>> {
    let Some((x0, y0, x1, y1)) = bounds(strokes) else {
        return Vec::new();
    };
    let size = (y1 - y0).max(x1 - x0).max(1e-9);
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    // Work with the writing `size`-normalized about its centre.
    let unit: Vec<Vec<Point>> = strokes
        .iter()
        .map(|s| {
            s.iter()
                .map(|&(x, y)| ((x - cx) / size, (y - cy) / size))
                .collect()
        })
        .collect();
    let mut out = with_style(unit, label, rng);
    let shape = Shape::random(rng);
    for stroke in &mut out {
        for p in stroke.iter_mut() {
            *p = shape.apply(*p);
        }
    }
    let spacing = rng.range(0.004, 0.05);
    let mut out: Vec<Vec<Point>> = out.iter().map(|s| resample(s, spacing)).collect();
    if rng.unit() < 0.12 {
        out = lift_pen(out, rng);
    }
    let tremor = rng.range(0.0, 0.006);
    out.iter()
        .map(|s| {
            s.iter()
                .map(|&(x, y)| {
                    let (x, y) = (x + tremor * rng.normal(), y + tremor * rng.normal());
                    (cx + x * size, cy + y * size)
                })
                .collect()
        })
        .collect()
}

/// A random slant, rotation, proportion and a smooth elastic wobble.
struct Shape {
    affine: [f64; 4],
    waves: [(f64, f64, f64, f64); 4],
}

impl Shape {
    fn random(rng: &mut Rng) -> Shape {
        let (s, c) = rng.range(-0.17, 0.17).sin_cos();
        let slant = rng.range(-0.3, 0.3);
        let wide = rng.range(0.8, 1.25);
        let affine = [c * wide, -s + slant, s * wide, c];
        let mut wave = || {
            (
                rng.range(0.0, 0.035) * rng.sign(),
                rng.range(1.0, 4.0),
                rng.range(1.0, 4.0),
                rng.range(0.0, std::f64::consts::TAU),
            )
        };
        Shape {
            affine,
            waves: [wave(), wave(), wave(), wave()],
        }
    }

    fn apply(&self, (x, y): Point) -> Point {
        let [a, b, d, e] = self.affine;
        let (mut x, mut y) = (a * x + b * y, d * x + e * y);
        let [(ax, fx, gx, px), (ay, fy, gy, py), ..] = self.waves;
        let [_, _, (bx, hx, kx, qx), (by, hy, ky, qy)] = self.waves;
        x += ax * (fx * x + gx * y + px).sin() + bx * (hx * y + qx).sin() * (kx * x).cos();
        y += ay * (fy * x + gy * y + py).sin() + by * (hy * x + qy).sin() * (ky * y).cos();
        (x, y)
    }
}

/// Styles MNIST rarely shows, added to some of the digits that can carry them.
fn with_style(mut unit: Vec<Vec<Point>>, label: u8, rng: &mut Rng) -> Vec<Vec<Point>> {
    let Some((x0, y0, x1, y1)) = bounds(&unit) else {
        return unit;
    };
    let (w, h) = (x1 - x0, y1 - y0);
    let mut line = |a: Point, b: Point| unit.push(vec![a, b]);
    match label {
        // A slash through the zero, from below its bottom-left to above its top-right.
        0 if rng.unit() < 0.15 => line(
            (x0 + 0.05 * w, y1 + 0.08 * h),
            (x1 - 0.05 * w, y0 - 0.08 * h),
        ),
        // A one that is a single upright stroke: a flag at its top, often a base.
        1 if w < 0.35 * h && rng.unit() < 0.3 => {
            let top = (x0 + w / 2.0, y0);
            line((top.0 - 0.3 * h, y0 + rng.range(0.15, 0.35) * h), top);
            if rng.unit() < 0.5 {
                line((top.0 - 0.22 * h, y1), (top.0 + 0.22 * h, y1));
            }
        }
        // A bar across the seven's stem, at mid height.
        7 if rng.unit() < 0.2 => {
            let y = y0 + rng.range(0.45, 0.6) * h;
            let x = x0 + w * (1.0 - (y - y0) / h.max(1e-9)) * 0.6;
            line((x - 0.22 * h, y), (x + 0.22 * h, y));
        }
        _ => {}
    }
    unit
}

/// Points at `spacing` along the polyline (its ends kept): another device's sampling.
fn resample(stroke: &[Point], spacing: f64) -> Vec<Point> {
    let Some(&first) = stroke.first() else {
        return Vec::new();
    };
    let mut out = vec![first];
    let mut carried = 0.0;
    for pair in stroke.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let length = (b.0 - a.0).hypot(b.1 - a.1);
        let mut at = spacing - carried;
        while at <= length {
            let t = at / length;
            out.push((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)));
            at += spacing;
        }
        carried = (carried + length) % spacing;
    }
    let last = *stroke.last().expect("non-empty");
    if out.last() != Some(&last) {
        out.push(last);
    }
    out
}

/// The pen lifted for a moment in the middle of the longest stroke: two strokes with a small
/// gap, as a finger that loses contact draws.
fn lift_pen(mut strokes: Vec<Vec<Point>>, rng: &mut Rng) -> Vec<Vec<Point>> {
    let Some((i, _)) = strokes.iter().enumerate().max_by_key(|(_, s)| s.len()) else {
        return strokes;
    };
    let n = strokes[i].len();
    if n < 8 {
        return strokes;
    }
    let at = (n as f64 * rng.range(0.3, 0.7)) as usize;
    let gap = 1 + (rng.next_u64() % 2) as usize;
    let tail = strokes[i].split_off(at);
    strokes.insert(i + 1, tail[gap.min(tail.len() - 1)..].to_vec());
    strokes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seven() -> Vec<Vec<Point>> {
        vec![vec![(0.0, 0.0), (60.0, 0.0), (20.0, 100.0)]]
    }

    #[test]
    fn distortions_are_seeded_and_keep_the_writing_where_it_was() {
        let a = distort(&seven(), 7, &mut Rng::new(5));
        let b = distort(&seven(), 7, &mut Rng::new(5));
        assert_eq!(a, b);
        let (x0, y0, x1, y1) = bounds(&a).unwrap();
        assert!(
            x0 > -40.0 && x1 < 100.0 && y0 > -40.0 && y1 < 140.0,
            "{:?}",
            (x0, y0, x1, y1)
        );
        assert!(a
            .iter()
            .flatten()
            .all(|p| p.0.is_finite() && p.1.is_finite()));
        assert_ne!(a, distort(&seven(), 7, &mut Rng::new(6)));
    }

    #[test]
    fn resampling_spaces_points_evenly_and_keeps_the_ends() {
        let line = vec![(0.0, 0.0), (1.0, 0.0)];
        let out = resample(&line, 0.25);
        assert_eq!(
            out,
            vec![(0.0, 0.0), (0.25, 0.0), (0.5, 0.0), (0.75, 0.0), (1.0, 0.0)]
        );
    }

    #[test]
    fn styles_add_strokes_only_to_their_digits() {
        let one = vec![vec![(0.0, -0.5), (0.0, 0.5)]];
        let styled = (0..200).filter(|&s| with_style(one.clone(), 1, &mut Rng::new(s)).len() > 1);
        assert!(styled.count() > 30);
        assert!((0..200).all(|s| with_style(one.clone(), 3, &mut Rng::new(s)).len() == 1));
    }

    #[test]
    fn a_lifted_pen_splits_one_stroke_in_two() {
        let stroke: Vec<Point> = (0..20).map(|i| (i as f64, 0.0)).collect();
        let out = lift_pen(vec![stroke], &mut Rng::new(1));
        assert_eq!(out.len(), 2);
        assert!(out[0].len() + out[1].len() >= 17);
    }
}
