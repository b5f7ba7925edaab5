//! Nickara: handwritten digit recognition that runs entirely in the browser.
//!
//! The data flows through three stages, one module each:
//! - [`normalize`]: strokes, images or raw values → the 28x28 MNIST frame;
//! - [`model`]: the frame → ten probabilities (the Keras CNN, run by tract);
//! - [`Recognizer`] (here): ties the two and returns a [`Prediction`] or a [`Reading`].
//!
//! [`input`] checks the nested arrays callers send (JSON or JS values); `web` is the thin
//! wasm-bindgen layer over [`Recognizer`].
//!
//! With `default-features = false` that is all the crate builds. The default `cli` feature
//! adds what the `nickara` command line needs: [`convert`] (feature `convert`, ONNX → NNEF)
//! and the evaluation tooling (feature `eval`: `mnist`, `eval`), which the command line and
//! the tests share and which is no stable API.

pub mod choose;
pub mod error;
pub mod input;
pub mod limits;
pub mod model;
pub mod normalize;
mod recognizer;
pub mod segment;

#[cfg(all(feature = "convert", not(target_arch = "wasm32")))]
pub mod convert;
#[cfg(all(feature = "eval", not(target_arch = "wasm32")))]
#[doc(hidden)]
pub mod eval;
#[cfg(all(feature = "eval", not(target_arch = "wasm32")))]
#[doc(hidden)]
pub mod mnist;
#[cfg(target_arch = "wasm32")]
pub mod web;

pub use error::{Error, Result};
pub use recognizer::{Digit, InkBox, Prediction, Reading, Recognizer, RunnerUp, Wanted};
