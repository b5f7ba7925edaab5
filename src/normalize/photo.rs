//! Photos and scans of handwriting: paper that is not uniformly bright, sensor noise, page
//! edges and shadows at the border. Drawings (a canvas, a clean PNG, MNIST) skip all of this:
//! their paper is one exact value, a photo's never is.
//!
//! Stages: estimate the paper's brightness everywhere (a grayscale closing wider than a pen
//! stroke) → ink is the local darkening relative to that paper → Otsu's threshold separates
//! ink from paper → connected pieces that are specks or run along the border are dropped →
//! the kept ink keeps its gray levels (anti-aliased edges), everything else is paper.

use super::grid;

/// The paper estimate's window, as a share of the image's shorter side: wider than the pen
/// strokes of a photographed digit (a marker on a digit filling the photo: ~8%), and at
/// least MIN_WINDOW pixels.
const CLOSING_SHARE: f64 = 0.12;
const MIN_WINDOW: usize = 5;
/// A drawing has at least this share of its pixels exactly at the paper level.
const EXACT_PAPER_SHARE: f64 = 0.3;
/// Otsu's threshold is not trusted below this contrast, and ink darkens the paper by at least
/// this many times the sensor's noise: a blank photo stays blank, and so do the dark parts of
/// a photo (a table beyond the page, a deep shadow), whose noise is large next to their light.
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
    // How much darker than the paper each pixel is, absolute and as a share of the paper.
    let darkening: Vec<f32> = paper.iter().zip(&light).map(|(p, l)| p - l).collect();
    let contrast: Vec<f32> = darkening
        .iter()
        .zip(&paper)
        .map(|(&d, &p)| {
            if p > 0.0 {
                (d / p).clamp(0.0, 1.0)
            } else {
                0.0
            }
        })
        .collect();
    // Sensor noise adds to the light whatever the light is: the same darkening is a larger
    // share of dim paper, so the noise floor is on the darkening, the threshold on the share.
    let (typical, sigma) = spread(&darkening);
    let floor = typical + NOISE_SIGMAS * sigma;
    let threshold = otsu(&contrast).max(MIN_THRESHOLD);
    let inked: Vec<bool> = contrast
        .iter()
        .zip(&darkening)
        .map(|(&c, &d)| c >= threshold && d >= floor)
        .collect();
    let keep = digit_pieces(width, height, &contrast, &inked);
    contrast
        .iter()
        .zip(&keep)
        .map(|(&c, &k)| if k { c } else { 0.0 })
        .collect()
}

/// The paper's brightness at every pixel: a grayscale closing of the photo (the largest value
/// in a window, then the smallest in the same window). It fills strokes narrower than the
/// window with the paper around them and follows everything wider (a gradient of light, a
/// shadow's edge however sharp: no blur first, which would smear a dark region's edge into
/// paper brighter than it), so only the ink darkens the photo relative to it. A closing is
/// never darker than the pixel itself; over noisy paper it sits a little above it, the same
/// everywhere, which the noise floor measures along.
fn paper_surface(width: usize, height: usize, light: &[f32]) -> Vec<f32> {
    // Odd, so that the window is centred.
    let window = ((CLOSING_SHARE * width.min(height) as f64).round() as usize).max(MIN_WINDOW) | 1;
    let dilated = sliding(width, height, light, window, f32::max);
    sliding(width, height, &dilated, window, f32::min)
}

/// The maximum (or minimum: `pick` = `f32::min`) over a centred `size` x `size` window (`size`
/// odd), in time independent of the window: per line, the running extremes of fixed blocks
/// from the left and from the right (van Herk / Gil-Werman).
fn sliding(
    width: usize,
    height: usize,
    values: &[f32],
    size: usize,
    pick: fn(f32, f32) -> f32,
) -> Vec<f32> {
    let along = |line: &[f32], out: &mut [f32]| {
        let n = line.len();
        let (mut left, mut right) = (line.to_vec(), line.to_vec());
        for i in 1..n {
            if i % size != 0 {
                left[i] = pick(left[i - 1], line[i]);
            }
        }
        for i in (0..n.saturating_sub(1)).rev() {
            if (i + 1) % size != 0 {
                right[i] = pick(right[i + 1], line[i]);
            }
        }
        let r = size / 2;
        for (i, o) in out.iter_mut().enumerate() {
            let (a, b) = (i.saturating_sub(r), (i + r).min(n - 1));
            // A window cut short by the line's start or end may lie within one block.
            *o = if a == 0 {
                left[b]
            } else if b == n - 1 && a / size == b / size {
                right[a]
            } else {
                pick(right[a], left[b])
            };
        }
    };
    let mut rows = vec![0.0; values.len()];
    for y in 0..height {
        along(
            &values[y * width..(y + 1) * width],
            &mut rows[y * width..(y + 1) * width],
        );
    }
    let mut out = vec![0.0; values.len()];
    let (mut column, mut done) = (vec![0.0; height], vec![0.0; height]);
    for x in 0..width {
        for y in 0..height {
            column[y] = rows[y * width + x];
        }
        along(&column, &mut done);
        for y in 0..height {
            out[y * width + x] = done[y];
        }
    }
    out
}

/// The median of `values` and their robust standard deviation (1.4826 x the median absolute
/// deviation): the paper's level and noise, since most of a photo is paper.
fn spread(values: &[f32]) -> (f32, f32) {
    let median = |mut v: Vec<f32>| {
        v.sort_by(f32::total_cmp);
        v[v.len() / 2]
    };
    let centre = median(values.to_vec());
    (
        centre,
        1.4826 * median(values.iter().map(|v| (v - centre).abs()).collect()),
    )
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

/// Which pixels belong to digit-like pieces: inked ones, or their 1-pixel fringe
/// (kept so strokes stay anti-aliased), in a piece that is neither dust, a speck, nor a
/// border edge.
fn digit_pieces(width: usize, height: usize, contrast: &[f32], inked: &[bool]) -> Vec<bool> {
    // pixels, ink, dropped (a border edge or dust)
    let pieces: Vec<(Vec<usize>, f64, bool)> = grid::components(width, height, |p| inked[p])
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sliding_extremes_equal_the_direct_scan_of_every_window() {
        let (width, height) = (23, 17);
        let values: Vec<f32> = (0..width * height)
            .map(|i| ((i * 7919) % 101) as f32 / 100.0)
            .collect();
        for size in [1, 3, 5, 9, 31] {
            let r = size / 2;
            for (pick, start) in [
                (f32::max as fn(f32, f32) -> f32, f32::MIN),
                (f32::min, f32::MAX),
            ] {
                let fast = sliding(width, height, &values, size, pick);
                for y in 0..height {
                    for x in 0..width {
                        let mut direct = start;
                        for yy in y.saturating_sub(r)..(y + r + 1).min(height) {
                            for xx in x.saturating_sub(r)..(x + r + 1).min(width) {
                                direct = pick(direct, values[yy * width + xx]);
                            }
                        }
                        assert_eq!(fast[y * width + x], direct, "size {size} at ({x}, {y})");
                    }
                }
            }
        }
    }
}
