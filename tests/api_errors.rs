//! Bad input never panics and never yields a silent wrong answer: it is an error whose
//! message names what was received and what was expected.
#![cfg(not(target_arch = "wasm32"))]

use nickara::input::{Nested, PredictBody};
use nickara::normalize::{frame_from_values, Image, PixelFormat, Strokes};
use nickara::{limits, Error};

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
            .contains("over the limit of 16384 pixels on a side of an image")
    );
}

#[test]
fn nesting_deeper_than_the_limit_is_an_error_not_a_stack_overflow() {
    for depth in [5, 1_000, 100_000] {
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let err = serde_json::from_str::<Nested>(&text)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("arrays nested 5 deep, over the limit of 4 levels of nested arrays"),
            "{depth}: {err}"
        );
        let body = format!("{{\"data\": {text}}}");
        let err = serde_json::from_str::<PredictBody>(&body)
            .unwrap_err()
            .to_string();
        assert!(err.contains("levels of nested arrays"), "{depth}: {err}");
    }
    // One level more than any shape needs still gets a message about the shape.
    assert!(json("[[[[1, 2]]]]").to_strokes().is_err());
}

#[test]
fn counts_over_the_limits_are_errors_that_name_the_limit() {
    let points = |n: usize| format!("[{}]", vec!["[1,2]"; n].join(","));
    let strokes = |count: usize, each: usize| format!("[{}]", vec![points(each); count].join(","));
    let m = message(json(&strokes(limits::STROKES.value + 1, 1)).to_strokes());
    assert!(
        m.contains("1001 strokes, over the limit of 1000 strokes in a drawing"),
        "{m}"
    );
    let m = message(json(&strokes(2, limits::STROKE_POINTS.value + 1)).to_strokes());
    assert!(
        m.contains("stroke 0 has 10001 points, over the limit of 10000 points in a stroke"),
        "{m}"
    );
    let m = message(json(&strokes(6, 8_340)).to_strokes());
    assert!(
        m.contains("50040 points in all, over the limit of 50000 points in a drawing"),
        "{m}"
    );
    assert!(
        json(&strokes(5, 10_000)).to_strokes().is_ok(),
        "at the limits"
    );
    // Values are counted while parsing, before any shape is known.
    let flat = format!("[{}]", vec!["0"; limits::VALUES.value].join(","));
    let err = serde_json::from_str::<Nested>(&flat)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("over the limit of 151001 values in a nested array"),
        "{err}"
    );
}

#[test]
fn coordinates_beyond_the_limit_are_refused_not_read_as_no_ink() {
    let recognizer = nickara::Recognizer::new().unwrap();
    let far = Strokes::new(vec![vec![(1e308, -1e308)]]).unwrap();
    let m = message(recognizer.classify_strokes(&far));
    assert!(
        m.starts_with("stroke 0, point 0 is [")
            && m.ends_with("over the limit of ±1e300 for coordinates"),
        "{m}"
    );
    assert!(message(recognizer.read_strokes(&far)).contains("±1e300"));
    let edge = Strokes::new(vec![vec![(1e300, -1e300)]]).unwrap();
    assert!(recognizer.classify_strokes(&edge).unwrap().digit.is_some());
}

#[test]
fn images_over_the_size_limits_are_refused_before_their_bytes_are_read() {
    let m = message(Image::byte_length(16_385, 1, PixelFormat::Rgba8));
    assert!(
        m.contains("a 16385x1 image") && m.contains("over the limit of 16384 pixels on a side"),
        "{m}"
    );
    let m = message(Image::byte_length(4097, 4096, PixelFormat::Rgba8));
    assert!(
        m.contains("16781312 pixels")
            && m.contains("over the limit of 16777216 pixels in an image"),
        "{m}"
    );
    assert_eq!(
        Image::byte_length(4096, 4096, PixelFormat::Rgba8),
        Ok(4096 * 4096 * 4)
    );
    assert_eq!(
        Image::byte_length(16_384, 1024, PixelFormat::Gray8),
        Ok(16_384 * 1024)
    );
}

#[test]
fn a_number_of_more_digits_than_the_limit_is_refused() {
    let recognizer = nickara::Recognizer::new().unwrap();
    let bars = |count: usize| {
        Strokes::new(
            (0..count)
                .map(|i| vec![(i as f64 * 30.0, 0.0), (i as f64 * 30.0 + 5.0, 100.0)])
                .collect(),
        )
        .unwrap()
    };
    let m = message(recognizer.read_strokes(&bars(limits::DIGITS.value + 1)));
    assert!(
        m.contains("101 separate digits") && m.contains("over the limit of 100 digits in a number"),
        "{m}"
    );
    let reading = recognizer
        .read_strokes(&bars(limits::DIGITS.value))
        .unwrap();
    assert_eq!(reading.digits.len(), limits::DIGITS.value);
}

#[test]
fn the_readme_lists_every_limit() {
    let readme = include_str!("../README.md");
    for limit in limits::ALL {
        let value = format_thousands(limit.value);
        assert!(
            readme.lines().any(|line| line.trim_start().starts_with('|')
                && line.contains(limit.name)
                && line.contains(&value)),
            "README.md has no table row with \"{}\" and {value}",
            limit.name
        );
    }
}

/// 16777216 → "16,777,216", as the README writes numbers.
fn format_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
