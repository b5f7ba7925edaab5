//! The JavaScript API (wasm-bindgen): a thin layer that converts JS values to the library's
//! types and back. No decisions about the input are made here; they live in `normalize` and
//! `input` so that the CLI and the tests share them.

use js_sys::{Array, Float32Array, Object, Reflect, Uint8Array, Uint8ClampedArray};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::Error;
use crate::input::{Nested, PredictBody};
use crate::normalize::{Image, PixelFormat};
use crate::Prediction;

#[wasm_bindgen(start)]
fn start() {
    // A Rust panic (a bug, never bad input) shows its message in the console instead of
    // "unreachable executed".
    console_error_panic_hook::set_once();
}

/// Recognizes handwritten digits. Create one and reuse it: the constructor loads and
/// optimizes the embedded model.
#[wasm_bindgen(js_name = Recognizer)]
pub struct WebRecognizer {
    inner: crate::Recognizer,
}

#[wasm_bindgen(js_class = Recognizer)]
impl WebRecognizer {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<WebRecognizer, JsError> {
        Ok(WebRecognizer {
            inner: crate::Recognizer::new()?,
        })
    }

    /// Classifies an already normalized 28x28 input: a `Float32Array` of 784 values
    /// (row-major, white ink on black, in [0, 1]) or the seed's body `{data: 28x28x1}`.
    pub fn predict(&self, input: JsValue) -> Result<JsValue, JsError> {
        const EXPECTED: &str =
            "predict expects a Float32Array of 784 values or {data: <28x28x1 array>}, values in [0, 1]";
        let prediction = if let Some(values) = input.dyn_ref::<Float32Array>() {
            self.inner.predict_values(&values.to_vec())?
        } else if input.is_object() && !Array::is_array(&input) {
            let body: PredictBody = from_js(input, EXPECTED)?;
            self.inner.predict_grid(&body.data)?
        } else {
            return Err(Error::input(format!("{EXPECTED}; got {}", describe(&input))).into());
        };
        Ok(to_js(&prediction))
    }

    /// Classifies raw pointer strokes `[[[x, y], ...], ...]` in any unit and at any scale.
    /// An empty array is an empty drawing (`digit: null`).
    #[wasm_bindgen(js_name = classifyStrokes)]
    pub fn classify_strokes(&self, strokes: JsValue) -> Result<JsValue, JsError> {
        let nested: Nested = from_js(
            strokes,
            "classifyStrokes expects an array of strokes, each an array of [x, y] points",
        )?;
        Ok(to_js(&self.inner.classify_strokes(&nested.to_strokes()?)?))
    }

    /// Classifies an `ImageData` (or any `{width, height, data}` with RGBA bytes) of any size:
    /// dark-on-light or light-on-dark, opaque or drawn on a transparent canvas.
    #[wasm_bindgen(js_name = classifyImage)]
    pub fn classify_image(&self, image: JsValue) -> Result<JsValue, JsError> {
        let (width, height, rgba) = image_parts(&image)?;
        let image = Image::new(width, height, PixelFormat::Rgba8, &rgba)?;
        Ok(to_js(&self.inner.classify_image(&image)?))
    }
}

/// Deserializes a JS value; a failure becomes "`expected`: what serde found".
fn from_js<T: serde::de::DeserializeOwned>(value: JsValue, expected: &str) -> Result<T, Error> {
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        // serde-wasm-bindgen's message is a JS Error's text, "Error: ..."; ours is already one.
        let found = e.to_string();
        let found = found.strip_prefix("Error: ").unwrap_or(&found);
        Error::input(format!("{expected}: {found}"))
    })
}

/// Reads `width`, `height` and the RGBA bytes out of an ImageData-like object.
fn image_parts(image: &JsValue) -> Result<(usize, usize, Vec<u8>), Error> {
    const EXPECTED: &str = "classifyImage expects an ImageData or {width, height, data} with \
                            width*height*4 RGBA bytes in a Uint8ClampedArray or Uint8Array";
    if !image.is_object() {
        return Err(Error::input(format!("{EXPECTED}; got {}", describe(image))));
    }
    let field =
        |name: &str| Reflect::get(image, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    let dimension = |name: &str| -> Result<usize, Error> {
        match field(name).as_f64() {
            Some(v) if v >= 0.0 && v.fract() == 0.0 && v <= u32::MAX as f64 => Ok(v as usize),
            _ => Err(Error::input(format!(
                "{EXPECTED}; `{name}` is {}",
                describe(&field(name))
            ))),
        }
    };
    let (width, height) = (dimension("width")?, dimension("height")?);
    let data = field("data");
    let bytes = if let Some(clamped) = data.dyn_ref::<Uint8ClampedArray>() {
        clamped.to_vec()
    } else if let Some(plain) = data.dyn_ref::<Uint8Array>() {
        plain.to_vec()
    } else {
        return Err(Error::input(format!(
            "{EXPECTED}; `data` is {}",
            describe(&data)
        )));
    };
    Ok((width, height, bytes))
}

/// A short description of a JS value for error messages.
fn describe(value: &JsValue) -> String {
    if value.is_undefined() {
        "undefined".into()
    } else if value.is_null() {
        "null".into()
    } else if Array::is_array(value) {
        format!("an array of {}", Array::from(value).length())
    } else if let Some(s) = value.as_string() {
        format!("the string {s:?}")
    } else if let Some(n) = value.as_f64() {
        format!("the number {n}")
    } else if value.is_object() {
        "an object of another kind".into()
    } else {
        format!("{value:?}")
    }
}

/// `{digit, confidence, probabilities, input}` as a plain JS object.
fn to_js(prediction: &Prediction) -> JsValue {
    let object = Object::new();
    let set = |key: &str, value: JsValue| {
        Reflect::set(&object, &JsValue::from_str(key), &value)
            .expect("setting a field of a fresh object");
    };
    set(
        "digit",
        prediction.digit.map_or(JsValue::NULL, JsValue::from),
    );
    set("confidence", JsValue::from(prediction.confidence));
    let probabilities: Array = prediction
        .probabilities
        .iter()
        .map(|&p| JsValue::from(p))
        .collect();
    set("probabilities", probabilities.into());
    set(
        "input",
        Float32Array::from(&prediction.input.pixels()[..]).into(),
    );
    object.into()
}
