//! Raster input (a canvas' `ImageData`, a PNG, an MNIST image) → the MNIST frame.
//!
//! Stages, in the order the pixels go through them:
//! 1. [`Image`]: the caller's bytes, checked (dimensions, length).
//! 2. [`InkMap::from_image`]: one value per pixel, 1 = ink, 0 = paper, whatever the
//!    polarity (dark on light or light on dark) or whether the ink is in the alpha channel.
//!    Very large images are box-averaged down first, so memory stays bounded. Photos get
//!    their uneven paper, noise and page edges removed first (`photo`).
//! 3. [`InkMap::to_frame`]: fit the ink's bounding box into 20x20 (keeping aspect ratio),
//!    centre of mass to the centre, area-averaged resampling (anti-aliased, exact for any
//!    scale factor).

use super::frame::{Frame, Placement, BLANK_LEVEL, INK_BOX, SIDE};
use super::photo;
use crate::error::{Error, Result};
use crate::limits;

/// Images larger than this (on their longest side) are box-averaged down before anything
/// else: a digit needs nowhere near this resolution, and it bounds memory in wasm.
const WORKING_SIDE: usize = 1024;
/// A pixel belongs to the ink's bounding box from this ink level on; fainter pixels (the
/// anti-aliasing fringe, paper texture) still contribute to the resampled image.
const BOX_LEVEL: f32 = 0.1;
/// Less contrast than this between paper and the strongest ink is an empty image.
const MIN_CONTRAST: f32 = 0.08;

/// How the bytes of an [`Image`] are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PixelFormat {
    /// One byte per pixel, 0 = black.
    Gray8,
    /// Four bytes per pixel: red, green, blue, alpha (the layout of `ImageData`).
    Rgba8,
}

impl PixelFormat {
    fn channels(self) -> usize {
        match self {
            PixelFormat::Gray8 => 1,
            PixelFormat::Rgba8 => 4,
        }
    }
}

/// Borrowed pixels with their dimensions, validated.
#[derive(Debug, Clone, Copy)]
pub struct Image<'a> {
    width: usize,
    height: usize,
    format: PixelFormat,
    data: &'a [u8],
}

impl<'a> Image<'a> {
    /// Checks that `data` holds exactly `width * height` pixels of `format`.
    pub fn new(width: usize, height: usize, format: PixelFormat, data: &'a [u8]) -> Result<Self> {
        let expected = Image::byte_length(width, height, format)?;
        if data.len() != expected {
            let layout = match format {
                PixelFormat::Gray8 => "1 byte per pixel (gray)",
                PixelFormat::Rgba8 => "4 bytes per pixel (RGBA)",
            };
            return Err(Error::input(format!(
                "expected {expected} bytes for a {width}x{height} image with {layout}, got {}",
                data.len()
            )));
        }
        Ok(Image {
            width,
            height,
            format,
            data,
        })
    }

    /// The bytes a `width` x `height` image of `format` has, once its size is checked against
    /// the limits: callers check this before copying the pixels anywhere.
    pub fn byte_length(width: usize, height: usize, format: PixelFormat) -> Result<usize> {
        if width == 0 || height == 0 {
            return Err(Error::input(format!(
                "expected an image with at least 1x1 pixels, got {width}x{height}"
            )));
        }
        let side = width.max(height);
        limits::IMAGE_SIDE.check(side, |_| {
            format!("a {width}x{height} image (scale it down first)")
        })?;
        // Both sides are at most 16,384, so the product fits even a 32-bit usize.
        limits::IMAGE_PIXELS.check(width * height, |n| {
            format!("a {width}x{height} image has {n} pixels (scale it down first)")
        })?;
        Ok(width * height * format.channels())
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn height(&self) -> usize {
        self.height
    }

    /// Luminance and opacity of pixel `i`, both in [0, 1].
    fn luma_alpha(&self, i: usize) -> (f32, f32) {
        match self.format {
            PixelFormat::Gray8 => (self.data[i] as f32 / 255.0, 1.0),
            PixelFormat::Rgba8 => {
                let p = &self.data[i * 4..i * 4 + 4];
                // Rec. 601 luma, as canvas grayscale conversions and MNIST's scans use.
                let luma =
                    (0.299 * p[0] as f32 + 0.587 * p[1] as f32 + 0.114 * p[2] as f32) / 255.0;
                (luma, p[3] as f32 / 255.0)
            }
        }
    }
}

/// A grayscale map of the ink: 1 = ink, 0 = paper, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct InkMap {
    width: usize,
    height: usize,
    /// Pixels of the original image per pixel of this map, along each axis (large images
    /// are box-averaged down).
    factor: usize,
    ink: Vec<f32>,
}

impl InkMap {
    pub fn width(&self) -> usize {
        self.width
    }

    pub fn height(&self) -> usize {
        self.height
    }

    pub fn values(&self) -> &[f32] {
        &self.ink
    }

    /// The ink at `own` (indexes into this map) alone, in a map cropped to the box `x0..x1`,
    /// `y0..y1` that holds them: one digit of a number costs memory for its own box only, not
    /// for the whole page. The frame does not depend on where the ink is (up to rounding).
    pub fn crop(&self, own: &[usize], (x0, y0, x1, y1): (usize, usize, usize, usize)) -> InkMap {
        let width = x1 - x0;
        let mut ink = vec![0.0; width * (y1 - y0)];
        for &p in own {
            let (x, y) = (p % self.width, p / self.width);
            ink[(y - y0) * width + x - x0] = self.ink[p];
        }
        InkMap {
            width,
            height: y1 - y0,
            factor: self.factor,
            ink,
        }
    }

    /// All the ink, summed row by row (so a crop holding every inked pixel sums the same).
    pub fn total(&self) -> f64 {
        self.ink.iter().map(|&v| v as f64).sum()
    }

    /// Pixels of the original image per pixel of this map, along each axis.
    pub fn factor(&self) -> usize {
        self.factor
    }

    /// Extracts the ink of a drawing or a clean scan.
    ///
    /// The paper is what the border of the image shows: a transparent border means the ink is
    /// whatever is opaque (a canvas drawn on without a background); otherwise the border's
    /// luminance is the paper and the ink is whatever differs from it in the other direction
    /// (so black-on-white and white-on-black both work). The ink is then stretched so that its
    /// strongest pixel is 1. Returns `None` when there is no ink to speak of.
    pub fn from_image(image: &Image) -> Option<InkMap> {
        let (factor, width, height, luma, alpha) = reduce(image);
        let border = border_indices(width, height);
        let paper_alpha = median(border.iter().map(|&i| alpha[i]));
        let ink: Vec<f32> = if paper_alpha < 0.5 {
            alpha
        } else {
            // Only opaque pixels are paper or ink; composite the rest over the paper.
            let paper = median(border.iter().map(|&i| luma[i]));
            let dark_ink = paper >= 0.5;
            if photo::is_photo(&luma, paper) {
                return InkMap::stretched(
                    width,
                    height,
                    factor,
                    photo::ink(width, height, &luma, dark_ink),
                );
            }
            luma.iter()
                .zip(&alpha)
                .map(|(&l, &a)| {
                    let l = a * l + (1.0 - a) * paper;
                    if dark_ink {
                        paper - l
                    } else {
                        l - paper
                    }
                })
                .collect()
        };
        InkMap::stretched(width, height, factor, ink)
    }

    /// Stretches the ink so that its strongest pixel is 1; `None` without enough contrast.
    fn stretched(width: usize, height: usize, factor: usize, ink: Vec<f32>) -> Option<InkMap> {
        let peak = ink.iter().copied().fold(0.0f32, f32::max);
        if peak < MIN_CONTRAST {
            return None;
        }
        let ink = ink
            .into_iter()
            .map(|v| (v / peak).clamp(0.0, 1.0))
            .collect();
        Some(InkMap {
            width,
            height,
            factor,
            ink,
        })
    }

    /// Bounding box of the ink as `(x0, y0, x1, y1)`, edges in pixel coordinates.
    fn ink_box(&self) -> Option<(usize, usize, usize, usize)> {
        let mut bounds: Option<(usize, usize, usize, usize)> = None;
        for (i, &v) in self.ink.iter().enumerate() {
            if v >= BOX_LEVEL {
                let (x, y) = (i % self.width, i / self.width);
                bounds = Some(match bounds {
                    None => (x, y, x + 1, y + 1),
                    Some((x0, y0, x1, y1)) => (x0.min(x), y0.min(y), x1.max(x + 1), y1.max(y + 1)),
                });
            }
        }
        bounds
    }

    /// Centre of mass, pixel (x, y) covering [x, x+1) x [y, y+1).
    fn center_of_mass(&self) -> (f64, f64) {
        let (mut m, mut mx, mut my) = (0.0f64, 0.0f64, 0.0f64);
        for (i, &v) in self.ink.iter().enumerate() {
            let v = v as f64;
            m += v;
            mx += v * ((i % self.width) as f64 + 0.5);
            my += v * ((i / self.width) as f64 + 0.5);
        }
        (mx / m, my / m)
    }

    /// The MNIST frame of this ink, or `None` when no pixel is strong enough to be ink.
    pub fn to_frame(&self) -> Option<Frame> {
        let (x0, y0, x1, y1) = self.ink_box()?;
        let mut placement = Placement::fit(
            (x1 - x0) as f64,
            (y1 - y0) as f64,
            INK_BOX,
            self.center_of_mass(),
        );
        // Ink already at frame scale (an MNIST digit, a 28x28 canvas) is moved by whole pixels,
        // as MNIST itself does, so it is not blurred by resampling; at any other scale the
        // resampling happens anyway and exact centring is free.
        if placement.scale == 1.0 {
            placement = placement.snapped();
        }
        let mut frame = resample(self, placement);
        stretch_to_full_range(&mut frame);
        (!frame.is_blank()).then_some(frame)
    }
}

/// Converts to luminance and alpha planes, box-averaging by an integer factor when the image
/// is larger than [`WORKING_SIDE`].
fn reduce(image: &Image) -> (usize, usize, usize, Vec<f32>, Vec<f32>) {
    let factor = image.width.max(image.height).div_ceil(WORKING_SIDE);
    let (width, height) = (image.width.div_ceil(factor), image.height.div_ceil(factor));
    let mut luma = vec![0.0f32; width * height];
    let mut alpha = vec![0.0f32; width * height];
    let mut count = vec![0.0f32; width * height];
    for y in 0..image.height {
        for x in 0..image.width {
            let (l, a) = image.luma_alpha(y * image.width + x);
            let j = (y / factor) * width + x / factor;
            luma[j] += l;
            alpha[j] += a;
            count[j] += 1.0;
        }
    }
    for ((l, a), n) in luma.iter_mut().zip(alpha.iter_mut()).zip(&count) {
        *l /= n;
        *a /= n;
    }
    (factor, width, height, luma, alpha)
}

/// Indexes of the pixels on the outer edge of a `width` x `height` image.
fn border_indices(width: usize, height: usize) -> Vec<usize> {
    let mut border: Vec<usize> = (0..width)
        .flat_map(|x| [x, (height - 1) * width + x])
        .collect();
    border.extend((0..height).flat_map(|y| [y * width, y * width + width - 1]));
    border
}

fn median(values: impl Iterator<Item = f32>) -> f32 {
    let mut values: Vec<f32> = values.collect();
    values.sort_by(f32::total_cmp);
    values[values.len() / 2]
}

/// Area-averaged resampling of `ink` into the frame under `placement`.
///
/// Each frame pixel takes the mean of the ink over the exact (fractional) rectangle it covers
/// in the source, computed in O(1) from a summed-area table. For piecewise-constant pixels the
/// bilinear interpolation of that table is the exact integral, so this is true area averaging
/// at any scale, with sub-pixel placement and no second blur from a separate shift.
fn resample(ink: &InkMap, placement: Placement) -> Frame {
    let table = SummedArea::new(ink);
    let source_area = 1.0 / (placement.scale * placement.scale);
    let mut frame = Frame::blank();
    for (i, out) in frame.pixels_mut().iter_mut().enumerate() {
        let (fx, fy) = ((i % SIDE) as f64, (i / SIDE) as f64);
        let (sx0, sy0) = placement.invert(fx, fy);
        let (sx1, sy1) = placement.invert(fx + 1.0, fy + 1.0);
        *out = (table.integral(sx0, sy0, sx1, sy1) / source_area) as f32;
    }
    frame
}

/// Scales the frame so its strongest pixel is 1, as in MNIST: a thin pen on a large canvas
/// averages down to faint gray, but it is still full-strength ink.
fn stretch_to_full_range(frame: &mut Frame) {
    let peak = frame.pixels().iter().copied().fold(0.0f32, f32::max);
    if peak > BLANK_LEVEL {
        for v in frame.pixels_mut().iter_mut() {
            *v = (*v / peak).clamp(0.0, 1.0);
        }
    }
}

/// Summed-area table with continuous (bilinearly interpolated) lookups.
struct SummedArea {
    width: usize,
    height: usize,
    /// `(width + 1) * (height + 1)` sums; entry (x, y) is the ink in [0, x) x [0, y).
    sums: Vec<f64>,
}

impl SummedArea {
    fn new(ink: &InkMap) -> Self {
        let (w, h) = (ink.width, ink.height);
        let mut sums = vec![0.0f64; (w + 1) * (h + 1)];
        for y in 0..h {
            let mut row = 0.0f64;
            for x in 0..w {
                row += ink.ink[y * w + x] as f64;
                sums[(y + 1) * (w + 1) + x + 1] = sums[y * (w + 1) + x + 1] + row;
            }
        }
        SummedArea {
            width: w,
            height: h,
            sums,
        }
    }

    fn at(&self, x: usize, y: usize) -> f64 {
        self.sums[y * (self.width + 1) + x]
    }

    /// Ink in [0, x) x [0, y) for real x, y (clamped to the image).
    fn cumulative(&self, x: f64, y: f64) -> f64 {
        let x = x.clamp(0.0, self.width as f64);
        let y = y.clamp(0.0, self.height as f64);
        let (x0, y0) = (x.floor() as usize, y.floor() as usize);
        let (x1, y1) = ((x0 + 1).min(self.width), (y0 + 1).min(self.height));
        let (tx, ty) = (x - x0 as f64, y - y0 as f64);
        let top = self.at(x0, y0) * (1.0 - tx) + self.at(x1, y0) * tx;
        let bottom = self.at(x0, y1) * (1.0 - tx) + self.at(x1, y1) * tx;
        top * (1.0 - ty) + bottom * ty
    }

    /// Ink in the rectangle [x0, x1) x [y0, y1).
    fn integral(&self, x0: f64, y0: f64, x1: f64, y1: f64) -> f64 {
        self.cumulative(x1, y1) - self.cumulative(x0, y1) - self.cumulative(x1, y0)
            + self.cumulative(x0, y0)
    }
}

/// Normalizes an image into the MNIST frame; `None` when it shows no ink.
pub fn frame_from_image(image: &Image) -> Option<Frame> {
    InkMap::from_image(image)?.to_frame()
}
