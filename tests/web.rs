//! The JavaScript API in a real browser (`wasm-pack test --headless --chrome --release`):
//! the same calls the page makes, with JS values built the way a page builds them.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use js_sys::{Float32Array, Reflect, JSON};
use nickara::web::WebRecognizer;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::ImageData;

wasm_bindgen_test_configure!(run_in_browser);

fn recognizer() -> WebRecognizer {
    WebRecognizer::new()
        .map_err(JsValue::from)
        .expect("the embedded model loads")
}

fn js(text: &str) -> JsValue {
    JSON::parse(text).expect("test JSON")
}

fn field(value: &JsValue, name: &str) -> JsValue {
    Reflect::get(value, &name.into()).unwrap()
}

fn digit_of(prediction: &JsValue) -> Option<u8> {
    field(prediction, "digit").as_f64().map(|d| d as u8)
}

/// The message of the JS `Error` an API call threw.
fn thrown(result: Result<JsValue, wasm_bindgen::JsError>) -> String {
    let error = JsValue::from(result.expect_err("expected the call to throw"));
    let error: js_sys::Error = error.dyn_into().expect("a JS Error object");
    error.message().into()
}

/// An MNIST digit as a `width` x `height` canvas image, black ink on white, scaled up.
fn mnist_image(pixels: &[u8; 784], side: u32) -> ImageData {
    let mut rgba = Vec::with_capacity((side * side * 4) as usize);
    for y in 0..side {
        for x in 0..side {
            let v = 255 - pixels[(y * 28 / side * 28 + x * 28 / side) as usize];
            rgba.extend([v, v, v, 255]);
        }
    }
    image_data(&rgba, side, side)
}

/// An ImageData holding its own copy of `rgba`, as a canvas gives. (`new ImageData` over a
/// `Clamped(&rgba)` would keep a view of wasm memory that is freed with `rgba`, and reused by
/// the next allocation.)
fn image_data(rgba: &[u8], width: u32, height: u32) -> ImageData {
    let bytes = js_sys::Uint8ClampedArray::new_with_length(rgba.len() as u32);
    bytes.copy_from(rgba);
    ImageData::new_with_js_u8_clamped_array_and_sh(&bytes, width, height).unwrap()
}

#[wasm_bindgen_test]
fn known_mnist_digits_are_classified_through_predict_and_classify_image() {
    let r = recognizer();
    let sample = mnist_sample();
    let (mut by_values, mut by_image) = (0, 0);
    for (pixels, label) in &sample {
        let values: Vec<f32> = pixels.iter().map(|&p| p as f32 / 255.0).collect();
        let p = r
            .predict(Float32Array::from(&values[..]).into())
            .map_err(JsValue::from)
            .unwrap();
        by_values += (digit_of(&p) == Some(*label)) as u32;
        let p = r
            .classify_image(mnist_image(pixels, 280).into())
            .map_err(JsValue::from)
            .unwrap();
        by_image += (digit_of(&p) == Some(*label)) as u32;
    }
    assert!(by_values >= 97, "predict: {by_values}/100 correct");
    assert!(by_image >= 97, "classifyImage: {by_image}/100 correct");
}

#[wasm_bindgen_test]
fn the_result_has_digit_confidence_probabilities_and_the_input_seen() {
    let r = recognizer();
    let (pixels, label) = mnist_sample()[0];
    let data: Vec<Vec<[f32; 1]>> = pixels
        .chunks(28)
        .map(|row| row.iter().map(|&p| [p as f32 / 255.0]).collect())
        .collect();
    let body = js(&format!("{{\"data\": {}}}", serde_json_like(&data)));
    let p = r.predict(body).map_err(JsValue::from).unwrap();
    assert_eq!(digit_of(&p), Some(label));
    let probabilities: js_sys::Array = field(&p, "probabilities").dyn_into().unwrap();
    assert_eq!(probabilities.length(), 10);
    let sum: f64 = probabilities.iter().map(|v| v.as_f64().unwrap()).sum();
    assert!((sum - 1.0).abs() < 1e-4);
    assert_eq!(
        field(&p, "confidence").as_f64(),
        probabilities.get(label as u32).as_f64()
    );
    let input: Float32Array = field(&p, "input")
        .dyn_into()
        .expect("input is a Float32Array");
    assert_eq!(input.length(), 784);
    assert!((input.get_index(7 * 28 + 10) - pixels[7 * 28 + 10] as f32 / 255.0).abs() < 1e-6);
}

#[wasm_bindgen_test]
fn predict_takes_a_plain_array_as_a_float32array_with_the_same_errors() {
    let r = recognizer();
    let (pixels, _) = mnist_sample()[2];
    let values: Vec<f32> = pixels.iter().map(|&p| p as f32 / 255.0).collect();
    let array: js_sys::Array = values.iter().map(|&v| JsValue::from(v)).collect();
    let typed = r.predict(Float32Array::from(&values[..]).into());
    let plain = r.predict(array.into());
    let (typed, plain) = (typed.map_err(JsValue::from), plain.map_err(JsValue::from));
    assert_eq!(as_json(&plain.unwrap()), as_json(&typed.unwrap()));

    let cases: [(Vec<f32>, &str); 3] = [
        (
            vec![0.5; 783],
            "expected 784 values (a 28x28 image, row-major), got 783",
        ),
        (
            vec![255.0; 784],
            "value at row 0, column 0 is 255; expected a number in [0, 1] (divide 0-255 pixels by 255)",
        ),
        (
            vec![f32::NAN; 784],
            "value at row 0, column 0 is NaN; expected a number in [0, 1]",
        ),
    ];
    for (values, message) in cases {
        let array: js_sys::Array = values.iter().map(|&v| JsValue::from(v)).collect();
        assert_eq!(thrown(r.predict(array.into())), message);
        assert_eq!(
            thrown(r.predict(Float32Array::from(&values[..]).into())),
            message
        );
    }
    let mut values: Vec<JsValue> = vec![JsValue::from(0.0); 784];
    values[30] = "0.5".into();
    let m = thrown(r.predict(values.into_iter().collect::<js_sys::Array>().into()));
    assert!(
        m.starts_with("predict expects") && m.ends_with("found the string \"0.5\""),
        "{m}"
    );
    let before = memory_bytes();
    let m = thrown(r.predict(js_sys::Array::new_with_length(u32::MAX).into()));
    assert_eq!(
        m,
        "expected 784 values (a 28x28 image, row-major), got 4294967295"
    );
    assert_eq!(memory_bytes(), before, "nothing was copied");
}

/// A JS result as JSON, typed arrays as arrays, every number as the float32 it was made from.
fn as_json(value: &JsValue) -> serde_json::Value {
    let replacer = js_sys::Function::new_with_args(
        "key, value",
        "return ArrayBuffer.isView(value) ? Array.from(value) : value",
    );
    let text = JSON::stringify_with_replacer(value, &replacer).unwrap();
    float32s(serde_json::from_str(&String::from(text)).unwrap())
}

/// A Rust result's serde form, every number as a float32: text, and serde_json's parsing of
/// it, may differ in the last bit of a float64, and 0 is an integer in JS's JSON.
fn serde_form(value: &impl serde::Serialize) -> serde_json::Value {
    float32s(serde_json::to_value(value).unwrap())
}

fn float32s(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Number(n) => Value::from(n.as_f64().unwrap() as f32),
        Value::Array(items) => Value::Array(items.into_iter().map(float32s).collect()),
        Value::Object(fields) => fields
            .into_iter()
            .map(|(key, field)| (key, float32s(field)))
            .collect(),
        other => other,
    }
}

#[wasm_bindgen_test]
fn results_are_the_librarys_serde_form_with_frames_as_float32arrays() {
    let r = recognizer();
    let library = nickara::Recognizer::new().unwrap();
    let mut strokes = place(&digit(4), 100.0, 0.0, 0.0);
    strokes.extend(place(&digit(7), 100.0, 130.0, 0.0));
    let rust = nickara::normalize::Strokes::new(strokes.clone()).unwrap();

    let prediction = r
        .classify_strokes(strokes_js(&strokes))
        .map_err(JsValue::from)
        .unwrap();
    let expected = library.classify_strokes(&rust).unwrap();
    assert!(
        as_json(&prediction) == serde_form(&expected),
        "{expected:?}"
    );
    let reading = r
        .classify_number(strokes_js(&strokes), None)
        .map_err(JsValue::from)
        .unwrap();
    let expected = library.read_strokes(&rust).unwrap();
    assert!(as_json(&reading) == serde_form(&expected), "{expected:?}");
    assert_eq!(expected.digits.len(), 2, "{expected:?}");

    let digits: js_sys::Array = field(&reading, "digits").dyn_into().unwrap();
    for prediction in [
        prediction,
        field(&reading, "whole"),
        digits.get(0),
        digits.get(1),
    ] {
        assert!(field(&prediction, "input").is_instance_of::<Float32Array>());
        assert!(field(&prediction, "probabilities").is_array());
    }
    let empty = r.classify_strokes(js("[]")).map_err(JsValue::from).unwrap();
    assert!(field(&empty, "digit").is_null() && field(&empty, "runnerUp").is_null());
}

/// `[[[v], ...], ...]` as JSON text.
fn serde_json_like(data: &[Vec<[f32; 1]>]) -> String {
    let rows: Vec<String> = data
        .iter()
        .map(|row| {
            format!(
                "[{}]",
                row.iter()
                    .map(|p| format!("[{}]", p[0]))
                    .collect::<Vec<_>>()
                    .join(",")
            )
        })
        .collect();
    format!("[{}]", rows.join(","))
}

#[wasm_bindgen_test]
fn strokes_are_classified_and_no_strokes_is_an_empty_drawing() {
    let r = recognizer();
    for d in [0u8, 1, 7] {
        let strokes = place(&digit(d), 150.0, 20.0, 30.0);
        let p = r
            .classify_strokes(strokes_js(&strokes))
            .map_err(JsValue::from)
            .unwrap();
        assert_eq!(digit_of(&p), Some(d));
    }
    let empty = r.classify_strokes(js("[]")).map_err(JsValue::from).unwrap();
    assert!(field(&empty, "digit").is_null());
    assert_eq!(field(&empty, "confidence").as_f64(), Some(0.0));
}

#[wasm_bindgen_test]
fn bad_inputs_throw_errors_that_say_what_was_expected() {
    let r = recognizer();
    let m = thrown(r.predict(Float32Array::new_with_length(10).into()));
    assert!(m.contains("expected 784 values"), "{m}");
    let m = thrown(r.predict("hello".into()));
    assert!(
        m.contains(
            "predict expects 784 values in a Float32Array or an array, or {data: <28x28x1 array>}"
        ),
        "{m}"
    );
    let m = thrown(r.predict(js("{\"data\": [[1]]}")));
    assert!(m.contains("expected 28 rows"), "{m}");
    let m = thrown(r.predict(js("{\"pixels\": 1}")));
    assert!(m.contains("missing field `data`"), "{m}");
    let mut nan = vec![0.0f32; 784];
    nan[0] = f32::NAN;
    assert!(thrown(r.predict(Float32Array::from(&nan[..]).into())).contains("NaN"));
    let big = vec![255.0f32; 784];
    assert!(thrown(r.predict(Float32Array::from(&big[..]).into()))
        .contains("divide 0-255 pixels by 255"));

    assert!(thrown(r.classify_strokes(js("[[]]"))).contains("stroke 0 has no points"));
    assert!(thrown(r.classify_strokes(js("[[[1, 2, 3]]]"))).contains("expected [x, y]"));
    assert!(thrown(r.classify_strokes("abc".into()))
        .contains("classifyStrokes expects an array of strokes"));
    // JSON has no NaN or Infinity: these take the walked path and keep a precise message.
    for (bad, shown) in [(f64::NAN, "NaN"), (f64::INFINITY, "inf")] {
        let point = js_sys::Array::of2(&JsValue::from(3.0), &JsValue::from(bad));
        let strokes = js_sys::Array::of1(&js_sys::Array::of2(&js("[1, 2]"), &point));
        let m = thrown(r.classify_strokes(strokes.into()));
        assert!(
            m.contains(&format!(
                "stroke 0, point 1 is [3, {shown}]; expected finite numbers"
            )),
            "{m}"
        );
    }
    let m = thrown(r.classify_strokes(js("[[[1, null]]]")));
    assert!(
        m.starts_with("classifyStrokes expects") && !m.contains("Error:"),
        "{m}"
    );

    assert!(thrown(r.classify_image(JsValue::NULL)).contains("classifyImage expects an ImageData"));
    let m = thrown(r.classify_image(js("{\"width\": 2, \"height\": 2, \"data\": [1, 2]}")));
    assert!(m.contains("`data` is an array of 2"), "{m}");
    let short = js_sys::Object::new();
    Reflect::set(&short, &"width".into(), &2.into()).unwrap();
    Reflect::set(&short, &"height".into(), &2.into()).unwrap();
    Reflect::set(
        &short,
        &"data".into(),
        &js_sys::Uint8ClampedArray::new_with_length(3),
    )
    .unwrap();
    let m = thrown(r.classify_image(short.into()));
    assert!(m.contains("expected 16 bytes for a 2x2 image"), "{m}");
    let m = thrown(r.classify_image(js("{\"width\": -1, \"height\": 2}")));
    assert!(m.contains("`width` is the number -1"), "{m}");
}

#[wasm_bindgen_test]
fn numbers_are_read_from_strokes_and_images_with_unsure_and_runner_up() {
    let r = recognizer();
    let mut strokes = place(&digit(1), 100.0, 0.0, 0.0);
    strokes.extend(place(&digit(0), 100.0, 130.0, 0.0));
    let reading = r
        .classify_number(strokes_js(&strokes), None)
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(field(&reading, "value").as_string().as_deref(), Some("10"));
    let whole = field(&reading, "whole");
    assert!(
        field(&whole, "digit").as_f64().is_some(),
        "all the ink read as one digit too"
    );
    let digits: js_sys::Array = field(&reading, "digits").dyn_into().unwrap();
    assert_eq!(digits.length(), 2);
    let first = digits.get(0);
    assert_eq!(field(&first, "unsure").as_bool(), Some(false));
    let runner_up = field(&first, "runnerUp");
    assert!(
        field(&runner_up, "digit").as_f64().is_some()
            && field(&runner_up, "confidence").as_f64().is_some()
    );
    // The "1" is drawn from x = 45 to 55 and y = 0 to 100.
    let bounds = field(&first, "box");
    let (x, height) = (field(&bounds, "x"), field(&bounds, "height"));
    assert!(
        (44.0..46.0).contains(&x.as_f64().unwrap()) && height.as_f64().unwrap() > 99.0,
        "box of the 1: x {x:?}, height {height:?}"
    );

    // Two MNIST digits side by side in one image.
    let sample = mnist_sample();
    let (a, b) = (&sample[0], &sample[1]);
    let mut rgba = Vec::new();
    for y in 0..28 {
        for x in 0..56 {
            let v = if x < 28 {
                a.0[y * 28 + x]
            } else {
                b.0[y * 28 + x - 28]
            };
            rgba.extend([255 - v, 255 - v, 255 - v, 255]);
        }
    }
    let image = image_data(&rgba, 56, 28);
    let reading = r
        .classify_number(image.into(), None)
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(
        field(&reading, "value").as_string(),
        Some(format!("{}{}", a.1, b.1))
    );

    let tap = r
        .classify_strokes(js("[[[3, 4]]]"))
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(field(&tap, "unsure").as_bool(), Some(true));
    let empty = r
        .classify_number(js("[]"), None)
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(field(&empty, "value").as_string().as_deref(), Some(""));
    let m = thrown(r.classify_number("nope".into(), None));
    assert!(
        m.starts_with("classifyNumber expects strokes [[[x, y], ...], ...] or an ImageData"),
        "{m}"
    );
}

#[wasm_bindgen_test]
fn a_number_read_without_the_whole_has_the_same_digits_and_bad_options_are_named() {
    let r = recognizer();
    let mut strokes = place(&digit(4), 100.0, 0.0, 0.0);
    strokes.extend(place(&digit(2), 100.0, 130.0, 0.0));
    let value = |reading: &JsValue| field(reading, "value").as_string();
    let full = r
        .classify_number(strokes_js(&strokes), Some(js(r#"{"whole": true}"#)))
        .map_err(JsValue::from)
        .unwrap();
    let alone = r
        .classify_number(strokes_js(&strokes), Some(js(r#"{"whole": false}"#)))
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(value(&full).as_deref(), Some("42"));
    assert_eq!(value(&alone), value(&full));
    assert!(field(&full, "whole").is_object());
    assert!(
        !Reflect::has(&alone, &"whole".into()).unwrap(),
        "no `whole` key"
    );
    let digits: js_sys::Array = field(&alone, "digits").dyn_into().unwrap();
    assert_eq!(digits.length(), 2);
    // {} and null are the defaults.
    for options in ["{}", "null"] {
        let reading = r
            .classify_number(strokes_js(&strokes), Some(js(options)))
            .map_err(JsValue::from)
            .unwrap();
        assert!(field(&reading, "whole").is_object(), "{options}");
    }
    let m = thrown(r.classify_number(strokes_js(&strokes), Some(js(r#"{"whole": "no"}"#))));
    assert_eq!(
        m,
        "classifyNumber's options are { whole: true } or { whole: false }; `whole` is the \
         string \"no\""
    );
    let m = thrown(r.classify_number(strokes_js(&strokes), Some(js("7"))));
    assert!(m.ends_with("; got the number 7"), "{m}");
}

#[wasm_bindgen_test]
fn a_number_carries_the_confidence_of_its_least_sure_digit_and_whether_any_is_unsure() {
    let r = recognizer();
    let number = |strokes: &[Vec<(f64, f64)>]| {
        r.classify_number(strokes_js(strokes), None)
            .map_err(JsValue::from)
            .unwrap()
    };
    let mut ten = place(&digit(1), 100.0, 0.0, 0.0);
    ten.extend(place(&digit(0), 100.0, 130.0, 0.0));
    // A tap is read, but cannot be sure (beside digits it would be dropped as a speck).
    let tap = vec![vec![(3.0, 4.0)]];
    for (strokes, unsure) in [(ten, false), (tap, true)] {
        let reading = number(&strokes);
        let digits: js_sys::Array = field(&reading, "digits").dyn_into().unwrap();
        let confidences: Vec<f64> = digits
            .iter()
            .map(|d| field(&d, "confidence").as_f64().unwrap())
            .collect();
        let least = confidences.iter().copied().fold(f64::INFINITY, f64::min);
        assert_eq!(
            field(&reading, "confidence").as_f64(),
            Some(least),
            "{confidences:?}"
        );
        assert_eq!(field(&reading, "unsure").as_bool(), Some(unsure));
    }

    let empty = number(&[]);
    assert_eq!(field(&empty, "confidence").as_f64(), Some(0.0));
    assert_eq!(field(&empty, "unsure").as_bool(), Some(false));
}

/// Strokes as the JS array of arrays of [x, y] the page sends.
fn strokes_js(strokes: &[Vec<(f64, f64)>]) -> JsValue {
    let text: Vec<String> = strokes
        .iter()
        .map(|s| {
            let points: Vec<String> = s.iter().map(|(x, y)| format!("[{x},{y}]")).collect();
            format!("[{}]", points.join(","))
        })
        .collect();
    js(&format!("[{}]", text.join(",")))
}

/// Bytes of the module's wasm memory (it only grows).
fn memory_bytes() -> u32 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length()
}

#[wasm_bindgen_test]
fn hostile_values_get_errors_and_leave_the_module_working() {
    let r = recognizer();
    let deep = |depth: usize| {
        let mut value: JsValue = js_sys::Array::new().into();
        for _ in 0..depth {
            value = js_sys::Array::of1(&value).into();
        }
        value
    };
    for depth in [5_000, 100_000] {
        let body = js_sys::Object::new();
        Reflect::set(&body, &"data".into(), &deep(depth)).unwrap();
        let m = thrown(r.predict(body.into()));
        assert!(
            m.contains("over the limit of 4 levels of nested arrays"),
            "{m}"
        );
        let m = thrown(r.classify_strokes(deep(depth)));
        assert!(
            m.contains("over the limit of 4 levels of nested arrays"),
            "{m}"
        );
        let m = thrown(r.classify_number(deep(depth), None));
        assert!(
            m.contains("over the limit of 4 levels of nested arrays"),
            "{m}"
        );
    }

    // Lengths are checked before anything is copied into wasm memory.
    let before = memory_bytes();
    let m = thrown(r.predict(Float32Array::new_with_length(50_000_000).into()));
    assert!(
        m.contains("expected 784 values (a 28x28 image, row-major), got 50000000"),
        "{m}"
    );
    let huge = js("{\"width\": 4096, \"height\": 4096}");
    Reflect::set(
        &huge,
        &"data".into(),
        &js_sys::Uint8ClampedArray::new_with_length(30_000_000),
    )
    .unwrap();
    let m = thrown(r.classify_image(huge));
    assert!(
        m.contains("expected 67108864 bytes for a 4096x4096 image"),
        "{m}"
    );
    let sparse = js_sys::Array::new_with_length(u32::MAX);
    let m = thrown(r.classify_strokes(sparse.into()));
    assert!(m.contains("values in a nested array"), "{m}");
    assert_eq!(memory_bytes(), before, "nothing was copied");

    // Values are described in words, not as Rust debug text.
    let parse_int = Reflect::get(&js_sys::global(), &"parseInt".into()).unwrap();
    let m = thrown(r.predict(parse_int));
    assert!(m.ends_with("; got a function"), "{m}");
    let m = thrown(r.classify_image(JsValue::TRUE));
    assert!(m.ends_with("; got true"), "{m}");
    let m = thrown(r.classify_strokes(js("[[[1, {}]]]")));
    assert!(m.ends_with(": found an object of another kind"), "{m}");

    // The same recognizer still reads a digit, and a new one loads.
    let seven = r
        .classify_strokes(strokes_js(&place(&digit(7), 150.0, 20.0, 30.0)))
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(digit_of(&seven), Some(7));
    assert!(WebRecognizer::new().is_ok());
}
