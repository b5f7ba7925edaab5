//! Strokes recovered from an MNIST image: thin the ink to a one-pixel skeleton
//! (Zhang–Suen), then trace the skeleton into polylines.
//!
//! This turns the MNIST test set into *drawings*, so the stroke path the page uses
//! (`classifyStrokes`) can be evaluated on 10,000 real handwritten digits, and it measures
//! MNIST's pen width (ink mass over skeleton length).

use crate::normalize::{frame_from_strokes, Point, Strokes, PIXELS, SIDE};

/// Ink level from which a pixel counts as part of the digit when thinning.
const INK_LEVEL: u8 = 128;

/// The one-pixel-wide skeleton of the digit's ink (true = skeleton pixel).
pub fn thin(image: &[u8; PIXELS]) -> [bool; PIXELS] {
    let mut on = [false; PIXELS];
    for (o, &v) in on.iter_mut().zip(image.iter()) {
        *o = v >= INK_LEVEL;
    }
    loop {
        let removed_first = thinning_pass(&mut on, true);
        let removed_second = thinning_pass(&mut on, false);
        if !removed_first && !removed_second {
            return on;
        }
    }
}

/// The 8 neighbours of (x, y), clockwise from north (P2..P9 in Zhang & Suen's notation);
/// outside the image counts as paper.
fn neighbours(on: &[bool; PIXELS], x: usize, y: usize) -> [bool; 8] {
    const STEPS: [(i32, i32); 8] = [
        (0, -1),
        (1, -1),
        (1, 0),
        (1, 1),
        (0, 1),
        (-1, 1),
        (-1, 0),
        (-1, -1),
    ];
    STEPS.map(|(dx, dy)| pixel(on, x as i32 + dx, y as i32 + dy))
}

fn pixel(on: &[bool; PIXELS], x: i32, y: i32) -> bool {
    (0..SIDE as i32).contains(&x)
        && (0..SIDE as i32).contains(&y)
        && on[y as usize * SIDE + x as usize]
}

/// One sub-iteration of Zhang–Suen; returns whether any pixel was removed.
fn thinning_pass(on: &mut [bool; PIXELS], first: bool) -> bool {
    let mut remove = Vec::new();
    for y in 0..SIDE {
        for x in 0..SIDE {
            if !on[y * SIDE + x] {
                continue;
            }
            let p = neighbours(on, x, y);
            let count = p.iter().filter(|&&v| v).count();
            let transitions = (0..8).filter(|&i| !p[i] && p[(i + 1) % 8]).count();
            let (n, e, s, w) = (p[0], p[2], p[4], p[6]);
            let (a, b) = if first {
                (n && e && s, e && s && w)
            } else {
                (n && e && w, n && s && w)
            };
            if (2..=6).contains(&count) && transitions == 1 && !a && !b {
                remove.push(y * SIDE + x);
            }
        }
    }
    for &i in &remove {
        on[i] = false;
    }
    !remove.is_empty()
}

/// Traces a skeleton into polylines through pixel centres: from every end point to the next
/// end or junction, then whatever loops remain (a 0, the rings of an 8).
pub fn trace(skeleton: &[bool; PIXELS]) -> Vec<Vec<Point>> {
    let mut visited_edges = std::collections::HashSet::new();
    // m-adjacency: a diagonal neighbour only counts when no shared side neighbour already
    // connects the two pixels, so a staircase is one path, not a chain of false junctions.
    let neighbours_of = |i: usize| -> Vec<usize> {
        let (x, y) = ((i % SIDE) as i32, (i / SIDE) as i32);
        let mut out = Vec::new();
        for dy in -1..=1 {
            for dx in -1..=1 {
                let diagonal = dx != 0 && dy != 0;
                let bridged =
                    diagonal && (pixel(skeleton, x + dx, y) || pixel(skeleton, x, y + dy));
                if (dx, dy) != (0, 0) && pixel(skeleton, x + dx, y + dy) && !bridged {
                    out.push((y + dy) as usize * SIDE + (x + dx) as usize);
                }
            }
        }
        out
    };
    let centre = |i: usize| ((i % SIDE) as f64 + 0.5, (i / SIDE) as f64 + 0.5);
    let edge = |a: usize, b: usize| (a.min(b), a.max(b));
    let degree = |i: usize| neighbours_of(i).len();

    let on: Vec<usize> = (0..PIXELS).filter(|&i| skeleton[i]).collect();
    // End points first, so open strokes are traced end to end; then the rest (loops).
    let mut starts: Vec<usize> = on.iter().copied().filter(|&i| degree(i) == 1).collect();
    starts.extend(on.iter().copied().filter(|&i| degree(i) != 1));

    let mut strokes = Vec::new();
    for &start in &starts {
        loop {
            let mut path = vec![start];
            let mut current = start;
            // Walk while an unvisited edge leads on, preferring to go straight.
            while let Some(next) = neighbours_of(current)
                .into_iter()
                .filter(|&n| !visited_edges.contains(&edge(current, n)))
                .min_by_key(|&n| turn_cost(&path, n))
            {
                visited_edges.insert(edge(current, next));
                path.push(next);
                current = next;
                if degree(current) > 2 {
                    break;
                }
            }
            if path.len() == 1 {
                break;
            }
            strokes.push(path.into_iter().map(centre).collect());
        }
    }
    // Isolated single pixels are dots.
    for &i in &on {
        if degree(i) == 0 {
            strokes.push(vec![centre(i)]);
        }
    }
    strokes
}

/// Squared change of direction if the path continues to `next` (0 = straight on).
fn turn_cost(path: &[usize], next: usize) -> i32 {
    let xy = |i: usize| ((i % SIDE) as i32, (i / SIDE) as i32);
    let n = path.len();
    let (cx, cy) = xy(path[n - 1]);
    let (nx, ny) = xy(next);
    // Axis-aligned steps before diagonal ones, so a skeleton's corner pixels are not skipped.
    let diagonal = ((nx - cx).abs() + (ny - cy).abs() == 2) as i32;
    if n < 2 {
        return diagonal;
    }
    let (px, py) = xy(path[n - 2]);
    let (d1, d2) = ((cx - px, cy - py), (nx - cx, ny - cy));
    (d1.0 - d2.0).pow(2) + (d1.1 - d2.1).pow(2) + diagonal
}

/// Total length of polylines.
pub fn length(strokes: &[Vec<Point>]) -> f64 {
    strokes
        .iter()
        .flat_map(|s| s.windows(2))
        .map(|w| ((w[1].0 - w[0].0).powi(2) + (w[1].1 - w[0].1).powi(2)).sqrt())
        .sum()
}

/// Pen width of an MNIST digit in pixels: ink mass (in full-ink pixels) over the length of
/// its skeleton. `None` for a digit without a traceable skeleton.
pub fn pen_width(image: &[u8; PIXELS]) -> Option<f64> {
    let mass: f64 = image.iter().map(|&v| v as f64 / 255.0).sum();
    let length = length(&trace(&thin(image)));
    (length > 0.0).then(|| mass / length)
}

/// The digit as the page would see it if a person had drawn it: its skeleton traced into
/// strokes and normalized by the stroke path, as MNIST bytes (0 = paper, 255 = ink). A digit
/// without a skeleton is returned as it is.
pub fn redrawn(image: &[u8; PIXELS]) -> [u8; PIXELS] {
    let strokes = Strokes::new(trace(&thin(image))).expect("traced points are finite");
    match frame_from_strokes(&strokes) {
        Some(frame) => frame.pixels().map(|v| (v * 255.0).round() as u8),
        None => *image,
    }
}
