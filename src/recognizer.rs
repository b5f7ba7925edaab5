//! The one entry point every front end uses: input → frame → model → [`Prediction`].

use serde::Serialize;

use crate::choose;
use crate::error::Result;
use crate::input::Nested;
use crate::limits;
use crate::model::{Calibration, Model, CLASSES};
use crate::normalize::{self, Frame, Image, InkMap, Strokes};
use crate::segment::{self, Bounds};

// The results' serde form is their one definition for every front end: the JS objects
// (through serde-wasm-bindgen), their TypeScript types (tsify, on wasm32) and the CLI's JSON.

/// What the model says about one input.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Prediction {
    /// The most probable digit; none (`null` in JS) when the input holds no ink: nothing to
    /// recognize.
    pub digit: Option<u8>,
    /// Probability of `digit` (calibrated), 0 when there is none.
    pub confidence: f32,
    /// The answer should not be trusted: the confidence is below the calibrated threshold,
    /// or the ink cannot be a digit (a dot). The runner-up is then worth showing.
    pub unsure: bool,
    /// The second most probable digit and its probability; none (`null`) without ink.
    pub runner_up: Option<RunnerUp>,
    /// Probability of each digit 0–9; all zero when there is no ink.
    pub probabilities: [f32; CLASSES],
    /// The normalized 28x28 frame the model saw (blank when there is no ink), row-major.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Float32Array"))]
    pub input: Frame,
}

/// The second most probable digit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct RunnerUp {
    pub digit: u8,
    /// Its probability.
    pub confidence: f32,
}

impl Prediction {
    /// The answer for an input without ink.
    pub fn empty() -> Self {
        Prediction {
            digit: None,
            confidence: 0.0,
            unsure: false,
            runner_up: None,
            probabilities: [0.0; CLASSES],
            input: Frame::blank(),
        }
    }

    fn from_probabilities(probabilities: [f32; CLASSES], input: Frame, unsure_below: f32) -> Self {
        let mut ranked: Vec<(u8, f32)> = (0..CLASSES as u8).zip(probabilities).collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        let (digit, confidence) = ranked[0];
        Prediction {
            digit: Some(digit),
            confidence,
            unsure: confidence < unsure_below,
            runner_up: Some(RunnerUp {
                digit: ranked[1].0,
                confidence: ranked[1].1,
            }),
            probabilities,
            input,
        }
    }

    /// Marks an answer as unsure whatever its confidence (the ink cannot be a digit).
    fn doubted(self) -> Self {
        let unsure = self.digit.is_some();
        Prediction { unsure, ..self }
    }
}

/// A number read digit by digit, and all of its ink read as one digit.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Reading {
    /// The digits, left to right, as text ("2026", "007"); empty when there is no ink.
    pub value: String,
    /// The confidence of the least sure digit: how far the number can be trusted; 0 when
    /// there is no digit.
    pub confidence: f32,
    /// Some digit is unsure.
    pub unsure: bool,
    /// Each digit's prediction and where its ink is, left to right.
    pub digits: Vec<Digit>,
    /// All the ink read as a single digit (what classifying the strokes or the image as one
    /// digit says), so a caller showing both needs one call, and a photo is cleaned up once;
    /// none when the caller left it out ([`Wanted::DIGITS_ONLY`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub whole: Option<Prediction>,
}

/// What a number's reading holds besides its digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wanted {
    /// [`Reading::whole`]: all the ink read as one digit. It costs a run of the network when
    /// no digit is all the ink (for the bench's 5-digit numbers, one run in eight).
    pub whole: bool,
}

impl Wanted {
    /// The digits and the whole ink read as one digit.
    pub const ALL: Wanted = Wanted { whole: true };
    /// The digits alone, what a page that shows the number needs.
    pub const DIGITS_ONLY: Wanted = Wanted { whole: false };
}

/// One digit of a reading: its prediction and where its ink is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Digit {
    #[serde(flatten)]
    pub prediction: Prediction,
    #[serde(rename = "box")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Box"))]
    pub bounds: InkBox,
}

/// Where a digit's ink is, in the input's coordinates (strokes' units or image pixels).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(rename = "Box"))]
pub struct InkBox {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl From<Bounds> for InkBox {
    fn from(b: Bounds) -> Self {
        InkBox {
            x: b.x0,
            y: b.y0,
            width: b.x1 - b.x0,
            height: b.y1 - b.y0,
        }
    }
}

impl Reading {
    fn new(whole: Option<Prediction>, digits: Vec<(Prediction, Bounds)>) -> Self {
        let digits: Vec<Digit> = digits
            .into_iter()
            .map(|(prediction, bounds)| Digit {
                prediction,
                bounds: bounds.into(),
            })
            .collect();
        let value = digits
            .iter()
            .filter_map(|d| d.prediction.digit)
            .map(|d| char::from(b'0' + d))
            .collect();
        let confidence = digits
            .iter()
            .map(|d| d.prediction.confidence)
            .reduce(f32::min)
            .unwrap_or(0.0);
        let unsure = digits.iter().any(|d| d.prediction.unsure);
        Reading {
            value,
            confidence,
            unsure,
            digits,
            whole,
        }
    }
}

/// The loaded model plus the normalization in front of it.
pub struct Recognizer {
    model: Model,
    calibration: Calibration,
    weights: choose::Weights,
    image_weights: choose::Weights,
}

impl Recognizer {
    /// Loads and optimizes the embedded model (once; reuse the recognizer).
    pub fn new() -> Result<Self> {
        Ok(Recognizer {
            model: Model::embedded()?,
            calibration: Calibration::embedded()?,
            weights: choose::Weights::default(),
            image_weights: choose::Weights::default(),
        })
    }

    /// Wraps an already loaded model and its calibration.
    pub fn with_model(model: Model, calibration: Calibration) -> Self {
        Recognizer {
            model,
            calibration,
            weights: choose::Weights::default(),
            image_weights: choose::Weights::default(),
        }
    }

    /// The same recognizer choosing a number's digits with other weights (for measuring them:
    /// `nickara eval --numbers --weights`).
    pub fn with_weights(mut self, weights: choose::Weights) -> Self {
        self.weights = weights;
        self
    }

    /// The same recognizer choosing the digits of a number in an image with other weights
    /// (`nickara eval --photos --numbers --weights`).
    pub fn with_image_weights(mut self, weights: choose::Weights) -> Self {
        self.image_weights = weights;
        self
    }

    pub fn calibration(&self) -> &Calibration {
        &self.calibration
    }

    /// Classifies a frame; `None` (no ink) gives the empty prediction.
    pub fn recognize(&self, frame: Option<Frame>) -> Result<Prediction> {
        self.assess(frame).map(|(prediction, _)| prediction)
    }

    /// The prediction for a frame and the network's probability that it is one whole digit (1
    /// for a network without that output, 0 without ink): what choosing a number's digits
    /// weighs.
    fn assess(&self, frame: Option<Frame>) -> Result<Assessed> {
        match frame {
            None => Ok((Prediction::empty(), 0.0)),
            Some(frame) => {
                let output = self.model.read(&frame)?;
                let prediction = Prediction::from_probabilities(
                    output.probabilities,
                    frame,
                    self.calibration.unsure_below,
                );
                Ok((prediction, output.whole.unwrap_or(1.0)))
            }
        }
    }

    /// [`Recognizer::classify_strokes`], with how surely the strokes are one whole digit.
    fn assess_strokes(&self, strokes: &Strokes) -> Result<Assessed> {
        limits::check_coordinates(strokes)?;
        let (prediction, whole) = self.assess(normalize::frame_from_strokes(strokes))?;
        Ok(if strokes.is_dot() {
            (prediction.doubted(), whole)
        } else {
            (prediction, whole)
        })
    }

    /// 784 values already in the MNIST frame (row-major, [0, 1]).
    pub fn predict_values(&self, values: &[f32]) -> Result<Prediction> {
        self.recognize(normalize::frame_from_values(values)?)
    }

    /// The seed's `{"data": 28x28x1}` body, already parsed.
    pub fn predict_grid(&self, data: &Nested) -> Result<Prediction> {
        self.predict_values(&data.to_grid()?)
    }

    /// Raw pointer strokes at any scale. A drawing that is a single point (a tap, a dot)
    /// has no shape to recognize: it is answered, but as unsure.
    pub fn classify_strokes(&self, strokes: &Strokes) -> Result<Prediction> {
        self.assess_strokes(strokes)
            .map(|(prediction, _)| prediction)
    }

    /// Any image: a canvas, a PNG, an MNIST digit.
    pub fn classify_image(&self, image: &Image) -> Result<Prediction> {
        self.recognize(normalize::frame_from_image(image))
    }

    /// Reads a number drawn as strokes: its digits chosen with the network (`choose`), each
    /// classified on its own, and all the ink read as one digit.
    pub fn read_strokes(&self, strokes: &Strokes) -> Result<Reading> {
        self.read_strokes_for(strokes, Wanted::ALL)
    }

    /// [`Recognizer::read_strokes`], holding what is `wanted`.
    pub fn read_strokes_for(&self, strokes: &Strokes, wanted: Wanted) -> Result<Reading> {
        limits::check_coordinates(strokes)?;
        let (pieces, groups) = segment::stroke_groups(strokes);
        check_digits(groups.len())?;
        let all = strokes.as_slice();
        let mut whole = Whole::new(wanted, || self.assess_strokes(strokes));
        let read = |members: &[usize]| {
            let digit = segment::strokes_of(all, members);
            whole.or_read(&digit, strokes, || self.assess_strokes(&digit))
        };
        let chosen = choose::digits(&pieces, &groups, &self.weights, read, sureness)?;
        let whole = whole.finish()?;
        Ok(Reading::new(whole, placed(chosen, &pieces, 1.0)))
    }

    /// Reads a number in an image: its digits chosen with the network (`choose`) among its
    /// connected pieces and the slabs of those wide enough to be several digits, each
    /// classified on its own, and all the ink read as one digit.
    pub fn read_image(&self, image: &Image) -> Result<Reading> {
        self.read_image_for(image, Wanted::ALL)
    }

    /// [`Recognizer::read_image`], holding what is `wanted`.
    pub fn read_image_for(&self, image: &Image, wanted: Wanted) -> Result<Reading> {
        let Some(ink) = InkMap::from_image(image) else {
            let whole = wanted.whole.then(Prediction::empty);
            return Ok(Reading::new(whole, Vec::new()));
        };
        let atoms = segment::ink_atoms(&ink);
        check_digits(atoms.groups.len())?;
        let all = ink.total();
        let own = |members: &[usize]| -> Vec<usize> {
            members
                .iter()
                .flat_map(|&i| atoms.pixels[i].iter().copied())
                .collect()
        };
        let mut whole = Whole::new(wanted, || self.assess(ink.to_frame()));
        let read = |members: &[usize]| {
            // Each digit's map is cropped to its box: one holding all the ink sums the same.
            let pixels = own(members);
            let digit = ink.crop(&pixels, segment::crop_box(ink.width(), &pixels));
            whole.or_read(&digit.total(), &all, || self.assess(digit.to_frame()))
        };
        let chosen = choose::digits(
            &atoms.bounds,
            &atoms.groups,
            &self.image_weights,
            read,
            sureness,
        )?;
        let whole = whole.finish()?;
        let digits = placed(chosen, &atoms.bounds, ink.factor() as f64);
        Ok(Reading::new(whole, digits))
    }
}

/// The chosen digits with their boxes (the pieces' bounds together, `scale` times larger),
/// a digit another cutting disputes marked unsure.
fn placed(
    chosen: Vec<choose::Chosen<Assessed>>,
    pieces: &[segment::Bounds],
    scale: f64,
) -> Vec<(Prediction, segment::Bounds)> {
    chosen
        .into_iter()
        .map(|c| {
            let (prediction, _) = c.reading;
            let prediction = if c.disputed {
                prediction.doubted()
            } else {
                prediction
            };
            (
                prediction,
                segment::bounds_of(pieces, &c.members).scaled(scale),
            )
        })
        .collect()
}

/// A prediction and the network's probability that its ink is one whole digit.
type Assessed = (Prediction, f32);

/// What `choose` weighs of an assessed run.
fn sureness(&(ref prediction, whole): &Assessed) -> choose::Sureness {
    choose::Sureness {
        digit: prediction.confidence,
        whole,
    }
}

/// Each digit is one run of the model: a page of text is refused before any of them.
fn check_digits(count: usize) -> Result<()> {
    limits::DIGITS.check(count, |n| {
        format!("the ink splits into {n} separate digits (is it a page of text?)")
    })
}

/// All the ink read as one digit, read once: when a run of the cutting is all the ink (one
/// digit drawn, the page's usual case, on every frame) its reading is the whole's, and the
/// whole is read at the end only when wanted and no run was all the ink.
struct Whole<F> {
    wanted: bool,
    read: Option<Assessed>,
    classify: F,
}

impl<F: Fn() -> Result<Assessed>> Whole<F> {
    fn new(wanted: Wanted, classify: F) -> Self {
        Whole {
            wanted: wanted.whole,
            read: None,
            classify,
        }
    }

    /// The reading of a run whose ink is `digit` (`all` when it is all the ink).
    fn or_read<T: PartialEq>(
        &mut self,
        digit: &T,
        all: &T,
        classify: impl FnOnce() -> Result<Assessed>,
    ) -> Result<Assessed> {
        if digit != all {
            return classify();
        }
        let assessed = (self.classify)()?;
        self.read = Some(assessed.clone());
        Ok(assessed)
    }

    /// The whole's prediction, read now if wanted and not read yet.
    fn finish(self) -> Result<Option<Prediction>> {
        match (self.wanted, self.read) {
            (false, _) => Ok(None),
            (true, Some((prediction, _))) => Ok(Some(prediction)),
            (true, None) => (self.classify)().map(|(prediction, _)| Some(prediction)),
        }
    }
}
