//! Bad input never panics and never yields a silent wrong answer: it is an error whose
//! message names what was received and what was expected.
#![cfg(not(target_arch = "wasm32"))]

use nickara::input::{Nested, PredictBody};
use nickara::normalize::{frame_from_values, Image, PixelFormat, Strokes};
use nickara::Error;

fn message<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(Error::Input(message)) => message,
        other => panic!("expected an input error, got {other:?}"),
    }
}

fn json(text: &str) -> Nested {
    serde_json::from_str(text).unwrap()
}

fn grid(rows: usize, cols: usize, pixel: &str) -> String {
    let row = format!("[{}]", vec![pixel; cols].join(","));
    format!("[{}]", vec![row.as_str(); rows].join(","))
}

#[test]
fn values_must_be_784_numbers_in_0_1() {
    assert!(message(frame_from_values(&[0.5; 783])).contains("expected 784 values"));
    let mut values = [0.0f32; 784];
    values[30] = f32::NAN;
    assert!(message(frame_from_values(&values)).contains("row 1, column 2 is NaN"));
    values[30] = 200.0;
    let m = message(frame_from_values(&values));
    assert!(
        m.contains("expected a number in [0, 1]") && m.contains("divide 0-255 pixels by 255"),
        "{m}"
    );
    values[30] = -0.1;
    assert!(message(frame_from_values(&values)).contains("-0.1"));
    values[30] = f32::INFINITY;
    assert!(message(frame_from_values(&values)).contains("inf"));
}

#[test]
fn the_seed_body_must_be_28x28x1() {
    assert_eq!(json(&grid(28, 28, "[0.5]")).to_grid().unwrap().len(), 784);
    assert_eq!(
        json(&grid(28, 28, "0.5")).to_grid().unwrap().len(),
        784,
        "28x28 without channel"
    );
    assert!(message(json(&grid(27, 28, "[0]")).to_grid()).contains("got 27 rows"));
    assert!(message(json(&grid(28, 3, "[0]")).to_grid())
        .contains("data[0]: expected a row of 28 pixels, got 3"));
    assert!(message(json(&grid(28, 28, "[0,0,0]")).to_grid())
        .contains("data[0][0]: expected one channel"));
    assert!(message(json(&grid(28, 28, "[[0]]")).to_grid())
        .contains("data[0][0][0]: expected a number"));
    assert!(message(json("5").to_grid()).contains("got the number 5"));
    // Anything but numbers and arrays is rejected while parsing, with the path in the message.
    let err = serde_json::from_str::<PredictBody>(r#"{"data": [["a"]]}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("expected a number or an array"), "{err}");
    let err = serde_json::from_str::<PredictBody>(r#"{"pixels": []}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("missing field `data`"), "{err}");
}

#[test]
fn strokes_must_be_arrays_of_finite_xy_points() {
    assert!(
        json("[]").to_strokes().unwrap().is_empty(),
        "no strokes is an empty drawing"
    );
    assert!(message(json("[[]]").to_strokes()).contains("stroke 0 has no points"));
    assert!(message(json("[[[1,2]],[[1,2,3]]]").to_strokes())
        .contains("stroke 1, point 0: expected [x, y], got 3"));
    assert!(message(json("[[1,2]]").to_strokes())
        .contains("stroke 0, point 0: expected [x, y], got the number 1"));
    assert!(message(json("{}".replace("{}", "7").as_str()).to_strokes())
        .contains("expected an array of strokes"));
    let m = message(Strokes::new(vec![vec![(0.0, f64::NAN)]]));
    assert!(
        m.contains("stroke 0, point 0") && m.contains("expected finite numbers"),
        "{m}"
    );
    let m = message(Strokes::new(vec![vec![(-1.7e308, 0.0), (1.7e308, 0.0)]]));
    assert!(m.contains("span"), "{m}");
}

#[test]
fn images_must_have_the_bytes_their_size_says() {
    assert!(message(Image::new(0, 10, PixelFormat::Rgba8, &[])).contains("at least 1x1"));
    let m = message(Image::new(10, 10, PixelFormat::Rgba8, &[0; 399]));
    assert!(
        m.contains("expected 400 bytes for a 10x10 image with 4 bytes per pixel (RGBA), got 399"),
        "{m}"
    );
    assert!(message(Image::new(10, 10, PixelFormat::Gray8, &[0; 400])).contains("1 byte per pixel"));
    assert!(
        message(Image::new(20_000, 1, PixelFormat::Gray8, &[0; 20_000]))
            .contains("at most 16384x16384")
    );
}
