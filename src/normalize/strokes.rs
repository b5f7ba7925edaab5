//! Pointer strokes → the MNIST frame, drawn at MNIST's own pen width.
//!
//! Rasterizing the user's canvas and shrinking it would carry over their brush: a thin pen
//! on a large pad becomes hair-thin, a fat one becomes a blob. Instead the stroke *geometry*
//! is fitted into the frame and redrawn there with anti-aliased lines as wide as a typical
//! MNIST stroke, so the result depends neither on how large the user drew nor on the brush.
//!
//! Stages: bounding box of the points → scale the centre lines into the 20x20 box minus the
//! pen's reach (so the *ink* fills 20x20, as in MNIST) → draw → move the centre of mass to the
//! centre of the frame and draw again there.

use super::frame::{Frame, Placement, CENTER, INK_BOX, SIDE};
use super::pen;
use crate::error::{Error, Result};

/// Pen width in frame pixels, matched to MNIST: over the 60,000 training digits, ink mass over
/// skeleton length has a median of 2.47 px, and at 2.4 px the digits' own skeletons, redrawn
/// by this module, carry a median 1.02x their original ink (`nickara eval --pen-width`).
pub const PEN_WIDTH: f64 = 2.4;

/// Distance from the centre line at which the drawn ink fades below the level that counts
/// for an ink box (0.1, see [`pen::coverage`]).
const INK_REACH: f64 = PEN_WIDTH / 2.0 + 0.4;

/// A point in the caller's coordinates (any unit, any origin; y grows downwards, as on a
/// canvas).
pub type Point = (f64, f64);

/// Checked strokes: at least one point each, all coordinates finite, finite overall extent.
#[derive(Debug, Clone, PartialEq)]
pub struct Strokes {
    strokes: Vec<Vec<Point>>,
}

impl Strokes {
    /// Validates the strokes; an empty list is valid (an empty drawing).
    pub fn new(strokes: Vec<Vec<Point>>) -> Result<Self> {
        for (s, stroke) in strokes.iter().enumerate() {
            if stroke.is_empty() {
                return Err(Error::input(format!(
                    "stroke {s} has no points; expected each stroke to be a non-empty array of \
                     [x, y] points"
                )));
            }
            if let Some(p) = stroke
                .iter()
                .position(|(x, y)| !x.is_finite() || !y.is_finite())
            {
                let (x, y) = stroke[p];
                return Err(Error::input(format!(
                    "stroke {s}, point {p} is [{x}, {y}]; expected finite numbers"
                )));
            }
        }
        let strokes = Strokes { strokes };
        if let Some((x0, y0, x1, y1)) = strokes.bounds() {
            if !(x1 - x0).is_finite() || !(y1 - y0).is_finite() {
                return Err(Error::input(
                    "the points span more than the largest representable distance; expected \
                     coordinates within ±1e300",
                ));
            }
        }
        Ok(strokes)
    }

    pub fn is_empty(&self) -> bool {
        self.strokes.is_empty()
    }

    pub fn as_slice(&self) -> &[Vec<Point>] {
        &self.strokes
    }

    /// True when every point is the same point: a tap, not a shape.
    pub fn is_dot(&self) -> bool {
        matches!(self.bounds(), Some((x0, y0, x1, y1)) if x0 == x1 && y0 == y1)
    }

    /// `(min x, min y, max x, max y)` over all points, `None` without points.
    pub fn bounds(&self) -> Option<(f64, f64, f64, f64)> {
        bounds(&self.strokes)
    }
}

/// `(min x, min y, max x, max y)` over every point of `strokes`, `None` without points; also
/// for strokes not (yet) checked into [`Strokes`].
pub fn bounds(strokes: &[Vec<Point>]) -> Option<(f64, f64, f64, f64)> {
    strokes.iter().flatten().fold(None, |acc, &(x, y)| {
        Some(match acc {
            None => (x, y, x, y),
            Some((x0, y0, x1, y1)) => (x0.min(x), y0.min(y), x1.max(x), y1.max(y)),
        })
    })
}

/// Normalizes strokes into the MNIST frame; `None` for an empty drawing.
pub fn frame_from_strokes(strokes: &Strokes) -> Option<Frame> {
    let (x0, y0, x1, y1) = strokes.bounds()?;
    // Fit the centre lines into the box minus the pen's reach on both sides: the drawn ink
    // then spans 20 px, as MNIST's does.
    let centre = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let boxed = Placement::fit(x1 - x0, y1 - y0, INK_BOX - 2.0 * INK_REACH, centre);
    let first = draw(strokes, boxed);
    let (cx, cy) = first.center_of_mass()?;
    Some(draw(strokes, boxed.shifted(CENTER - cx, CENTER - cy)))
}

/// Draws every stroke with the pen at [`PEN_WIDTH`], placed in the frame.
fn draw(strokes: &Strokes, placement: Placement) -> Frame {
    let mut frame = Frame::blank();
    let pixels = frame.pixels_mut();
    let place = |(x, y): Point| placement.apply(x, y);
    pen::trace(strokes.as_slice(), place, SIDE, SIDE, PEN_WIDTH, |i, c| {
        pixels[i] = pixels[i].max(c as f32);
    });
    frame
}
