//! Nickara: handwritten digit recognition that runs entirely in the browser.
//!
//! The data flows through three stages, one module each:
//! - [`normalize`]: strokes, images or raw values → the 28x28 MNIST frame;
//! - [`model`]: the frame → ten probabilities (the Keras CNN, run by tract);
//! - [`Recognizer`] (here): ties the two and returns a [`Prediction`].
//!
//! [`input`] checks the nested arrays callers send (JSON or JS values); `web` is the thin
//! wasm-bindgen layer over [`Recognizer`]; `mnist` and `cli` serve the native command line.

pub mod error;
pub mod input;
pub mod limits;
pub mod model;
pub mod normalize;
mod recognizer;
pub mod segment;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
#[cfg(not(target_arch = "wasm32"))]
pub mod convert;
#[cfg(not(target_arch = "wasm32"))]
pub mod eval;
#[cfg(not(target_arch = "wasm32"))]
pub mod mnist;
#[cfg(target_arch = "wasm32")]
pub mod web;

pub use error::{Error, Result};
pub use recognizer::{Prediction, Reading, Recognizer};
