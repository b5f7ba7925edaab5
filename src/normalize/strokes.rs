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
use crate::error::{Error, Result};

/// Pen width in frame pixels, matched to MNIST: over the 60,000 training digits, ink mass over
/// skeleton length has a median of 2.47 px, and at 2.4 px the digits' own skeletons, redrawn
/// by this module, carry a median 1.02x their original ink (`nickara eval --pen-width`).
pub const PEN_WIDTH: f64 = 2.4;

/// Distance from the centre line at which the drawn ink fades below the level that counts
/// for an ink box (0.1, see [`coverage`]).
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
        self.strokes.iter().flatten().fold(None, |acc, &(x, y)| {
            Some(match acc {
                None => (x, y, x, y),
                Some((x0, y0, x1, y1)) => (x0.min(x), y0.min(y), x1.max(x), y1.max(y)),
            })
        })
    }
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

/// Draws every stroke as an anti-aliased polyline of width [`PEN_WIDTH`] with round caps and
/// joins; overlapping strokes take the maximum, as ink on paper does.
fn draw(strokes: &Strokes, placement: Placement) -> Frame {
    let mut frame = Frame::blank();
    for stroke in strokes.as_slice() {
        let points: Vec<Point> = stroke.iter().map(|&(x, y)| placement.apply(x, y)).collect();
        // A single point is a segment of length zero: a round dot.
        let first = points[0];
        draw_segment(&mut frame, first, first);
        for pair in points.windows(2) {
            draw_segment(&mut frame, pair[0], pair[1]);
        }
    }
    frame
}

/// Ink of a pixel whose centre lies `distance` from the pen's centre line: full inside the
/// pen, fading linearly to nothing over one pixel at its edge.
fn coverage(distance: f64) -> f32 {
    (PEN_WIDTH / 2.0 + 0.5 - distance).clamp(0.0, 1.0) as f32
}

fn draw_segment(frame: &mut Frame, a: Point, b: Point) {
    let reach = PEN_WIDTH / 2.0 + 0.5;
    let limit = SIDE as f64 - 1.0;
    let x_from = (a.0.min(b.0) - reach).floor().clamp(0.0, limit) as usize;
    let x_to = (a.0.max(b.0) + reach).ceil().clamp(0.0, limit) as usize;
    let y_from = (a.1.min(b.1) - reach).floor().clamp(0.0, limit) as usize;
    let y_to = (a.1.max(b.1) + reach).ceil().clamp(0.0, limit) as usize;
    let pixels = frame.pixels_mut();
    for y in y_from..=y_to {
        for x in x_from..=x_to {
            let d = distance_to_segment((x as f64 + 0.5, y as f64 + 0.5), a, b);
            let v = coverage(d);
            let pixel = &mut pixels[y * SIDE + x];
            *pixel = pixel.max(v);
        }
    }
}

/// Distance from `p` to the segment from `a` to `b`.
pub fn distance_to_segment(p: Point, a: Point, b: Point) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length2 = dx * dx + dy * dy;
    let t = if length2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / length2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (qx, qy) = (a.0 + t * dx, a.1 + t * dy);
    ((p.0 - qx).powi(2) + (p.1 - qy).powi(2)).sqrt()
}
