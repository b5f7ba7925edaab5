//! ONNX → NNEF: the training pipeline's `model/nickara.onnx` turned into the form the
//! library embeds, `model/nickara.nnef.tar` (`nickara convert`, run by `make model`).
//!
//! The graph is typed for the page's input `[1, 28, 28, 1]` and decluttered (the flatten
//! resolved, constants folded), so loading it needs neither the ONNX parser nor type
//! inference: both stay out of the browser's module. Its weights are stored as int8 with scales
//! and f16 ([`crate::model::weights`]), a quarter of the bytes the model adds to the page's
//! download; [`crate::model::Model::from_nnef`] widens them back to f32 when it loads them.

use std::io::Read;

use tract_nnef::internal::*;
use tract_nnef::tensors::{read_tensor, write_tensor};
use tract_onnx::prelude::InferenceModelExt;

use crate::error::{Error, Result};
use crate::model::weights;
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
        .and_then(|tar| compact_weights(&tar))
        .map_err(fail("writing NNEF"))
}

/// The same NNEF tar with its f32 tensors stored as [`crate::model::weights`] describes (int8
/// weights with per-channel scales, small tensors f16): the embedded model is 0.77 → 0.21 MB
/// (tests/bench/README.md, levers). tract's writer cannot do this itself: a cast in the graph is
/// folded back into f32 constants.
fn compact_weights(tar_bytes: &[u8]) -> TractResult<Vec<u8>> {
    let mut out = tar::Builder::new(Vec::new());
    for entry in tar::Archive::new(tar_bytes).entries()? {
        let mut entry = entry?;
        let path = entry.path()?.into_owned();
        let mut header = entry.header().clone();
        let mut data = Vec::new();
        entry.read_to_end(&mut data)?;
        let name = path.to_string_lossy().into_owned();
        if let Some(label) = name.strip_suffix(".dat") {
            let tensor = read_tensor(&*data).with_context(|| format!("reading {name:?}"))?;
            if tensor.datum_type() == f32::datum_type() {
                let (stored, scales) =
                    weights::compact(&tensor).with_context(|| format!("storing {name:?}"))?;
                data.clear();
                write_tensor(&mut data, &stored)?;
                if let Some(scales) = scales {
                    let mut scale_data = Vec::new();
                    write_tensor(&mut scale_data, &scales)?;
                    let mut scale_header = header.clone();
                    scale_header.set_size(scale_data.len() as u64);
                    let scale_path = format!("{label}{}.dat", weights::SCALES);
                    out.append_data(&mut scale_header, scale_path, &*scale_data)?;
                }
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

    fn tar_of(entries: &[(&str, Tensor)]) -> Vec<u8> {
        let mut builder = tar::Builder::new(Vec::new());
        for (name, tensor) in entries {
            let mut data = Vec::new();
            write_tensor(&mut data, tensor).unwrap();
            let mut header = tar::Header::new_gnu();
            header.set_size(data.len() as u64);
            builder.append_data(&mut header, name, &*data).unwrap();
        }
        builder.into_inner().unwrap()
    }

    fn tensors_of(tar_bytes: &[u8]) -> Vec<(String, Tensor)> {
        tar::Archive::new(tar_bytes)
            .entries()
            .unwrap()
            .map(|entry| {
                let entry = entry.unwrap();
                let name = entry.path().unwrap().to_string_lossy().into_owned();
                (name, read_tensor(entry).unwrap())
            })
            .collect()
    }

    #[test]
    fn weights_become_int8_with_scales_small_tensors_f16_and_others_stay() {
        let weights = Tensor::from_shape(&[32, 16, 3, 3], &[0.5f32; 4608]).unwrap();
        let bias = tensor1(&[0.5f32, -1.25]);
        let indices = tensor1(&[1i64, 2]);
        let tar = tar_of(&[
            ("a/w:0.dat", weights),
            ("b.dat", bias),
            ("i.dat", indices.clone()),
        ]);
        let stored = tensors_of(&compact_weights(&tar).unwrap());
        let kinds: Vec<(&str, DatumType)> = stored
            .iter()
            .map(|(name, t)| (name.as_str(), t.datum_type()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("a/w:0.scales.dat", DatumType::F32),
                ("a/w:0.dat", DatumType::I8),
                ("b.dat", DatumType::F16),
                ("i.dat", DatumType::I64),
            ]
        );
        assert_eq!(stored[3].1, indices);
    }

    #[test]
    fn weights_that_cannot_be_stored_name_their_file() {
        let tar = tar_of(&[("w.dat", tensor1(&[1.0f32, 1.0e5]))]);
        let error = compact_weights(&tar).unwrap_err();
        let message = format!("{error:#}");
        assert!(
            message.contains("\"w.dat\"") && message.contains("f16's range"),
            "{message}"
        );
    }
}
