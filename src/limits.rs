//! The largest inputs the recognizer accepts, named once.
//!
//! Every limit is checked before the work it bounds: before anything is copied into wasm
//! memory, allocated or run through the model. Beyond them an input gets an [`Error`] that
//! names the limit (the README's API section lists them), never a trap, a hang or a
//! multi-gigabyte allocation. They are far above what a person draws or a camera takes.

use std::fmt;

use crate::error::{Error, Result};
use crate::normalize::Strokes;

/// One limit: how much of what, where. `name` is how messages and the README call it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub name: &'static str,
    pub value: usize,
}

/// Arrays inside arrays, counting the outermost: strokes `[[[x, y]]]` and the seed's body
/// `[[[v]]]` need 3; one more lets a value nested one level too deep still get a message
/// about its shape. Parsing never recurses deeper, so no input can overflow the stack.
pub const DEPTH: Limit = Limit {
    name: "levels of nested arrays",
    value: 4,
};
/// Strokes in one drawing (a number of many digits is a few dozen).
pub const STROKES: Limit = Limit {
    name: "strokes in a drawing",
    value: 1_000,
};
/// Points in one stroke (a pointer sends ~60–240 a second).
pub const STROKE_POINTS: Limit = Limit {
    name: "points in a stroke",
    value: 10_000,
};
/// Points in all the strokes of a drawing.
pub const POINTS: Limit = Limit {
    name: "points in a drawing",
    value: 50_000,
};
/// Numbers and arrays in one nested value: what the largest drawing needs (three per point,
/// `[x, y]`, one per stroke, one for the list). Bounds parsing before any shape is known.
pub const VALUES: Limit = Limit {
    name: "values in a nested array",
    value: 3 * POINTS.value + STROKES.value + 1,
};
/// Digits read in one number: each is one run of the model.
pub const DIGITS: Limit = Limit {
    name: "digits in a number",
    value: 100,
};
/// Width or height of an image (a 16k canvas is the browsers' own limit).
pub const IMAGE_SIDE: Limit = Limit {
    name: "pixels on a side of an image",
    value: 16_384,
};
/// Pixels of an image (4096x4096: a 12-megapixel photo fits); its RGBA bytes are copied into
/// wasm memory once, so this bounds the module's memory.
pub const IMAGE_PIXELS: Limit = Limit {
    name: "pixels in an image",
    value: 4096 * 4096,
};

/// The largest coordinate of a point, either sign: the normalization takes the centre and the
/// span of the points, which overflow to infinity near `f64::MAX` (a dot at 1e308 would be read
/// as no ink at all).
pub const MAX_COORDINATE: f64 = 1e300;

/// Checks every point of `strokes` against [`MAX_COORDINATE`].
pub fn check_coordinates(strokes: &Strokes) -> Result<()> {
    for (s, stroke) in strokes.as_slice().iter().enumerate() {
        if let Some(p) = stroke
            .iter()
            .position(|(x, y)| x.abs() > MAX_COORDINATE || y.abs() > MAX_COORDINATE)
        {
            let (x, y) = stroke[p];
            return Err(Error::input(format!(
                "stroke {s}, point {p} is [{x:e}, {y:e}], over the limit of ±{MAX_COORDINATE:e} \
                 for coordinates"
            )));
        }
    }
    Ok(())
}

/// Every limit, for the documentation test.
pub const ALL: [Limit; 8] = [
    DEPTH,
    STROKES,
    STROKE_POINTS,
    POINTS,
    VALUES,
    DIGITS,
    IMAGE_SIDE,
    IMAGE_PIXELS,
];

impl Limit {
    /// `Ok` when `got` is within the limit; otherwise the error for `what(got)`, which says
    /// what is over it ("2000 strokes").
    pub fn check(&self, got: usize, what: impl FnOnce(usize) -> String) -> Result<()> {
        if got <= self.value {
            Ok(())
        } else {
            Err(self.exceeded(what(got)))
        }
    }

    /// The error for `what`, which is over this limit.
    pub fn exceeded(&self, what: impl fmt::Display) -> Error {
        Error::input(format!(
            "{what}, over the limit of {} {}",
            self.value, self.name
        ))
    }
}
