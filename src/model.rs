//! The CNN: `model/nickara.onnx`, embedded in the binary, run by tract.
//!
//! Contract (DESIGN.md): input float32 NHWC `[1, 28, 28, 1]` in [0, 1], white ink on black,
//! in the MNIST frame; output float32 `[1, 10]`, softmax probabilities of the digits 0–9.

use tract_onnx::prelude::*;

use crate::error::{Error, Result};
use crate::normalize::{Frame, SIDE};

/// The trained network, produced by `make model` (see `model/MODEL_CARD.md`).
pub const ONNX: &[u8] = include_bytes!("../model/nickara.onnx");

/// Number of classes: the digits 0–9.
pub const CLASSES: usize = 10;

/// A loaded, optimized network, ready to run many times.
pub struct Model {
    plan: std::sync::Arc<TypedRunnableModel>,
}

impl Model {
    /// Loads and optimizes the embedded network. Costly (tens of milliseconds): do it once.
    pub fn embedded() -> Result<Self> {
        Self::from_onnx(ONNX)
    }

    /// Loads and optimizes an ONNX network that follows the model contract.
    pub fn from_onnx(mut bytes: &[u8]) -> Result<Self> {
        let plan = tract_onnx::onnx()
            .model_for_read(&mut bytes)
            .and_then(|m| m.with_input_fact(0, f32::fact([1, SIDE, SIDE, 1]).into()))
            .and_then(|m| m.into_optimized())
            .and_then(|m| m.into_runnable())
            .map_err(|e| Error::Model(format!("loading the ONNX network: {e:#}")))?;
        Ok(Model { plan })
    }

    /// Softmax probabilities of the ten digits for one frame.
    pub fn probabilities(&self, frame: &Frame) -> Result<[f32; CLASSES]> {
        let input = Tensor::from_shape(&[1, SIDE, SIDE, 1], frame.pixels())
            .map_err(|e| Error::Model(format!("building the input tensor: {e:#}")))?;
        let outputs = self
            .plan
            .run(tvec!(input.into()))
            .map_err(|e| Error::Model(format!("running the network: {e:#}")))?;
        let view = outputs[0]
            .to_plain_array_view::<f32>()
            .map_err(|e| Error::Model(format!("reading the output: {e:#}")))?;
        let values: Vec<f32> = view.iter().copied().collect();
        let probabilities: [f32; CLASSES] = values.as_slice().try_into().map_err(|_| {
            Error::Model(format!(
                "expected {CLASSES} outputs, the network gave {}",
                values.len()
            ))
        })?;
        if probabilities.iter().any(|p| !p.is_finite()) {
            return Err(Error::Model(format!(
                "the network produced {probabilities:?}"
            )));
        }
        Ok(probabilities)
    }
}
