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

use crate::normalize::{bounds, distance_to_segment, grid, InkMap, Point, Strokes};

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

    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    /// The same box, `factor` times larger (from an ink map's pixels to the image's).
    pub fn scaled(&self, factor: f64) -> Bounds {
        Bounds {
            x0: self.x0 * factor,
            y0: self.y0 * factor,
            x1: self.x1 * factor,
            y1: self.y1 * factor,
        }
    }
}

/// The bounds of a group's pieces together.
pub fn bounds_of(pieces: &[Bounds], members: &[usize]) -> Bounds {
    members
        .iter()
        .map(|&i| pieces[i])
        .reduce(Bounds::union)
        .expect("a group has members")
}

/// A group of pieces: where its ink is, and which pieces it holds.
type Group = (Bounds, Vec<usize>);

/// When two groups are one digit, for pieces whose tallest is `tallest` high.
struct Rule {
    min_width: f64,
    flat: f64,
    reach: f64,
}

impl Rule {
    fn new(pieces: &[Bounds]) -> Rule {
        let tallest = pieces.iter().map(Bounds::height).fold(0.0, f64::max);
        Rule {
            min_width: tallest * MIN_WIDTH,
            flat: tallest * FLAT,
            reach: tallest * TOUCH,
        }
    }

    /// A group's horizontal extent, widened to at least `min_width` about its centre.
    fn span(&self, b: &Bounds) -> (f64, f64) {
        let grow = ((self.min_width - b.width()) / 2.0).max(0.0);
        (b.x0 - grow, b.x1 + grow)
    }

    /// Whether two groups are one digit: their spans overlap by half the narrower one, or at
    /// all when one is flat or when `touching(a, b, reach)` says their pieces touch.
    fn joins(
        &self,
        a: &Group,
        b: &Group,
        touching: &impl Fn(&[usize], &[usize], f64) -> bool,
    ) -> bool {
        let (sa, sb) = (self.span(&a.0), self.span(&b.0));
        let overlap = sa.1.min(sb.1) - sa.0.max(sb.0);
        let narrower = (sa.1 - sa.0).min(sb.1 - sb.0);
        (narrower > 0.0 && overlap >= SAME_DIGIT_OVERLAP * narrower)
            || (overlap > 0.0
                && (a.0.height().min(b.0.height()) <= self.flat
                    || touching(&a.1, &b.1, self.reach)))
    }
}

/// Groups pieces of ink into digits; returns the members of each group, left to right.
///
/// The groups are those of the plain rule "while two groups overlap enough, merge the first
/// such pair (in the order of their first piece) and start over", which is what decides when
/// three pieces could pair up two ways. Rescanning every pair after each merge costs O(n³);
/// this makes the same merges in the same order but looks only at the groups near the one
/// that changed ([`Near`]): O(n log n) for a page of text, whose pieces have few neighbours
/// each (the cost grows with how many pieces share a column).
///
/// Why the order is the same: the cursor `c` goes through the groups in order, and no pair
/// before it can merge. When `c` grows, only pairs with `c` change: the first pair is then
/// (`p`, `c`) for the first `p` before `c` that now overlaps it enough, else (`c`, `k`) for the
/// first such `k` after it.
///
/// `touching(a, b, reach)` says whether a piece of group `a` comes within `reach` of one of
/// group `b` (strokes; the pieces of an image that touch are one component already).
fn group<F>(pieces: &[Bounds], touching: F) -> Vec<Vec<usize>>
where
    F: Fn(&[usize], &[usize], f64) -> bool,
{
    let rule = Rule::new(pieces);
    let min_width = rule.min_width;
    // Groups by the index of their first piece (`None` once merged into an earlier one).
    let mut groups: Vec<Option<(Bounds, Vec<usize>)>> = pieces
        .iter()
        .enumerate()
        .map(|(i, &b)| Some((b, vec![i])))
        .collect();
    let mut near = Near::new(pieces);
    let mut found = Vec::new();
    let mut c = 0;
    while c < groups.len() {
        let Some(this) = &groups[c] else {
            c += 1;
            continue;
        };
        let reach = rule.span(&this.0);
        // Widening moves a span's ends by at most min_width / 2 beyond its bounds: twice
        // that is a margin no rounding can beat.
        near.find(reach.1 + min_width, reach.0 - min_width, &mut found);
        let (mut before, mut after) = (None::<usize>, None::<usize>);
        for &g in &found {
            let other = groups[g].as_ref().expect("a live group");
            if g == c || !rule.joins(this, other, &touching) {
                continue;
            }
            let first = if g < c { &mut before } else { &mut after };
            *first = Some(first.map_or(g, |f| f.min(g)));
        }
        let (into, from) = match (before, after) {
            (Some(p), _) => (p, c),
            (None, Some(k)) => (c, k),
            (None, None) => {
                c += 1;
                continue;
            }
        };
        let (taken, members) = groups[from].take().expect("a live group");
        let (kept, own) = groups[into].as_mut().expect("a live group");
        *kept = kept.union(taken);
        own.extend(members);
        near.merge(into, from, kept.x1);
        c = into;
    }
    digits(groups.into_iter().flatten().collect())
}

/// The groups that are digits (specks dropped), left to right, each with its pieces in order.
fn digits(mut groups: Vec<Group>) -> Vec<Vec<usize>> {
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

/// The live groups by their bounds' horizontal extent, to find those near a span in
/// O(log n) per group found: the pieces sorted by `x0` are the leaves of a max-tree; each
/// group sits at its leftmost piece (where its bounds start) holding where its bounds end.
struct Near {
    /// `x0` of the pieces, sorted (ties by index).
    starts: Vec<f64>,
    /// The position of each piece in `starts`, by piece index.
    position: Vec<usize>,
    /// The group at each position (valid where the leaf is not `-inf`).
    group_at: Vec<usize>,
    /// Leaves from `leaves` on: the right end of the group there, `-inf` for none; each inner
    /// node holds the largest end below it.
    tree: Vec<f64>,
    leaves: usize,
}

impl Near {
    fn new(pieces: &[Bounds]) -> Near {
        let mut order: Vec<usize> = (0..pieces.len()).collect();
        order.sort_by(|&a, &b| pieces[a].x0.total_cmp(&pieces[b].x0).then(a.cmp(&b)));
        let leaves = pieces.len().next_power_of_two();
        let mut near = Near {
            starts: order.iter().map(|&i| pieces[i].x0).collect(),
            position: vec![0; pieces.len()],
            group_at: order.clone(),
            tree: vec![f64::NEG_INFINITY; 2 * leaves],
            leaves,
        };
        for (at, &i) in order.iter().enumerate() {
            near.position[i] = at;
            near.set(at, pieces[i].x1);
        }
        near
    }

    fn set(&mut self, at: usize, end: f64) {
        let mut node = self.leaves + at;
        self.tree[node] = end;
        while node > 1 {
            node /= 2;
            self.tree[node] = self.tree[2 * node].max(self.tree[2 * node + 1]);
        }
    }

    /// `from` joined `into`, whose bounds now end at `end`. The merged group starts where
    /// the leftmost of the two started: the smaller position, as positions follow `x0`.
    fn merge(&mut self, into: usize, from: usize, end: f64) {
        let (a, b) = (self.position[into], self.position[from]);
        let (keep, drop) = (a.min(b), a.max(b));
        self.set(drop, f64::NEG_INFINITY);
        self.group_at[keep] = into;
        self.position[into] = keep;
        self.set(keep, end);
    }

    /// Every live group whose bounds start at or before `start_at_most` and end at or after
    /// `end_at_least`, into `found` (an explicit stack, no recursion).
    fn find(&self, start_at_most: f64, end_at_least: f64, found: &mut Vec<usize>) {
        found.clear();
        let count = self.starts.partition_point(|&x| x <= start_at_most);
        let mut stack = vec![(1, 0, self.leaves)];
        while let Some((node, lo, hi)) = stack.pop() {
            if lo >= count || self.tree[node] < end_at_least {
                continue;
            }
            if hi - lo == 1 {
                found.push(self.group_at[lo]);
            } else {
                let mid = (lo + hi) / 2;
                stack.push((2 * node + 1, mid, hi));
                stack.push((2 * node, lo, mid));
            }
        }
    }
}

/// Splits a drawing into digits: the strokes of each digit, left to right, with where it is.
pub fn split_strokes(strokes: &Strokes) -> Vec<(Strokes, Bounds)> {
    let all = strokes.as_slice();
    let (pieces, groups) = stroke_groups(strokes);
    groups
        .into_iter()
        .map(|members| {
            let bounds = bounds_of(&pieces, &members);
            (strokes_of(all, &members), bounds)
        })
        .collect()
}

/// The bounds of every stroke, and the groups of strokes that are digits (by index, left to
/// right; specks left out).
pub fn stroke_groups(strokes: &Strokes) -> (Vec<Bounds>, Vec<Vec<usize>>) {
    let all = strokes.as_slice();
    let pieces: Vec<Bounds> = all
        .iter()
        .map(|stroke| {
            let (x0, y0, x1, y1) =
                bounds(std::slice::from_ref(stroke)).expect("a checked stroke has points");
            Bounds { x0, y0, x1, y1 }
        })
        .collect();
    let touching = |a: &[usize], b: &[usize], reach: f64| {
        a.iter().any(|&i| {
            b.iter()
                .any(|&j| strokes_within(&all[i], &pieces[i], &all[j], &pieces[j], reach))
        })
    };
    let groups = group(&pieces, touching);
    (pieces, groups)
}

/// The strokes numbered `members`, as strokes of their own.
pub fn strokes_of(all: &[Vec<Point>], members: &[usize]) -> Strokes {
    Strokes::new(members.iter().map(|&i| all[i].clone()).collect())
        .expect("part of checked strokes")
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

/// The pixels of each geometric digit of an image, left to right: connected components
/// (8-neighbours) grouped by the pieces' rule, noise dropped.
fn ink_groups(ink: &InkMap) -> Vec<Vec<usize>> {
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
            members
                .iter()
                .flat_map(|&i| kept[i].pixels.iter().copied())
                .collect()
        })
        .collect()
}

/// An image's ink cut for `choose`: its geometric digits, each wide one
/// (several digits whose ink touches, as a photo of tight writing gives) also cut into
/// vertical slabs where its ink is thinnest. `pixels[i]` and `bounds[i]` (in pixels of the
/// ink map) are atom i's; `groups` lists each geometric digit's atoms, left to right.
pub struct Atoms {
    pub pixels: Vec<Vec<usize>>,
    pub bounds: Vec<Bounds>,
    pub groups: Vec<Vec<usize>>,
}

/// A group wider than this many times its height may be several digits whose ink touches.
const WIDE_GROUP: f64 = 1.0;
/// A column is a place to cut when its ink is at most this fraction of the group's median
/// column (where touching digits meet, the ink is a thin bridge). On photos of folds 1 and 2
/// (`nickara eval --photos --numbers --count 100` and `--photos --limit 300` on each), before
/// the network's "one whole digit" output, 0.4 against geometry alone: spaced numbers 138 → 143
/// of 158, tight 58 → 65 of 159, single digits 579 → 585 of 600, where 0.6 and 1.0 split more
/// single digits. With that output, 0.4 → 0.6 → 0.7: spaced 143 → 145 → 145, tight 67 → 74 → 79,
/// single digits 590 of 600 each time; 0.8 and 1.0 split 2 and 4 of fold 1's 300 digits.
const THIN: f64 = 0.7;
/// A slab is at least this fraction of the group's height wide: a digit's narrowest (a 1) is
/// about this, and thinner slabs would only add readings.
const SLAB: f64 = 0.2;

pub fn ink_atoms(ink: &InkMap) -> Atoms {
    let mut atoms = Atoms {
        pixels: Vec::new(),
        bounds: Vec::new(),
        groups: Vec::new(),
    };
    for own in ink_groups(ink) {
        let cuts = thinnest_columns(ink, &own);
        let mut slabs: Vec<Vec<usize>> = vec![Vec::new(); cuts.len() + 1];
        for &p in &own {
            let x = p % ink.width();
            slabs[cuts.partition_point(|&c| c <= x)].push(p);
        }
        let mut group = Vec::new();
        for slab in slabs.into_iter().filter(|s| !s.is_empty()) {
            group.push(atoms.pixels.len());
            atoms.bounds.push(pixel_bounds(ink.width(), &slab));
            atoms.pixels.push(slab);
        }
        atoms.groups.push(group);
    }
    atoms
}

/// The columns where a wide group's ink is thinnest (each starts a slab), left to right:
/// local minima of the ink per column that are [`THIN`], the thinnest first, at least
/// [`SLAB`] of the height from each other and from the group's ends; none for a group that
/// is not wide.
fn thinnest_columns(ink: &InkMap, own: &[usize]) -> Vec<usize> {
    let b = pixel_bounds(ink.width(), own);
    let (x0, width, height) = (b.x0 as usize, b.width() as usize, b.height());
    if (width as f64) <= WIDE_GROUP * height {
        return Vec::new();
    }
    let mut profile = vec![0.0f64; width];
    let values = ink.values();
    for &p in own {
        profile[p % ink.width() - x0] += values[p] as f64;
    }
    let mut sorted = profile.clone();
    sorted.sort_by(f64::total_cmp);
    let thin = THIN * sorted[width / 2];
    let slab = ((SLAB * height) as usize).max(1);
    let mut minima: Vec<usize> = (slab..width.saturating_sub(slab))
        .filter(|&x| profile[x] <= thin)
        .filter(|&x| profile[x] <= profile[x - 1] && profile[x] <= profile[x + 1])
        .collect();
    minima.sort_by(|&a, &b| profile[a].total_cmp(&profile[b]));
    let mut cuts: Vec<usize> = Vec::new();
    for x in minima {
        if cuts.iter().all(|&c| c.abs_diff(x) >= slab) {
            cuts.push(x);
        }
    }
    cuts.sort_unstable();
    cuts.into_iter().map(|x| x + x0).collect()
}

/// The box of pixels (indexes into a map `width` wide).
fn pixel_bounds(width: usize, pixels: &[usize]) -> Bounds {
    let crop = crop_box(width, pixels);
    Bounds {
        x0: crop.0 as f64,
        y0: crop.1 as f64,
        x1: crop.2 as f64,
        y1: crop.3 as f64,
    }
}

/// The box `(x0, y0, x1, y1)`, ends exclusive, that holds `pixels` (indexes into a map
/// `width` wide), as [`InkMap::crop`] takes it.
pub fn crop_box(width: usize, pixels: &[usize]) -> (usize, usize, usize, usize) {
    pixels.iter().fold((usize::MAX, usize::MAX, 0, 0), |b, &p| {
        let (x, y) = (p % width, p / width);
        (b.0.min(x), b.1.min(y), b.2.max(x + 1), b.3.max(y + 1))
    })
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    type Touching = fn(&[usize], &[usize], f64) -> bool;

    /// Never touching (an image), or touching by a rule of the pieces' numbers that no
    /// geometry would give (so both groupings must consult it the same way).
    const TOUCHINGS: [Touching; 2] = [
        |_, _, _| false,
        |a, b, _| a.iter().chain(b).sum::<usize>() % 3 == 0,
    ];

    /// The grouping as it was first written: rescan every pair after each merge (O(n³)).
    /// `group` must find exactly the same groups.
    fn group_by_rescanning(pieces: &[Bounds], touching: Touching) -> Vec<Vec<usize>> {
        let rule = Rule::new(pieces);
        let mut groups: Vec<(Bounds, Vec<usize>)> = pieces
            .iter()
            .enumerate()
            .map(|(i, &b)| (b, vec![i]))
            .collect();
        'merge: loop {
            for i in 0..groups.len() {
                for j in i + 1..groups.len() {
                    if rule.joins(&groups[i], &groups[j], &touching) {
                        let (bounds, members) = groups.remove(j);
                        groups[i].0 = groups[i].0.union(bounds);
                        groups[i].1.extend(members);
                        continue 'merge;
                    }
                }
            }
            break;
        }
        digits(groups)
    }

    /// Pieces on a coarse grid (so that ties, touching edges, zero widths and chains of
    /// overlaps are common), or anywhere.
    fn pieces() -> impl Strategy<Value = Vec<Bounds>> {
        let coarse = (0u8..40, 0u8..12, 0u8..10, 0u8..10).prop_map(|(x, w, y, h)| Bounds {
            x0: x as f64 * 2.5,
            y0: y as f64 * 4.0,
            x1: (x as f64 + w as f64) * 2.5,
            y1: (y + h) as f64 * 4.0,
        });
        let fine =
            (0.0..100.0f64, 0.0..30.0f64, 0.0..40.0f64, 0.0..40.0f64).prop_map(|(x, w, y, h)| {
                Bounds {
                    x0: x,
                    y0: y,
                    x1: x + w,
                    y1: y + h,
                }
            });
        proptest::collection::vec(prop_oneof![coarse, fine], 0..40)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn grouping_matches_rescanning_every_pair(pieces in pieces()) {
            for touching in TOUCHINGS {
                prop_assert_eq!(group(&pieces, touching), group_by_rescanning(&pieces, touching));
            }
        }
    }

    #[test]
    fn the_first_pair_in_order_decides_when_pieces_could_pair_two_ways() {
        // b reaches both a and c; whichever it meets first (in piece order) keeps it.
        let (a, b, c) = (
            Bounds {
                x0: 0.0,
                y0: 0.0,
                x1: 11.0,
                y1: 100.0,
            },
            Bounds {
                x0: 10.0,
                y0: 0.0,
                x1: 11.0,
                y1: 1.0,
            },
            Bounds {
                x0: 10.5,
                y0: 0.0,
                x1: 20.5,
                y1: 100.0,
            },
        );
        let apart = TOUCHINGS[0];
        assert_eq!(group(&[a, b, c], apart), [vec![0, 1], vec![2]]);
        assert_eq!(group(&[b, c, a], apart), [vec![2], vec![0, 1]]);
    }

    #[test]
    fn a_page_of_many_pieces_groups_quickly() {
        // 200 rows of 400 narrow marks: the pair rescanning would take hours.
        let pieces: Vec<Bounds> = (0..80_000)
            .map(|i| {
                let (row, col) = ((i / 400) as f64, (i % 400) as f64);
                Bounds {
                    x0: col * 3.0,
                    y0: row * 5.0,
                    x1: col * 3.0 + 2.0,
                    y1: row * 5.0 + 4.0,
                }
            })
            .collect();
        let started = std::time::Instant::now();
        let groups = group(&pieces, TOUCHINGS[1]);
        assert_eq!(groups.len(), 400, "one group per column");
        assert!(
            started.elapsed().as_secs_f64() < 5.0,
            "{:?}",
            started.elapsed()
        );
    }
}
