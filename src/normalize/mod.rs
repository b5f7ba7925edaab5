//! Normalization: any input → the 28x28 MNIST frame the model was trained on.
//!
//! Pure Rust, no model: the browser, the CLI and the tests all call these same functions.
//! Each function returns `None` when the input holds no ink: an empty drawing is not a digit.

mod frame;
pub(crate) mod grid;
mod image;
mod pen;
mod photo;
mod strokes;

#[cfg(target_arch = "wasm32")]
pub(crate) use frame::as_typed_arrays;
pub use frame::{Frame, Placement, BLANK_LEVEL, CENTER, INK_BOX, PIXELS, SIDE};
pub use image::{frame_from_image, Image, InkMap, PixelFormat};
pub use pen::{coverage, distance_to_segment};
pub(crate) use strokes::bounds;
pub use strokes::{frame_from_strokes, Point, Strokes, PEN_WIDTH};

use crate::error::{Error, Result};

/// Accepts 784 values that are already in the frame (row-major, white ink on black, in
/// [0, 1]); `None` when none of them is ink.
pub fn frame_from_values(values: &[f32]) -> Result<Option<Frame>> {
    check_values_length(values.len())?;
    if let Some(i) = values.iter().position(|v| !(0.0..=1.0).contains(v)) {
        let v = values[i];
        let hint = if v > 1.0 && v <= 255.0 {
            " (divide 0-255 pixels by 255)"
        } else {
            ""
        };
        return Err(Error::input(format!(
            "value at row {}, column {} is {v}; expected a number in [0, 1]{hint}",
            i / SIDE,
            i % SIDE
        )));
    }
    let pixels: [f32; PIXELS] = values.try_into().expect("length checked above");
    let frame = Frame::from_pixels(pixels);
    Ok((!frame.is_blank()).then_some(frame))
}

/// The frame's values come as exactly [`PIXELS`] numbers; callers holding them in another
/// form (a JS array) check their length with this before reading them.
pub(crate) fn check_values_length(length: usize) -> Result<()> {
    if length == PIXELS {
        return Ok(());
    }
    Err(Error::input(format!(
        "expected {PIXELS} values (a 28x28 image, row-major), got {length}"
    )))
}
