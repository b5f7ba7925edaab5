//! Real handwriting as a phone photographs it: the pen trajectory inked on paper of some tone,
//! under uneven light with a shadow across it, slightly rotated, blurred, with sensor noise,
//! saved as a JPEG at a usual quality and image size. The photo then goes through what the
//! page's **Open image** does (`Recognizer::read_image`, the worker's `classifyNumber`), and
//! is judged like a drawing: its one digit, or a wrong answer (none found, or several).

use super::handwriting::Sample;
use super::rng::Rng;
use super::written::{self, Report};
use crate::error::{Error, Result};
use crate::normalize::{bounds, coverage, Image, PixelFormat, Point};
use crate::Recognizer;

/// The writing's extent is at most this share of the photo's width and height, and its
/// strokes' centre lines stay MARGIN of a side clear of the edges (the pen's width inside that).
const FILL: f64 = 0.85;
const MARGIN: f64 = 0.06;

/// The long sides of the photos: a thumbnail, a chat picture, a screen-sized photo, a camera's.
pub const LONG_SIDES: [usize; 4] = [160, 480, 1024, 1600];

/// A photo: RGBA pixels as the browser decodes them.
pub struct Photo {
    pub width: usize,
    pub height: usize,
    pub rgba: Vec<u8>,
    /// The JPEG file the photo was decoded from.
    pub jpeg: Vec<u8>,
}

/// The photo of sample number `index` (everything about it seeded by the index).
pub fn photograph(strokes: &[Vec<Point>], index: usize) -> Result<Photo> {
    let mut rng = Rng::new(0xF070 ^ (index as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let long = LONG_SIDES[index % LONG_SIDES.len()];
    let (width, height) = match rng.next_u64() % 3 {
        0 => (long, long * 3 / 4),
        1 => (long * 3 / 4, long),
        _ => (long, long),
    };
    let ink = ink_on(strokes, width, height, &mut rng);
    let rgba = expose(&ink, width, height, &mut rng);
    let quality = rng.range(55.0, 95.0) as u8;
    let jpeg = encode(&rgba, width, height, quality)?;
    let rgba = decode(&jpeg)?;
    Ok(Photo {
        width,
        height,
        rgba,
        jpeg,
    })
}

/// How much ink covers each pixel: the writing rotated a little, placed at 25–65% of the
/// photo's height, with a pen 2–7% of the writing's height (a fine pen to a marker), blurred.
/// The whole digit is on the photo, clear of its edges: one cut by the frame is no clear digit.
fn ink_on(strokes: &[Vec<Point>], width: usize, height: usize, rng: &mut Rng) -> Vec<f64> {
    let Some((x0, y0, x1, y1)) = bounds(strokes) else {
        return vec![0.0; width * height];
    };
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let writing = (y1 - y0).max((x1 - x0) * 0.6).max(1e-9);
    let size = height.min(width) as f64 * rng.range(0.25, 0.65);
    let scale = (size / writing)
        .min(FILL * width as f64 / (x1 - x0).max(1e-9))
        .min(FILL * height as f64 / (y1 - y0).max(1e-9));
    let (s, c) = rng.range(-8.0f64, 8.0).to_radians().sin_cos();
    let reach = size * 0.7;
    let at = (
        width as f64 / 2.0 + rng.range(-0.2, 0.2) * (width as f64 - reach).max(0.0),
        height as f64 / 2.0 + rng.range(-0.2, 0.2) * (height as f64 - reach).max(0.0),
    );
    let turned: Vec<Vec<Point>> = strokes
        .iter()
        .map(|stroke| {
            stroke
                .iter()
                .map(|&(x, y)| {
                    let (dx, dy) = ((x - cx) * scale, (y - cy) * scale);
                    (at.0 + c * dx - s * dy, at.1 + s * dx + c * dy)
                })
                .collect()
        })
        .collect();
    let placed = inside(turned, width, height);
    let pen = (size * rng.range(0.02, 0.07)).max(1.0);
    let mut ink = coverage(&placed, width, height, pen);
    let blur = (rng.range(0.0, 0.006) * width.max(height) as f64).round() as usize;
    box_blur(&mut ink, width, height, blur);
    ink
}

/// `strokes` shifted as little as needed to keep MARGIN of each side clear (centred on an axis
/// where they cannot).
fn inside(strokes: Vec<Vec<Point>>, width: usize, height: usize) -> Vec<Vec<Point>> {
    let Some((x0, y0, x1, y1)) = bounds(&strokes) else {
        return strokes;
    };
    let shift = |lo: f64, hi: f64, side: f64| {
        let margin = MARGIN * side;
        if hi - lo > side - 2.0 * margin {
            side / 2.0 - (lo + hi) / 2.0
        } else {
            (margin - lo).max(0.0) + (side - margin - hi).min(0.0)
        }
    };
    let (dx, dy) = (shift(x0, x1, width as f64), shift(y0, y1, height as f64));
    strokes
        .into_iter()
        .map(|stroke| stroke.into_iter().map(|(x, y)| (x + dx, y + dy)).collect())
        .collect()
}

/// Ink on paper under the light of a room: a paper tone, a gradient of light, a soft shadow
/// over part of the page, sensor noise.
fn expose(ink: &[f64], width: usize, height: usize, rng: &mut Rng) -> Vec<u8> {
    let paper = [
        rng.range(200.0, 250.0),
        rng.range(195.0, 245.0),
        rng.range(180.0, 240.0),
    ];
    let pigment = [
        rng.range(15.0, 60.0),
        rng.range(15.0, 60.0),
        rng.range(25.0, 110.0),
    ];
    let (gx, gy) = (rng.range(-0.25, 0.25), rng.range(-0.25, 0.25));
    // The shadow: the side of a line through the photo, darker by up to 40%, edge blurred.
    let angle = rng.range(0.0, std::f64::consts::TAU);
    let (nx, ny) = (angle.cos(), angle.sin());
    let offset = rng.range(0.1, 0.6);
    let depth = rng.range(0.0, 0.4);
    let softness = rng.range(0.03, 0.2);
    let noise = rng.range(1.0, 8.0);
    let mut rgba = Vec::with_capacity(width * height * 4);
    let side = width.max(height) as f64;
    for y in 0..height {
        for x in 0..width {
            let (u, v) = (x as f64 / side - 0.5, y as f64 / side - 0.5);
            let light = 1.0 + gx * u * 2.0 + gy * v * 2.0;
            let into = (u * nx + v * ny + 0.5 - offset) / softness;
            let shade = 1.0 - depth * into.clamp(0.0, 1.0);
            let k = ink[y * width + x];
            for ch in 0..3 {
                let surface = paper[ch] * (1.0 - k) + pigment[ch] * k;
                let value = surface * light * shade + noise * rng.normal();
                rgba.push(value.round().clamp(0.0, 255.0) as u8);
            }
            rgba.push(255);
        }
    }
    rgba
}

/// A separable box blur of radius `r` (0: none), twice: close to a Gaussian's softness.
fn box_blur(values: &mut [f64], width: usize, height: usize, r: usize) {
    if r == 0 {
        return;
    }
    for _ in 0..2 {
        let mut tmp = vec![0.0; values.len()];
        for y in 0..height {
            for x in 0..width {
                let (a, b) = (x.saturating_sub(r), (x + r).min(width - 1));
                let row = &values[y * width + a..=y * width + b];
                tmp[y * width + x] = row.iter().sum::<f64>() / row.len() as f64;
            }
        }
        for y in 0..height {
            for x in 0..width {
                let (a, b) = (y.saturating_sub(r), (y + r).min(height - 1));
                let sum: f64 = (a..=b).map(|yy| tmp[yy * width + x]).sum();
                values[y * width + x] = sum / (b - a + 1) as f64;
            }
        }
    }
}

fn encode(rgba: &[u8], width: usize, height: usize, quality: u8) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let encoder = jpeg_encoder::Encoder::new(&mut out, quality);
    encoder
        .encode(
            rgba,
            width as u16,
            height as u16,
            jpeg_encoder::ColorType::Rgba,
        )
        .map_err(|e| Error::input(format!("cannot encode the photo as JPEG: {e}")))?;
    Ok(out)
}

fn decode(jpeg: &[u8]) -> Result<Vec<u8>> {
    let mut decoder = jpeg_decoder::Decoder::new(jpeg);
    let rgb = decoder
        .decode()
        .map_err(|e| Error::input(format!("cannot decode the JPEG photo: {e}")))?;
    Ok(rgb
        .chunks_exact(3)
        .flat_map(|p| [p[0], p[1], p[2], 255])
        .collect())
}

/// The photos of `make test`'s photo check: every this many of the held-out fold's samples.
/// Odd, so the check's photos take each of [`LONG_SIDES`] in turn.
pub const CHECK_STRIDE: usize = 13;

/// Photographs the samples numbered `at` and reads the photos as the page's Open image does.
pub fn evaluate(recognizer: &Recognizer, samples: &[&Sample], at: &[usize]) -> Result<Report> {
    written::by_site(samples, at, |i, sample| {
        let photo = photograph(&sample.strokes, i)?;
        recognizer.read_image(&Image::new(
            photo.width,
            photo.height,
            PixelFormat::Rgba8,
            &photo.rgba,
        )?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_writing_is_on_the_photo_clear_of_its_edges() {
        // Far wider than tall, and tall: what used to run off the frame.
        let shapes = [
            vec![
                vec![(0.0, 0.0), (100.0, 5.0)],
                vec![(50.0, -3.0), (50.0, 8.0)],
            ],
            vec![vec![(0.0, 0.0), (2.0, 100.0)]],
        ];
        for (index, strokes) in (0..60).zip(shapes.iter().cycle()) {
            let (width, height) = [(160, 120), (120, 160), (480, 480)][index as usize % 3];
            let ink = ink_on(strokes, width, height, &mut Rng::new(index));
            let on_edge = (0..width * height)
                .filter(|&p| {
                    let (x, y) = (p % width, p / width);
                    x == 0 || y == 0 || x == width - 1 || y == height - 1
                })
                .map(|p| ink[p])
                .fold(0.0, f64::max);
            assert!(on_edge < 0.01, "photo {index}: ink {on_edge} on the edge");
            assert!(ink.iter().sum::<f64>() > 1.0, "photo {index}: no ink");
        }
    }

    #[test]
    fn photos_are_seeded_jpegs_of_dark_ink_on_lighter_paper() {
        let strokes = vec![vec![(0.0, 0.0), (10.0, 40.0), (20.0, 0.0)]];
        let a = photograph(&strokes, 1).unwrap();
        let b = photograph(&strokes, 1).unwrap();
        assert_eq!(a.jpeg, b.jpeg);
        assert!(a.jpeg.starts_with(&[0xFF, 0xD8]));
        assert_eq!(a.rgba.len(), a.width * a.height * 4);
        assert_eq!(a.width.max(a.height), LONG_SIDES[1]);
        let luma: Vec<u8> = a.rgba.chunks(4).map(|p| p[1]).collect();
        let (darkest, median) = (*luma.iter().min().unwrap(), {
            let mut s = luma.clone();
            s.sort_unstable();
            s[s.len() / 2]
        });
        assert!(
            darkest < 100 && median > 150,
            "darkest {darkest}, median {median}"
        );
    }
}
