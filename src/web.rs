//! The JavaScript API (wasm-bindgen): a thin layer that converts JS values to the library's
//! types and back. No decisions about the input are made here; they live in `normalize` and
//! `input` so that the CLI and the tests share them. The results are the library's own
//! types, converted by serde-wasm-bindgen and typed for TypeScript by tsify.

use js_sys::{Array, Float32Array, Function, JsString, Object, Reflect, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::Error;
use crate::input::{Budget, Nested};
use crate::limits;
use crate::normalize::{self, check_values_length, Image, PixelFormat};
use crate::Wanted;

// The inputs' TypeScript types. The results' (`Prediction`, `Reading`, ...) are derived from
// their Rust definitions.
#[wasm_bindgen(typescript_custom_section)]
const INPUT_TYPES: &str = r#"
/** A point `[x, y]` in any unit (y grows downwards, as on a canvas). */
export type Point = readonly [x: number, y: number];
/** The points a pointer went through, in order. */
export type Stroke = readonly Point[];
/** A drawing, stroke by stroke; `[]` is an empty drawing. */
export type Strokes = readonly Stroke[];
/** An `ImageData`, or anything of its shape: `width * height * 4` RGBA bytes, row-major. */
export type ImageDataLike =
  | ImageData
  | { readonly width: number; readonly height: number; readonly data: Uint8ClampedArray | Uint8Array };
/** 28 rows of 28 pixels, each pixel `[value]` (the seed's 28x28x1) or a plain value. */
export type Grid = readonly (readonly (number | readonly [number])[])[];
/** An already normalized 28x28 frame: 784 values in [0, 1], row-major, white ink on black;
 * or the seed's body `{ data: grid }`. */
export type FrameInput = Float32Array | readonly number[] | { readonly data: Grid };
/** What `classifyNumber` reads besides the digits. */
export interface NumberOptions {
  /** `false` leaves out `whole` (all the ink read as one digit): for a number of several
   * digits that is one run of the network fewer, for a caller that shows only the digits.
   * Default `true`. */
  readonly whole?: boolean;
}
"#;

// Every look at a caller's value goes through an import that catches what JS throws: a
// getter, a Proxy trap or a revoked Proxy can throw from any property read, and an exception
// unwinding through wasm frames skips their cleanup (the shadow stack pointer, borrows), which
// leaves the module broken for every later call.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn try_is_array(value: &JsValue) -> Result<bool, JsValue>;

    #[wasm_bindgen(catch, js_namespace = JSON, js_name = stringify)]
    fn try_stringify(value: &JsValue) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, js_namespace = Float32Array, js_name = "prototype.set.call")]
    fn try_copy_f32(dst: &mut [f32], src: &JsValue) -> Result<(), JsValue>;

    #[wasm_bindgen(catch, js_namespace = Uint8Array, js_name = "prototype.set.call")]
    fn try_copy_u8(dst: &mut [u8], src: &JsValue) -> Result<(), JsValue>;
}

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

    /// Classifies an already normalized 28x28 input: 784 values (row-major, white ink on
    /// black, in [0, 1]) in a `Float32Array` or a plain array, or the seed's body
    /// `{data: 28x28x1}`.
    #[wasm_bindgen(unchecked_return_type = "Prediction")]
    pub fn predict(
        &self,
        #[wasm_bindgen(unchecked_param_type = "FrameInput")] input: JsValue,
    ) -> Result<JsValue, JsError> {
        const EXPECTED: &str = "predict expects 784 values in a Float32Array or an array, or \
                                {data: <28x28x1 array>}, values in [0, 1]";
        let prediction = if input.is_instance_of::<Float32Array>() {
            let values = copy_f32(&input, EXPECTED)?;
            self.inner.predict_values(&values)?
        } else if is_array(&input, EXPECTED)? {
            // The length first: a wrong one is named as for a Float32Array, before any copy.
            check_values_length(array_length(&input, EXPECTED)?)?;
            let values = nested_from_js(&input, EXPECTED)?.to_values()?;
            self.inner.predict_values(&values)?
        } else if input.is_object() && typed_length(&input).is_none() {
            let data = get(&input, "data", EXPECTED)?;
            if data.is_undefined() {
                return Err(Error::input(format!("{EXPECTED}: missing field `data`")).into());
            }
            self.inner.predict_grid(&nested_from_js(&data, EXPECTED)?)?
        } else {
            return Err(Error::input(format!("{EXPECTED}; got {}", describe(&input))).into());
        };
        to_js(&prediction)
    }

    /// Classifies raw pointer strokes `[[[x, y], ...], ...]` in any unit and at any scale.
    /// An empty array is an empty drawing (`digit: null`).
    #[wasm_bindgen(js_name = classifyStrokes, unchecked_return_type = "Prediction")]
    pub fn classify_strokes(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Strokes")] strokes: JsValue,
    ) -> Result<JsValue, JsError> {
        let nested = nested_from_js(
            &strokes,
            "classifyStrokes expects an array of strokes, each an array of [x, y] points",
        )?;
        to_js(&self.inner.classify_strokes(&nested.to_strokes()?)?)
    }

    /// Classifies an `ImageData` (or any `{width, height, data}` with RGBA bytes) of any size:
    /// dark-on-light or light-on-dark, opaque or drawn on a transparent canvas.
    #[wasm_bindgen(js_name = classifyImage, unchecked_return_type = "Prediction")]
    pub fn classify_image(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ImageDataLike")] image: JsValue,
    ) -> Result<JsValue, JsError> {
        let (width, height, rgba) = image_parts(&image, IMAGE_EXPECTED)?;
        let image = Image::new(width, height, PixelFormat::Rgba8, &rgba)?;
        to_js(&self.inner.classify_image(&image)?)
    }

    /// Reads a number written as several digits side by side, from strokes (an array) or an
    /// image (`ImageData`): `{value: "2026", confidence, unsure, digits: [prediction with its
    /// box, …], whole}`, `whole` being all the ink read as one digit (what classifyStrokes /
    /// classifyImage say), left out with `{ whole: false }`.
    #[wasm_bindgen(js_name = classifyNumber, unchecked_return_type = "Reading")]
    pub fn classify_number(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Strokes | ImageDataLike")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "NumberOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsError> {
        const EXPECTED: &str = "classifyNumber expects strokes [[[x, y], ...], ...] or an \
                                ImageData (or {width, height, data} with width*height*4 RGBA bytes)";
        let wanted = wanted_from_js(options)?;
        let reading = if is_array(&input, EXPECTED)? {
            let nested = nested_from_js(&input, EXPECTED)?;
            self.inner.read_strokes_for(&nested.to_strokes()?, wanted)?
        } else {
            let (width, height, rgba) = image_parts(&input, EXPECTED)?;
            let image = Image::new(width, height, PixelFormat::Rgba8, &rgba)?;
            self.inner.read_image_for(&image, wanted)?
        };
        to_js(&reading)
    }
}

/// `classifyNumber`'s options: none, or `{ whole }` with `whole` true, false or left out.
fn wanted_from_js(options: Option<JsValue>) -> Result<Wanted, Error> {
    const EXPECTED: &str = "classifyNumber's options are { whole: true } or { whole: false }";
    let Some(options) = options.filter(|o| !o.is_undefined() && !o.is_null()) else {
        return Ok(Wanted::ALL);
    };
    if !options.is_object() {
        return Err(Error::input(format!(
            "{EXPECTED}; got {}",
            describe(&options)
        )));
    }
    let whole = get(&options, "whole", EXPECTED)?;
    if whole.is_undefined() {
        return Ok(Wanted::ALL);
    }
    match whole.as_bool() {
        Some(true) => Ok(Wanted::ALL),
        Some(false) => Ok(Wanted::DIGITS_ONLY),
        None => Err(Error::input(format!(
            "{EXPECTED}; `whole` is {}",
            describe(&whole)
        ))),
    }
}

/// A result as the JS object the API documents: its serde form (the one the CLI prints as
/// JSON, and that the TypeScript types describe) made by serde-wasm-bindgen, `None` as `null`
/// and flattened fields in plain objects, each 28x28 frame a `Float32Array`.
fn to_js(value: &impl Serialize) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_missing_as_null(true)
        .serialize_maps_as_objects(true);
    normalize::as_typed_arrays(|| value.serialize(&serializer))
        .map_err(|e| Error::Model(format!("making the JS result: {e}")).into())
}

/// JSON text longer than this per value the limits allow is not parsed by the fast path:
/// a number is at most 24 characters ("-1.2345678901234567e-300") plus its comma.
const JSON_CHARS_PER_VALUE: usize = 25;

/// Reads nested JS arrays of numbers (strokes), which arrive on every animation frame while
/// someone draws. Fast path: one `JSON.stringify` and serde_json, instead of a crossing of
/// the JS/wasm boundary per number (~1.5 µs per value: a 1,500-point drawing took 6.7 ms walked).
/// JSON turns NaN, Infinity and undefined into null, which `Nested` rejects: every input the
/// fast path refuses is walked value by value, so the error names what was actually wrong.
/// Lengths are checked before the text is made (the outer array) and before it is copied
/// into wasm memory (the text), so a huge array costs no wasm memory.
fn nested_from_js(value: &JsValue, expected: &str) -> Result<Nested, Error> {
    let outer_fits =
        is_array(value, expected)? && array_length(value, expected)? <= limits::VALUES.value;
    if outer_fits {
        let text = try_stringify(value)
            .ok()
            .and_then(|t| t.dyn_into::<JsString>().ok())
            .filter(|t| t.length() as usize <= limits::VALUES.value * JSON_CHARS_PER_VALUE)
            .and_then(|t| t.as_string());
        if let Some(Ok(nested)) = text.map(|t| serde_json::from_str::<Nested>(&t)) {
            return Ok(nested);
        }
    }
    walk_nested(value, expected)
}

/// An array being walked: its items so far and where the walk is in it.
struct Walking {
    array: JsValue,
    length: u32,
    next: u32,
    items: Vec<Nested>,
}

/// Walks nested JS arrays of numbers with an explicit stack (never recursion: the depth is
/// the caller's), within the [`Budget`]; anything else is an error starting with `expected`.
fn walk_nested(value: &JsValue, expected: &str) -> Result<Nested, Error> {
    let budget = Budget::default();
    budget.take(1)?;
    let open = |array: JsValue, depth: usize| -> Result<Walking, Error> {
        if !is_array(&array, expected)? {
            return Err(Error::input(format!(
                "{expected}: found {}",
                describe(&array)
            )));
        }
        budget.enter(depth)?;
        let length = array_length(&array, expected)?;
        budget.take(length)?;
        Ok(Walking {
            array,
            length: length as u32,
            next: 0,
            items: Vec::with_capacity(length),
        })
    };
    if let Some(number) = value.as_f64() {
        return Ok(Nested::Number(number));
    }
    let mut stack = vec![open(value.clone(), 1)?];
    loop {
        let top = stack
            .last_mut()
            .expect("the walk stops when the stack empties");
        if top.next == top.length {
            let done = Nested::List(stack.pop().expect("not empty").items);
            match stack.last_mut() {
                Some(parent) => parent.items.push(done),
                None => return Ok(done),
            }
            continue;
        }
        let item = Reflect::get_u32(&top.array, top.next).map_err(|e| {
            Error::input(format!(
                "{expected}: reading item {} threw {}",
                top.next,
                describe_thrown(&e)
            ))
        })?;
        top.next += 1;
        match item.as_f64() {
            Some(number) => top.items.push(Nested::Number(number)),
            None => {
                let depth = stack.len() + 1;
                stack.push(open(item, depth)?);
            }
        }
    }
}

const IMAGE_EXPECTED: &str = "classifyImage expects an ImageData or {width, height, data} with \
                              width*height*4 RGBA bytes in a Uint8ClampedArray or Uint8Array";

/// Reads `width`, `height` and the RGBA bytes out of an ImageData-like object; `expected`
/// starts the error message. The size is checked against the limits, and the bytes' length
/// against it, before a byte is copied.
fn image_parts(image: &JsValue, expected: &str) -> Result<(usize, usize, Vec<u8>), Error> {
    if !image.is_object() {
        return Err(Error::input(format!("{expected}; got {}", describe(image))));
    }
    let dimension = |name: &str| -> Result<usize, Error> {
        let value = get(image, name, expected)?;
        match value.as_f64() {
            Some(v) if v >= 0.0 && v.fract() == 0.0 && v <= u32::MAX as f64 => Ok(v as usize),
            _ => Err(Error::input(format!(
                "{expected}; `{name}` is {}",
                describe(&value)
            ))),
        }
    };
    let (width, height) = (dimension("width")?, dimension("height")?);
    let length = Image::byte_length(width, height, PixelFormat::Rgba8)?;
    let data = get(image, "data", expected)?;
    // A Uint8ClampedArray (ImageData's) or a Uint8Array; both copy as bytes.
    let bytes = if data.is_instance_of::<js_sys::Uint8ClampedArray>()
        || data.is_instance_of::<Uint8Array>()
    {
        let found = typed_length(&data).ok_or_else(|| not_typed(expected, "data"))?;
        if found != length {
            return Err(Error::input(format!(
                "expected {length} bytes for a {width}x{height} image with 4 bytes per pixel \
                 (RGBA), got {found}"
            )));
        }
        let mut bytes = vec![0u8; length];
        try_copy_u8(&mut bytes, &data).map_err(|e| copy_failed(expected, &e))?;
        bytes
    } else {
        return Err(Error::input(format!(
            "{expected}; `data` is {}",
            describe(&data)
        )));
    };
    Ok((width, height, bytes))
}

/// Copies the frame's values out of a Float32Array, checking the length first.
fn copy_f32(array: &JsValue, expected: &str) -> Result<Vec<f32>, Error> {
    let length = typed_length(array).ok_or_else(|| not_typed(expected, "the Float32Array"))?;
    check_values_length(length)?;
    let mut values = vec![0.0f32; length];
    try_copy_f32(&mut values, array).map_err(|e| copy_failed(expected, &e))?;
    Ok(values)
}

fn not_typed(expected: &str, what: &str) -> Error {
    Error::input(format!(
        "{expected}; {what} is not a real typed array (a Proxy or a subclass that hides it)"
    ))
}

fn copy_failed(expected: &str, thrown: &JsValue) -> Error {
    Error::input(format!(
        "{expected}; copying the array threw {}",
        describe_thrown(thrown)
    ))
}

/// The length of a typed array from its internal slot, through `%TypedArray%.prototype`'s
/// own `length` getter: neither an own `length` property nor a Proxy can lie about it, and
/// it throws (→ `None`) for anything that is not a typed array.
fn typed_length(value: &JsValue) -> Option<usize> {
    thread_local! {
        static GETTER: Option<Function> = {
            let float32 = Object::get_prototype_of(&Float32Array::new_with_length(0));
            let typed_array = Object::get_prototype_of(&float32);
            Reflect::get_own_property_descriptor(&typed_array, &"length".into())
                .ok()
                .and_then(|descriptor| Reflect::get(&descriptor, &"get".into()).ok())
                .and_then(|getter| getter.dyn_into::<Function>().ok())
        };
    }
    GETTER.with(|getter| {
        let length = Reflect::apply(getter.as_ref()?, value, &Array::new()).ok()?;
        length.as_f64().map(|n| n as usize)
    })
}

/// `Array.isArray`, which throws for a revoked Proxy.
fn is_array(value: &JsValue, expected: &str) -> Result<bool, Error> {
    try_is_array(value).map_err(|e| {
        Error::input(format!(
            "{expected}; checking whether it is an array threw {}",
            describe_thrown(&e)
        ))
    })
}

/// `value[key]`, whose getter or Proxy trap may throw.
fn get(value: &JsValue, key: &str, expected: &str) -> Result<JsValue, Error> {
    Reflect::get(value, &JsValue::from_str(key)).map_err(|e| {
        Error::input(format!(
            "{expected}; reading `{key}` threw {}",
            describe_thrown(&e)
        ))
    })
}

/// The length of an array (a Proxy's trap may say anything: it is checked as a number).
fn array_length(array: &JsValue, expected: &str) -> Result<usize, Error> {
    let length = get(array, "length", expected)?;
    match length.as_f64() {
        Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= u32::MAX as f64 => Ok(n as usize),
        _ => Err(Error::input(format!(
            "{expected}; an array's `length` is {}",
            describe(&length)
        ))),
    }
}

/// What a thrown value says: an `Error`'s message, or the value described.
fn describe_thrown(thrown: &JsValue) -> String {
    if thrown.is_instance_of::<js_sys::Error>() {
        if let Ok(message) = Reflect::get(thrown, &"message".into()) {
            if message.is_string() {
                return format!("an error: {}", short_string(&message));
            }
        }
    }
    describe(thrown)
}

/// A string for a message, cut short: a caller's string may be megabytes long.
fn short_string(value: &JsValue) -> String {
    const SHOWN: u32 = 60;
    let Some(string) = value.dyn_ref::<JsString>() else {
        return String::new();
    };
    if string.length() > SHOWN {
        let start: String = string.slice(0, SHOWN).into();
        format!("{start}… ({} characters)", string.length())
    } else {
        string.into()
    }
}

/// A short description of a JS value for error messages, in words ("a function", "true"),
/// read without running any of the caller's code.
fn describe(value: &JsValue) -> String {
    if value.is_undefined() {
        "undefined".into()
    } else if value.is_null() {
        "null".into()
    } else if let Some(b) = value.as_bool() {
        b.to_string()
    } else if let Some(n) = value.as_f64() {
        format!("the number {n}")
    } else if value.is_string() {
        format!("the string {:?}", short_string(value))
    } else if value.is_bigint() {
        "a BigInt".into()
    } else if value.is_symbol() {
        "a symbol".into()
    } else if value.is_function() {
        "a function".into()
    } else if try_is_array(value).unwrap_or(false) {
        match Reflect::get(value, &"length".into()).map(|l| l.as_f64()) {
            Ok(Some(n)) => format!("an array of {n}"),
            _ => "an array".into(),
        }
    } else if let Some(length) = typed_length(value) {
        format!("a typed array of {length}")
    } else {
        "an object of another kind".into()
    }
}
