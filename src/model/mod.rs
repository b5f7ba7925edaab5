//! The CNN: `model/nickara.nnef.tar` (converted from `model/nickara.onnx`), embedded in the
//! binary, run by tract.
//!
//! Contract: input float32 NHWC `[1, 28, 28, 1]` in [0, 1], white ink on black,
//! in the MNIST frame; output float32 `[1, 10]`, softmax probabilities of the digits 0–9, and
//! optionally a second, float32 `[1, 1]`: the probability that the ink is one whole digit (not
//! a part of one, nor several), which choosing a number's digits weighs (`choose`).

use serde::Deserialize;
use tract_nnef::prelude::*;

mod operators;
pub mod weights;

use crate::error::{Error, Result};
use crate::normalize::{Frame, SIDE};

/// The trained network as the training pipeline exports it (see `model/MODEL_CARD.md`), what
/// [`crate::convert`] turns into [`NNEF`].
#[cfg(all(feature = "convert", not(target_arch = "wasm32")))]
pub const ONNX: &[u8] = include_bytes!("../../model/nickara.onnx");
/// The same network as it is embedded and run: typed for `[1, 28, 28, 1]` and decluttered (`convert`).
pub const NNEF: &[u8] = include_bytes!("../../model/nickara.nnef.tar");

/// How far the network's probabilities can be trusted, fitted by the training pipeline on
/// the validation split (see `model/MODEL_CARD.md`).
pub const CALIBRATION_JSON: &str = include_str!("../../model/calibration.json");

/// Number of classes: the digits 0–9.
pub const CLASSES: usize = 10;

/// The calibration that comes with the model.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Calibration {
    /// The softmax temperature, already baked into the exported network's last layer.
    pub temperature: f64,
    /// Below this confidence an answer is "not sure".
    pub unsure_below: f32,
    /// How `unsure_below` was chosen.
    pub rule: String,
    /// Expected calibration error on the MNIST test set before and after temperature scaling.
    pub ece_test_before: f64,
    pub ece_test_after: f64,
}

impl Calibration {
    /// The calibration that was fitted for the embedded network.
    pub fn embedded() -> Result<Self> {
        serde_json::from_str(CALIBRATION_JSON)
            .map_err(|e| Error::Model(format!("reading model/calibration.json: {e}")))
    }
}

/// A loaded, optimized network, ready to run many times.
pub struct Model {
    plan: std::sync::Arc<TypedRunnableModel>,
}

impl Model {
    /// Loads and optimizes the embedded network. Costly (milliseconds): do it once.
    pub fn embedded() -> Result<Self> {
        Self::from_nnef(NNEF)
    }

    /// Loads and optimizes an NNEF tar (as `convert` writes it) for input `[1, 28, 28, 1]`.
    /// The network may use NNEF's standard operators of a CNN (convolution, pooling,
    /// matrix product, element-wise arithmetic, activations, softmax, reshapes), not tract-core's
    /// own.
    pub fn from_nnef(mut bytes: &[u8]) -> Result<Self> {
        let plan = operators::reader()
            .and_then(|nnef| {
                let mut proto =
                    operators::without_properties(nnef.proto_model_for_read(&mut bytes)?);
                weights::widen(&mut proto.tensors)?;
                nnef.model_for_proto_model(&proto)
            })
            // Only codegen: `nickara convert` already decluttered the network, and decluttering
            // again cost ~50 ms of the page's start-up (tests/bench/README.md, levers).
            .and_then(|mut m| m.optimize().map(|()| m))
            .and_then(|m| m.into_runnable())
            .map_err(|e| {
                Error::Model(format!(
                    "loading the NNEF network: {e:#} (Nickara reads networks of NNEF's standard \
                     operators of a CNN, as `nickara convert` writes a Keras CNN)"
                ))
            })?;
        Ok(Model { plan })
    }

    /// Softmax probabilities of the ten digits for one frame.
    pub fn probabilities(&self, frame: &Frame) -> Result<[f32; CLASSES]> {
        self.read(frame).map(|output| output.probabilities)
    }

    /// Everything the network says about one frame.
    pub fn read(&self, frame: &Frame) -> Result<Output> {
        let input = Tensor::from_shape(&[1, SIDE, SIDE, 1], frame.pixels())
            .map_err(|e| Error::Model(format!("building the input tensor: {e:#}")))?;
        let outputs = self
            .plan
            .run(tvec!(input.into()))
            .map_err(|e| Error::Model(format!("running the network: {e:#}")))?;
        let values = |i: usize| -> Result<Vec<f32>> {
            let view = outputs[i]
                .to_plain_array_view::<f32>()
                .map_err(|e| Error::Model(format!("reading output {i}: {e:#}")))?;
            let values: Vec<f32> = view.iter().copied().collect();
            if values.iter().any(|p| !p.is_finite()) {
                return Err(Error::Model(format!("the network produced {values:?}")));
            }
            Ok(values)
        };
        let probabilities = values(0)?;
        let probabilities: [f32; CLASSES] = probabilities.as_slice().try_into().map_err(|_| {
            Error::Model(format!(
                "expected {CLASSES} outputs, the network gave {}",
                probabilities.len()
            ))
        })?;
        let whole = match outputs.len() {
            1 => None,
            _ => match values(1)?[..] {
                [p] => Some(p.clamp(0.0, 1.0)),
                ref other => {
                    return Err(Error::Model(format!(
                        "expected one value for \"one whole digit\", the network gave {}",
                        other.len()
                    )))
                }
            },
        };
        Ok(Output {
            probabilities,
            whole,
        })
    }
}

/// What the network says about one frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Output {
    /// Softmax probabilities of the ten digits.
    pub probabilities: [f32; CLASSES],
    /// The probability that the ink is one whole digit, when the network has that output.
    pub whole: Option<f32>,
}
