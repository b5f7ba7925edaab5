//! ONNX → NNEF: the training pipeline's `model/nickara.onnx` turned into the form the
//! library embeds, `model/nickara.nnef.tar` (`nickara convert`, run by `make model`).
//!
//! The graph is typed for the page's input `[1, 28, 28, 1]` and decluttered (the flatten
//! resolved, constants folded), so loading it needs neither the ONNX parser nor type
//! inference: both stay out of the browser's module.

use tract_nnef::internal::*;
use tract_onnx::prelude::InferenceModelExt;

use crate::error::{Error, Result};
use crate::normalize::SIDE;

/// Converts the ONNX model to a deterministic NNEF tar (same input, same bytes).
pub fn onnx_to_nnef(mut onnx: &[u8]) -> Result<Vec<u8>> {
    let fail = |stage: &'static str| move |e: TractError| Error::Model(format!("{stage}: {e:#}"));
    let model = tract_onnx::onnx()
        .model_for_read(&mut onnx)
        .and_then(|m| m.with_input_fact(0, f32::fact([1, SIDE, SIDE, 1]).into()))
        .and_then(|m| m.into_typed())
        .and_then(|m| m.into_decluttered())
        .map_err(fail("reading the ONNX model"))?;
    tract_nnef::nnef()
        .write_to_tar_with_config(&model, Vec::new(), false, true)
        .map_err(fail("writing NNEF"))
}
