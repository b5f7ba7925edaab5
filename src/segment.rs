//! Segmentation: a written number → one piece of ink per digit, left to right.
//!
//! Strokes are grouped by their horizontal extent; images are split into connected
//! components, then grouped the same way. One rule serves both, so a digit made of several
//! strokes or broken pieces (a 4 in two strokes, a 5 with a detached bar, a crossed 7, an 8
//! drawn as an X with caps) stays one digit: two pieces belong together when their
//! horizontal extents overlap by at least half of the narrower one. Digits written side by
//! side overlap by less than that even when written tightly.
//!
//! Real writers also draw digits whose pieces overlap less: a 5 whose bar runs off to the
//! right of its body, an open 4 whose stem crosses the end of its bar, a 1 with a flag. So
//! pieces that overlap horizontally at all also join when one is a flat bar, or, for
//! strokes, when the two cross or touch. Neighbouring digits rarely do either: measured on
//! real handwriting (`nickara eval --strokes`), this halves the single digits read as
//! several without merging more digits written side by side.

use crate::normalize::{distance_to_segment, grid, InkMap, Point, Strokes};

/// Minimum overlap, as a fraction of the narrower piece's width, that makes two pieces one
/// digit.
const SAME_DIGIT_OVERLAP: f64 = 0.5;
/// A piece narrower than this fraction of the writing's height counts as this wide (a
/// perfectly vertical `1` has no width at all).
const MIN_WIDTH: f64 = 0.05;
/// Pieces whose width and height are both below this fraction of the tallest group's height
/// are specks (a stray tap, dust on a photo), not digits.
const SPECK: f64 = 0.15;
/// Components of an image with less ink than this fraction of the largest one are noise.
const NOISE_MASS: f64 = 0.02;
/// A piece at most this fraction of the tallest piece's height is a bar or a flag: it joins
/// any piece it overlaps horizontally.
const FLAT: f64 = 0.3;
/// Strokes that come this close (a fraction of the tallest piece's height) touch.
const TOUCH: f64 = 0.1;

/// Where a group of ink is, in the input's own coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Bounds {
    fn union(self, other: Bounds) -> Bounds {
        Bounds {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }

    fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    fn height(&self) -> f64 {
        self.y1 - self.y0
    }
}

/// The bounds of a group's pieces together.
fn union_of(pieces: &[Bounds], members: &[usize]) -> Bounds {
    members
        .iter()
        .map(|&i| pieces[i])
        .reduce(Bounds::union)
        .expect("a group has members")
}

/// Groups pieces of ink into digits; returns the members of each group, left to right.
/// `touching(a, b, reach)` says whether any piece of group `a` comes within `reach` of one of
/// group `b` (for strokes; pieces of an image that touch are one component already).
fn group<F>(pieces: &[Bounds], touching: F) -> Vec<Vec<usize>>
where
    F: Fn(&[usize], &[usize], f64) -> bool,
{
    let tallest = pieces.iter().map(Bounds::height).fold(0.0, f64::max);
    let (flat, reach) = (FLAT * tallest, TOUCH * tallest);
    let min_width = tallest * MIN_WIDTH;
    // Overlaps are measured on extents widened to at least `min_width` about their centre.
    let span = |b: &Bounds| {
        let grow = ((min_width - b.width()) / 2.0).max(0.0);
        (b.x0 - grow, b.x1 + grow)
    };
    let mut groups: Vec<(Bounds, Vec<usize>)> = pieces
        .iter()
        .enumerate()
        .map(|(i, &b)| (b, vec![i]))
        .collect();
    // Merge until no two groups overlap enough: merging widens a group, which can make it
    // reach the next piece.
    'merge: loop {
        for i in 0..groups.len() {
            for j in i + 1..groups.len() {
                let (a, b) = (span(&groups[i].0), span(&groups[j].0));
                let overlap = a.1.min(b.1) - a.0.max(b.0);
                let narrower = (a.1 - a.0).min(b.1 - b.0);
                let lower = groups[i].0.height().min(groups[j].0.height());
                let same = (narrower > 0.0 && overlap >= SAME_DIGIT_OVERLAP * narrower)
                    || (overlap > 0.0
                        && (lower <= flat || touching(&groups[i].1, &groups[j].1, reach)));
                if same {
                    let (bounds, members) = groups.remove(j);
                    groups[i].0 = groups[i].0.union(bounds);
                    groups[i].1.extend(members);
                    continue 'merge;
                }
            }
        }
        break;
    }
    let tallest_group = groups.iter().map(|g| g.0.height()).fold(0.0, f64::max);
    let speck = SPECK * tallest_group;
    groups.retain(|(b, _)| b.width() >= speck || b.height() >= speck);
    groups.sort_by(|a, b| (a.0.x0 + a.0.x1).total_cmp(&(b.0.x0 + b.0.x1)));
    groups
        .into_iter()
        .map(|(_, mut members)| {
            members.sort_unstable();
            members
        })
        .collect()
}

/// Splits a drawing into digits: the strokes of each digit, left to right, with where it is.
pub fn split_strokes(strokes: &Strokes) -> Vec<(Strokes, Bounds)> {
    let all = strokes.as_slice();
    let pieces: Vec<Bounds> = all
        .iter()
        .map(|stroke| {
            let single = Strokes::new(vec![stroke.clone()]).expect("part of checked strokes");
            let (x0, y0, x1, y1) = single.bounds().expect("a checked stroke has points");
            Bounds { x0, y0, x1, y1 }
        })
        .collect();
    let touching = |a: &[usize], b: &[usize], reach: f64| {
        a.iter().any(|&i| {
            b.iter()
                .any(|&j| strokes_within(&all[i], &pieces[i], &all[j], &pieces[j], reach))
        })
    };
    group(&pieces, touching)
        .into_iter()
        .map(|members| {
            let bounds = union_of(&pieces, &members);
            let digit = Strokes::new(members.iter().map(|&i| all[i].clone()).collect())
                .expect("part of checked strokes");
            (digit, bounds)
        })
        .collect()
}

/// Whether two strokes (with their bounds) cross or come within `reach` of each other.
fn strokes_within(a: &[Point], ab: &Bounds, b: &[Point], bb: &Bounds, reach: f64) -> bool {
    let apart = (ab.x0.max(bb.x0) - ab.x1.min(bb.x1)).max(ab.y0.max(bb.y0) - ab.y1.min(bb.y1));
    if apart > reach {
        return false;
    }
    let segments = |s: &[Point]| -> Vec<(Point, Point)> {
        match s {
            [only] => vec![(*only, *only)],
            points => points.windows(2).map(|w| (w[0], w[1])).collect(),
        }
    };
    let (sa, sb) = (segments(a), segments(b));
    sa.iter().any(|&(p, q)| {
        sb.iter()
            .any(|&(r, t)| segments_distance(p, q, r, t) <= reach)
    })
}

/// Distance between the segments pq and rt (0 when they cross).
fn segments_distance(p: Point, q: Point, r: Point, t: Point) -> f64 {
    let side = |o: Point, a: Point, b: Point| (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0);
    let (d1, d2) = (side(r, t, p), side(r, t, q));
    let (d3, d4) = (side(p, q, r), side(p, q, t));
    if d1 * d2 < 0.0 && d3 * d4 < 0.0 {
        return 0.0;
    }
    distance_to_segment(p, r, t)
        .min(distance_to_segment(q, r, t))
        .min(distance_to_segment(r, p, q))
        .min(distance_to_segment(t, p, q))
}

/// Splits an image's ink into digits: connected components (8-neighbours) grouped by the same
/// rule, noise dropped; each digit keeps only its own ink, left to right, with its bounds in
/// pixels of the original image.
pub fn split_ink(ink: &InkMap) -> Vec<(InkMap, Bounds)> {
    let f = ink.factor() as f64;
    let components = components(ink);
    let heaviest = components.iter().map(|c| c.mass).fold(0.0, f64::max);
    let kept: Vec<&Component> = components
        .iter()
        .filter(|c| c.mass >= NOISE_MASS * heaviest)
        .collect();
    let pieces: Vec<Bounds> = kept.iter().map(|c| c.bounds).collect();
    group(&pieces, |_, _, _| false)
        .into_iter()
        .map(|members| {
            let bounds = union_of(&pieces, &members);
            let mut own = vec![false; ink.values().len()];
            for &i in &members {
                for &p in &kept[i].pixels {
                    own[p] = true;
                }
            }
            let bounds = Bounds {
                x0: bounds.x0 * f,
                y0: bounds.y0 * f,
                x1: bounds.x1 * f,
                y1: bounds.y1 * f,
            };
            (ink.keep(&own), bounds)
        })
        .collect()
}

/// A connected piece of ink in an image.
struct Component {
    pixels: Vec<usize>,
    bounds: Bounds,
    mass: f64,
}

/// Ink from which a pixel connects pieces (fainter anti-aliasing fringes do not bridge
/// neighbouring digits).
const CONNECT_LEVEL: f32 = 0.25;

fn components(ink: &InkMap) -> Vec<Component> {
    let (width, height, values) = (ink.width(), ink.height(), ink.values());
    let (pieces, label) = grid::components(width, height, |p| values[p] >= CONNECT_LEVEL);
    let mut found: Vec<Component> = pieces
        .into_iter()
        .map(|pixels| {
            let mass = pixels.iter().fold(0.0, |m, &p| m + values[p] as f64);
            let bounds = pixels
                .iter()
                .map(|&p| {
                    let (x, y) = ((p % width) as f64, (p / width) as f64);
                    Bounds {
                        x0: x,
                        y0: y,
                        x1: x + 1.0,
                        y1: y + 1.0,
                    }
                })
                .reduce(Bounds::union)
                .expect("a component has a pixel");
            Component {
                pixels,
                bounds,
                mass,
            }
        })
        .collect();
    // The faint fringe around each component belongs to it too, so each digit keeps its
    // anti-aliasing: attach every remaining inked pixel to a labelled neighbour.
    for p in 0..values.len() {
        if values[p] > 0.0 && label[p] == usize::MAX {
            if let Some(id) = grid::around(p, width, height)
                .map(|q| label[q])
                .find(|&id| id != usize::MAX)
            {
                found[id].pixels.push(p);
                found[id].mass += values[p] as f64;
            }
        }
    }
    found
}
