//! The JavaScript API (wasm-bindgen): a thin layer that converts JS values to the library's
//! types and back. No decisions about the input are made here; they live in `normalize` and
//! `input` so that the CLI and the tests share them.

use js_sys::{Array, Float32Array, Object, Reflect, Uint8Array, Uint8ClampedArray};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::Error;
use crate::input::{Nested, PredictBody};
use crate::normalize::{Image, PixelFormat};
use crate::segment::Bounds;
use crate::{Prediction, Reading};

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
        let nested = nested_from_js(
            &strokes,
            "classifyStrokes expects an array of strokes, each an array of [x, y] points",
        )?;
        Ok(to_js(&self.inner.classify_strokes(&nested.to_strokes()?)?))
    }

    /// Classifies an `ImageData` (or any `{width, height, data}` with RGBA bytes) of any size:
    /// dark-on-light or light-on-dark, opaque or drawn on a transparent canvas.
    #[wasm_bindgen(js_name = classifyImage)]
    pub fn classify_image(&self, image: JsValue) -> Result<JsValue, JsError> {
        let (width, height, rgba) = image_parts(&image, IMAGE_EXPECTED)?;
        let image = Image::new(width, height, PixelFormat::Rgba8, &rgba)?;
        Ok(to_js(&self.inner.classify_image(&image)?))
    }

    /// Reads a number written as several digits side by side, from strokes (an array) or an
    /// image (`ImageData`): `{value: "2026", digits: [prediction with its box, …], whole}`,
    /// `whole` being all the ink read as one digit (what classifyStrokes / classifyImage say).
    #[wasm_bindgen(js_name = classifyNumber)]
    pub fn classify_number(&self, input: JsValue) -> Result<JsValue, JsError> {
        const EXPECTED: &str = "classifyNumber expects strokes [[[x, y], ...], ...] or an \
                                ImageData (or {width, height, data} with width*height*4 RGBA bytes)";
        let reading = if Array::is_array(&input) {
            let nested = nested_from_js(&input, EXPECTED)?;
            self.inner.read_strokes(&nested.to_strokes()?)?
        } else {
            let (width, height, rgba) = image_parts(&input, EXPECTED)?;
            self.inner
                .read_image(&Image::new(width, height, PixelFormat::Rgba8, &rgba)?)?
        };
        Ok(reading_to_js(&reading))
    }
}

/// Reads nested JS arrays of numbers (strokes), which arrive on every animation frame while
/// someone draws. Fast path: one `JSON.stringify` and serde_json, instead of a crossing of
/// the JS/wasm boundary per number (~1.5 µs per value: a 1,500-point drawing took 6.7 ms walked).
/// JSON turns NaN, Infinity and undefined into null, which `Nested` rejects: every input the
/// fast path refuses is walked value by value, so the error names what was actually wrong.
fn nested_from_js(value: &JsValue, expected: &str) -> Result<Nested, Error> {
    let text = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|t| t.as_string());
    match text.map(|t| serde_json::from_str::<Nested>(&t)) {
        Some(Ok(nested)) => Ok(nested),
        _ => walk_nested(value, expected),
    }
}

/// Walks nested JS arrays of numbers; anything else is an error starting with `expected`.
fn walk_nested(value: &JsValue, expected: &str) -> Result<Nested, Error> {
    if let Some(number) = value.as_f64() {
        return Ok(Nested::Number(number));
    }
    let Some(array) = value.dyn_ref::<Array>() else {
        return Err(Error::input(format!(
            "{expected}: found {}",
            describe(value)
        )));
    };
    let mut items = Vec::with_capacity(array.length() as usize);
    for item in array.iter() {
        items.push(walk_nested(&item, expected)?);
    }
    Ok(Nested::List(items))
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

const IMAGE_EXPECTED: &str = "classifyImage expects an ImageData or {width, height, data} with \
                              width*height*4 RGBA bytes in a Uint8ClampedArray or Uint8Array";

/// Reads `width`, `height` and the RGBA bytes out of an ImageData-like object; `expected`
/// starts the error message.
fn image_parts(image: &JsValue, expected: &str) -> Result<(usize, usize, Vec<u8>), Error> {
    if !image.is_object() {
        return Err(Error::input(format!("{expected}; got {}", describe(image))));
    }
    let field =
        |name: &str| Reflect::get(image, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    let dimension = |name: &str| -> Result<usize, Error> {
        match field(name).as_f64() {
            Some(v) if v >= 0.0 && v.fract() == 0.0 && v <= u32::MAX as f64 => Ok(v as usize),
            _ => Err(Error::input(format!(
                "{expected}; `{name}` is {}",
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
            "{expected}; `data` is {}",
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

/// Sets `key` on a fresh plain object (cannot fail).
fn set(object: &Object, key: &str, value: JsValue) {
    Reflect::set(object, &JsValue::from_str(key), &value)
        .expect("setting a field of a fresh object");
}

/// `{value, digits, whole}`, each digit a prediction object with a `box: {x, y, width, height}`.
fn reading_to_js(reading: &Reading) -> JsValue {
    let digits: Array = reading
        .digits
        .iter()
        .map(|(prediction, bounds)| {
            let digit = to_js(prediction);
            set(digit.unchecked_ref(), "box", box_to_js(bounds));
            digit
        })
        .collect();
    let object = Object::new();
    set(&object, "value", JsValue::from_str(&reading.value));
    set(&object, "digits", digits.into());
    set(&object, "whole", to_js(&reading.whole));
    object.into()
}

fn box_to_js(bounds: &Bounds) -> JsValue {
    let object = Object::new();
    set(&object, "x", bounds.x0.into());
    set(&object, "y", bounds.y0.into());
    set(&object, "width", (bounds.x1 - bounds.x0).into());
    set(&object, "height", (bounds.y1 - bounds.y0).into());
    object.into()
}

/// `{digit, confidence, unsure, runnerUp, probabilities, input}` as a plain JS object.
fn to_js(prediction: &Prediction) -> JsValue {
    let object = Object::new();
    let set = |key: &str, value: JsValue| set(&object, key, value);
    set(
        "digit",
        prediction.digit.map_or(JsValue::NULL, JsValue::from),
    );
    set("confidence", JsValue::from(prediction.confidence));
    set("unsure", JsValue::from(prediction.unsure));
    let runner_up = prediction
        .runner_up
        .map_or(JsValue::NULL, |(digit, confidence)| {
            let pair = Object::new();
            self::set(&pair, "digit", digit.into());
            self::set(&pair, "confidence", confidence.into());
            pair.into()
        });
    set("runnerUp", runner_up);
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
