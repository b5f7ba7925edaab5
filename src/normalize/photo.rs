//! Photos and scans of handwriting: paper that is not uniformly bright, sensor noise, page
//! edges and shadows at the border. Drawings (a canvas, a clean PNG, MNIST) skip all of this:
//! their paper is one exact value, a photo's never is.
//!
//! Stages: estimate the paper's brightness everywhere (a coarse grid of bright percentiles,
//! smoothed) → ink is the local darkening relative to that paper → Otsu's threshold separates
//! ink from paper → connected pieces that are specks or run along the border are dropped →
//! the kept ink keeps its gray levels (anti-aliased edges), everything else is paper.

use super::grid;

/// Grid cells along the longer side for the paper estimate.
const CELLS: usize = 12;
/// Percentile of a cell's pixels taken as its paper level: most of any cell is paper.
const PAPER_PERCENTILE: f64 = 0.9;
/// A drawing has at least this share of its pixels exactly at the paper level.
const EXACT_PAPER_SHARE: f64 = 0.3;
/// Otsu's threshold is not trusted below this contrast, nor below this many times the
/// paper's noise: a blank photo stays blank.
const MIN_THRESHOLD: f32 = 0.08;
const NOISE_SIGMAS: f32 = 4.0;
/// Pieces spanning less than this fraction of the image's shorter side are dust or noise:
/// a digit in a photo is never that small.
const MIN_SPAN: f64 = 0.05;
/// Pieces with less ink than this fraction of the heaviest are noise.
const SPECK_MASS: f64 = 0.03;
/// Pieces touching the border and spanning more than this fraction of a side are page edges,
/// table edges or shadows, not a digit.
const EDGE_SPAN: f64 = 0.6;

/// True when the image is a photo: too few pixels sit exactly at the paper's level.
pub fn is_photo(luma: &[f32], paper: f32) -> bool {
    let exact = luma
        .iter()
        .filter(|&&l| (l - paper).abs() <= 1.0 / 255.0)
        .count();
    (exact as f64) < EXACT_PAPER_SHARE * luma.len() as f64
}

/// The ink of a photo, 1 = ink, 0 = paper.
pub fn ink(width: usize, height: usize, luma: &[f32], dark_ink: bool) -> Vec<f32> {
    // Work as if the ink were dark on light paper.
    let light: Vec<f32> = if dark_ink {
        luma.to_vec()
    } else {
        luma.iter().map(|l| 1.0 - l).collect()
    };
    let paper = paper_surface(width, height, &light);
    let contrast: Vec<f32> = light
        .iter()
        .zip(&paper)
        .map(|(&l, &p)| {
            if p > 0.0 {
                ((p - l) / p).clamp(0.0, 1.0)
            } else {
                0.0
            }
        })
        .collect();
    let threshold = otsu(&contrast)
        .max(MIN_THRESHOLD)
        .max(NOISE_SIGMAS * noise(&contrast));
    let keep = digit_pieces(width, height, &contrast, threshold);
    contrast
        .iter()
        .zip(&keep)
        .map(|(&c, &k)| if k { c } else { 0.0 })
        .collect()
}

/// The paper's brightness at every pixel: per grid cell a bright percentile, cells then
/// replaced by the median of their 3x3 neighbourhood (a cell covered by a thick stroke would
/// otherwise look like dark paper), then bilinearly interpolated.
fn paper_surface(width: usize, height: usize, light: &[f32]) -> Vec<f32> {
    let cell = (width.max(height) as f64 / CELLS as f64).ceil().max(1.0) as usize;
    let (gw, gh) = (width.div_ceil(cell), height.div_ceil(cell));
    let mut grid = vec![0.0f32; gw * gh];
    for gy in 0..gh {
        for gx in 0..gw {
            let mut values: Vec<f32> = (gy * cell..((gy + 1) * cell).min(height))
                .flat_map(|y| {
                    (gx * cell..((gx + 1) * cell).min(width)).map(move |x| light[y * width + x])
                })
                .collect();
            values.sort_by(f32::total_cmp);
            grid[gy * gw + gx] = values[((values.len() - 1) as f64 * PAPER_PERCENTILE) as usize];
        }
    }
    let smoothed: Vec<f32> = (0..gw * gh)
        .map(|i| {
            let (gx, gy) = (i % gw, i / gw);
            let mut around: Vec<f32> = (gy.saturating_sub(1)..=(gy + 1).min(gh - 1))
                .flat_map(|y| (gx.saturating_sub(1)..=(gx + 1).min(gw - 1)).map(move |x| (x, y)))
                .map(|(x, y)| grid[y * gw + x])
                .collect();
            around.sort_by(f32::total_cmp);
            around[around.len() / 2]
        })
        .collect();
    let at = |gx: usize, gy: usize| smoothed[gy.min(gh - 1) * gw + gx.min(gw - 1)];
    (0..width * height)
        .map(|i| {
            // Cell centres carry the estimate; interpolate between them.
            let fx = ((i % width) as f64 + 0.5) / cell as f64 - 0.5;
            let fy = ((i / width) as f64 + 0.5) / cell as f64 - 0.5;
            let (x0, y0) = (fx.floor().max(0.0) as usize, fy.floor().max(0.0) as usize);
            let (tx, ty) = (
                (fx - x0 as f64).clamp(0.0, 1.0) as f32,
                (fy - y0 as f64).clamp(0.0, 1.0) as f32,
            );
            let top = at(x0, y0) * (1.0 - tx) + at(x0 + 1, y0) * tx;
            let bottom = at(x0, y0 + 1) * (1.0 - tx) + at(x0 + 1, y0 + 1) * tx;
            top * (1.0 - ty) + bottom * ty
        })
        .collect()
}

/// The paper's noise: a robust standard deviation (1.4826 x the median absolute deviation).
fn noise(values: &[f32]) -> f32 {
    let median = |mut v: Vec<f32>| {
        v.sort_by(f32::total_cmp);
        v[v.len() / 2]
    };
    let centre = median(values.to_vec());
    1.4826 * median(values.iter().map(|v| (v - centre).abs()).collect())
}

/// Otsu's threshold over values in [0, 1] (256 bins): the level that best separates two classes.
fn otsu(values: &[f32]) -> f32 {
    let mut histogram = [0u64; 256];
    for &v in values {
        histogram[(v.clamp(0.0, 1.0) * 255.0).round() as usize] += 1;
    }
    let total = values.len() as f64;
    let sum_all: f64 = histogram
        .iter()
        .enumerate()
        .map(|(i, &n)| i as f64 * n as f64)
        .sum();
    let (mut weight_below, mut sum_below) = (0.0f64, 0.0f64);
    let (mut best, mut best_variance) = (0usize, -1.0f64);
    for (level, &count) in histogram.iter().enumerate() {
        weight_below += count as f64;
        sum_below += level as f64 * count as f64;
        let weight_above = total - weight_below;
        if weight_below == 0.0 || weight_above == 0.0 {
            continue;
        }
        let mean_below = sum_below / weight_below;
        let mean_above = (sum_all - sum_below) / weight_above;
        let variance = weight_below * weight_above * (mean_below - mean_above).powi(2);
        if variance > best_variance {
            (best, best_variance) = (level, variance);
        }
    }
    (best as f32 + 0.5) / 255.0
}

/// Which pixels belong to digit-like pieces: above the threshold, or their 1-pixel fringe
/// (kept so strokes stay anti-aliased), in a piece that is neither dust, a speck, nor a
/// border edge.
fn digit_pieces(width: usize, height: usize, contrast: &[f32], threshold: f32) -> Vec<bool> {
    // pixels, ink, dropped (a border edge or dust)
    let pieces: Vec<(Vec<usize>, f64, bool)> =
        grid::components(width, height, |p| contrast[p] >= threshold)
            .0
            .into_iter()
            .map(|pixels| {
                let mass = pixels.iter().fold(0.0, |m, &p| m + contrast[p] as f64);
                let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
                for &p in &pixels {
                    let (x, y) = (p % width, p / width);
                    (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
                }
                let touches = x0 == 0 || y0 == 0 || x1 == width - 1 || y1 == height - 1;
                let span =
                    ((x1 - x0 + 1) as f64 / width as f64).max((y1 - y0 + 1) as f64 / height as f64);
                let size = (x1 - x0 + 1).max(y1 - y0 + 1) as f64 / width.min(height) as f64;
                let dropped = (touches && span > EDGE_SPAN) || size < MIN_SPAN;
                (pixels, mass, dropped)
            })
            .collect();
    let heaviest = pieces
        .iter()
        .filter(|p| !p.2)
        .map(|p| p.1)
        .fold(0.0, f64::max);
    let mut keep = vec![false; contrast.len()];
    for (pixels, mass, edge) in &pieces {
        if *edge || *mass < SPECK_MASS * heaviest {
            continue;
        }
        for &p in pixels {
            for q in grid::around(p, width, height) {
                keep[q] = true;
            }
        }
    }
    keep
}
