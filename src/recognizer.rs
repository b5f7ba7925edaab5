//! The one entry point every front end uses: input → frame → model → [`Prediction`].

use crate::error::Result;
use crate::input::Nested;
use crate::model::{Model, CLASSES};
use crate::normalize::{self, Frame, Image, Strokes};

/// What the model says about one input.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// The most probable digit; `None` when the input holds no ink (nothing to recognize).
    pub digit: Option<u8>,
    /// Probability of `digit`, 0 when there is none.
    pub confidence: f32,
    /// Probability of each digit 0–9; all zero when there is no ink.
    pub probabilities: [f32; CLASSES],
    /// The normalized 28x28 frame the model saw (blank when there is no ink).
    pub input: Frame,
}

impl Prediction {
    fn empty() -> Self {
        Prediction {
            digit: None,
            confidence: 0.0,
            probabilities: [0.0; CLASSES],
            input: Frame::blank(),
        }
    }

    fn from_probabilities(probabilities: [f32; CLASSES], input: Frame) -> Self {
        let (digit, &confidence) = probabilities
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .expect("ten classes");
        Prediction {
            digit: Some(digit as u8),
            confidence,
            probabilities,
            input,
        }
    }
}

/// The loaded model plus the normalization in front of it.
pub struct Recognizer {
    model: Model,
}

impl Recognizer {
    /// Loads and optimizes the embedded model (once; reuse the recognizer).
    pub fn new() -> Result<Self> {
        Ok(Recognizer {
            model: Model::embedded()?,
        })
    }

    /// Wraps an already loaded model.
    pub fn with_model(model: Model) -> Self {
        Recognizer { model }
    }

    /// Classifies a frame; `None` (no ink) gives the empty prediction.
    pub fn recognize(&self, frame: Option<Frame>) -> Result<Prediction> {
        match frame {
            None => Ok(Prediction::empty()),
            Some(frame) => {
                let probabilities = self.model.probabilities(&frame)?;
                Ok(Prediction::from_probabilities(probabilities, frame))
            }
        }
    }

    /// 784 values already in the MNIST frame (row-major, [0, 1]).
    pub fn predict_values(&self, values: &[f32]) -> Result<Prediction> {
        self.recognize(normalize::frame_from_values(values)?)
    }

    /// The seed's `{"data": 28x28x1}` body, already parsed.
    pub fn predict_grid(&self, data: &Nested) -> Result<Prediction> {
        self.predict_values(&data.to_grid()?)
    }

    /// Raw pointer strokes at any scale.
    pub fn classify_strokes(&self, strokes: &Strokes) -> Result<Prediction> {
        self.recognize(normalize::frame_from_strokes(strokes))
    }

    /// Any image: a canvas, a PNG, an MNIST digit.
    pub fn classify_image(&self, image: &Image) -> Result<Prediction> {
        self.recognize(normalize::frame_from_image(image))
    }
}
