//! ONNX → NNEF: the training pipeline's `model/nickara.onnx` turned into the form the
//! library embeds, `model/nickara.nnef.tar` (`nickara convert`, run by `make model`).
//!
//! The graph is typed for the page's input `[1, 28, 28, 1]` and decluttered (the flatten
//! resolved, constants folded), so loading it needs neither the ONNX parser nor type
//! inference: both stay out of the browser's module. Its weights are stored as f16, half the
//! bytes the model adds to the page's download; [`crate::model::Model::from_nnef`] widens them
//! back to f32 when it loads them.

use std::io::Read;

use tract_nnef::internal::*;
use tract_nnef::tensors::{read_tensor, write_tensor};
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
        .and_then(|tar| weights_as_f16(&tar))
        .map_err(fail("writing NNEF"))
}

/// The same NNEF tar with every f32 tensor stored as f16. The network still computes in f32 (the
/// loader widens them), on weights rounded to 11 significant bits: MNIST's and the real strokes'
/// answers are those of the f32 weights (`model/MODEL_CARD.md`), and the embedded model is
/// 0.76 → 0.38 MB. tract's writer cannot do this itself: a cast in the graph is folded back into
/// f32 constants.
fn weights_as_f16(tar_bytes: &[u8]) -> TractResult<Vec<u8>> {
    let mut out = tar::Builder::new(Vec::new());
    for entry in tar::Archive::new(tar_bytes).entries()? {
        let mut entry = entry?;
        let path = entry.path()?.into_owned();
        let mut header = entry.header().clone();
        let mut data = Vec::new();
        entry.read_to_end(&mut data)?;
        if path.extension().is_some_and(|e| e == "dat") {
            let tensor = read_tensor(&*data).with_context(|| format!("reading {path:?}"))?;
            if tensor.datum_type() == f32::datum_type() {
                data.clear();
                write_tensor(&mut data, &*tensor.cast_to::<f16>()?)?;
            }
        }
        header.set_size(data.len() as u64);
        out.append_data(&mut header, &path, &*data)?;
    }
    Ok(out.into_inner()?)
}
