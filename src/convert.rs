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
/// answers are those of the f32 weights, and the embedded model is 0.77 → 0.40 MB
/// (tests/bench/README.md, levers). tract's writer cannot do this itself: a cast in the graph is
/// folded back into f32 constants.
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
                let half = tensor.cast_to::<f16>()?;
                // Beyond ±65504 a weight would become infinite: a network trained so is refused
                // here rather than answering NaN in the browser.
                if half
                    .to_plain_array_view::<f16>()?
                    .iter()
                    .any(|v| !v.is_finite())
                {
                    bail!("{path:?} has weights outside f16's range (±65504)");
                }
                data.clear();
                write_tensor(&mut data, &half)?;
            }
        }
        header.set_size(data.len() as u64);
        out.append_data(&mut header, &path, &*data)?;
    }
    Ok(out.into_inner()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tar_of(name: &str, tensor: &Tensor) -> Vec<u8> {
        let mut data = Vec::new();
        write_tensor(&mut data, tensor).unwrap();
        let mut builder = tar::Builder::new(Vec::new());
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        builder.append_data(&mut header, name, &*data).unwrap();
        builder.into_inner().unwrap()
    }

    fn only_tensor(tar_bytes: &[u8]) -> Tensor {
        let mut archive = tar::Archive::new(tar_bytes);
        let entry = archive.entries().unwrap().next().unwrap().unwrap();
        read_tensor(entry).unwrap()
    }

    #[test]
    fn weights_are_stored_as_f16_and_other_tensors_kept() {
        let weights = tensor1(&[0.5f32, -1.25, 3.0e-3]);
        let rewritten = only_tensor(&weights_as_f16(&tar_of("w.dat", &weights)).unwrap());
        assert_eq!(rewritten.datum_type(), f16::datum_type());
        let widened = rewritten.cast_to::<f32>().unwrap();
        let values: Vec<f32> = widened
            .to_plain_array_view::<f32>()
            .unwrap()
            .iter()
            .copied()
            .collect();
        assert_eq!(values[..2], [0.5, -1.25]);
        assert!((values[2] - 3.0e-3).abs() < 3.0e-3 / 1024.0);
        let indices = tensor1(&[1i64, 2]);
        let kept = only_tensor(&weights_as_f16(&tar_of("i.dat", &indices)).unwrap());
        assert_eq!(kept, indices);
    }

    #[test]
    fn weights_beyond_f16_are_refused() {
        let weights = tensor1(&[1.0f32, 1.0e5]);
        let error = weights_as_f16(&tar_of("w.dat", &weights)).unwrap_err();
        assert!(
            format!("{error:#}").contains("outside f16's range"),
            "{error:#}"
        );
    }
}
