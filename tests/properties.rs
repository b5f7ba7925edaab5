//! Properties over arbitrary inputs (proptest): parsing, normalization, segmentation and the
//! recognizer never panic, answer with finite values in range and of the documented shape,
//! and keep their invariants: strokes scaled and moved give the same frame, an image and its
//! negative give the same frame. Case counts are modest so `make test` stays fast; a failure
//! prints the smallest input proptest found.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use nickara::input::{Nested, PredictBody};
use nickara::normalize::{
    frame_from_image, frame_from_strokes, Frame, Image, PixelFormat, Strokes,
};
use nickara::segment::split_strokes;
use nickara::{Error, Prediction, Reading, Recognizer};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;

/// Any JSON made of numbers (including huge and tiny ones) and arrays, a few levels deep.
fn nested_json() -> impl Strategy<Value = String> {
    let number = prop_oneof![
        any::<i32>().prop_map(|n| n.to_string()),
        (-1e3..1e3f64).prop_map(|v| v.to_string()),
        Just("1e308".to_string()),
        Just("-0".to_string()),
        Just("1e400".to_string()),
    ];
    number.prop_recursive(6, 200, 6, |inner| {
        proptest::collection::vec(inner, 0..6).prop_map(|items| format!("[{}]", items.join(",")))
    })
}

/// Strokes of points on a pixel grid, as a pointer gives them.
fn strokes() -> impl Strategy<Value = Vec<Stroke>> {
    let point = (0u16..500, 0u16..500).prop_map(|(x, y)| (x as f64, y as f64));
    proptest::collection::vec(proptest::collection::vec(point, 1..20), 1..6)
}

fn is_input_error<T>(result: &Result<T, Error>) -> bool {
    matches!(result, Err(Error::Input(m)) if !m.is_empty())
}

fn assert_frame(frame: &Frame) {
    assert!(
        frame
            .pixels()
            .iter()
            .all(|v| v.is_finite() && (0.0..=1.0).contains(v)),
        "a frame pixel outside [0, 1]"
    );
}

/// The documented shape of a prediction: ten probabilities summing to 1, the digit their
/// largest, its confidence its probability, a different runner-up; or the empty answer.
fn assert_prediction(p: &Prediction) {
    assert_frame(&p.input);
    assert!(p
        .probabilities
        .iter()
        .all(|v| v.is_finite() && (0.0..=1.0).contains(v)));
    match p.digit {
        None => {
            assert_eq!(*p, Prediction::empty());
        }
        Some(d) => {
            let sum: f32 = p.probabilities.iter().sum();
            assert!((sum - 1.0).abs() < 1e-3, "probabilities sum to {sum}");
            assert_eq!(p.confidence, p.probabilities[d as usize]);
            assert!(p.probabilities.iter().all(|&q| q <= p.confidence));
            let runner_up = p.runner_up.expect("a runner-up with a digit");
            assert_ne!(runner_up.digit, d);
            assert!(runner_up.confidence <= p.confidence);
        }
    }
}

/// A reading: every digit well formed, the number as their text, as sure as its least sure
/// digit and unsure when any digit is.
fn assert_reading(reading: &Reading) {
    assert_prediction(reading.whole.as_ref().expect("read with the whole"));
    for digit in &reading.digits {
        assert_prediction(&digit.prediction);
        assert!(
            digit.prediction.digit.is_some(),
            "a digit has ink: {digit:?}"
        );
    }
    assert_eq!(reading.value.len(), reading.digits.len());
    let least = reading.digits.iter().map(|d| d.prediction.confidence);
    assert_eq!(reading.confidence, least.reduce(f32::min).unwrap_or(0.0));
    let unsure = reading.digits.iter().any(|d| d.prediction.unsure);
    assert_eq!(reading.unsure, unsure);
}

fn max_difference(a: &Frame, b: &Frame) -> f32 {
    a.pixels()
        .iter()
        .zip(b.pixels())
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_nested_json_is_parsed_or_refused_with_a_message(text in nested_json()) {
        match serde_json::from_str::<Nested>(&text) {
            Ok(nested) => {
                let strokes = nested.to_strokes();
                prop_assert!(strokes.is_ok() || is_input_error(&strokes));
                let grid = nested.to_grid();
                prop_assert!(grid.is_ok() || is_input_error(&grid));
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
        let body = serde_json::from_str::<PredictBody>(&format!("{{\"data\": {text}}}"));
        if let Ok(body) = body {
            let grid = body.data.to_grid();
            prop_assert!(grid.is_ok() || is_input_error(&grid));
        }
    }

    #[test]
    fn any_784_values_are_a_frame_or_a_message(values in proptest::collection::vec(
        prop_oneof![0.0..=1.0f32, any::<f32>()], 784)) {
        match nickara::normalize::frame_from_values(&values) {
            Ok(Some(frame)) => assert_frame(&frame),
            Ok(None) => prop_assert!(values.iter().all(|&v| v < 0.01)),
            Err(Error::Input(m)) => prop_assert!(m.contains("expected a number in [0, 1]")),
            Err(e) => prop_assert!(false, "{e}"),
        }
    }

    #[test]
    fn strokes_give_the_same_frame_at_any_scale_and_position(
        drawing in strokes(),
        scale in 0.01..100.0f64,
        dx in -1000i32..1000,
        dy in -1000i32..1000,
    ) {
        let frame = frame_from_strokes(&Strokes::new(drawing.clone()).unwrap()).unwrap();
        assert_frame(&frame);
        let moved = place(&drawing, scale, dx as f64, dy as f64);
        let other = frame_from_strokes(&Strokes::new(moved).unwrap()).unwrap();
        let difference = max_difference(&frame, &other);
        prop_assert!(difference < 1e-3, "frames differ by {}", difference);
    }

    #[test]
    fn a_drawing_and_its_negative_give_the_same_frame(
        drawing in strokes(),
        brush in 4.0..16.0f64,
        side in 60usize..160,
    ) {
        // Inside the canvas, so that its border is paper in both.
        let margin = brush + 2.0;
        let drawing = place(&drawing, (side as f64 - 2.0 * margin) / 500.0, margin, margin);
        let dark = paint(&drawing, side, side, brush, BLACK, WHITE);
        let light = paint(&drawing, side, side, brush, WHITE, BLACK);
        let frame = |rgba: &[u8]| {
            frame_from_image(&Image::new(side, side, PixelFormat::Rgba8, rgba).unwrap())
        };
        let (a, b) = (frame(&dark), frame(&light));
        prop_assert_eq!(a.is_some(), b.is_some());
        if let (Some(a), Some(b)) = (a, b) {
            assert_frame(&a);
            let difference = max_difference(&a, &b);
            prop_assert!(difference < 0.02, "frames differ by {}", difference);
        }
    }

    #[test]
    fn any_image_is_normalized_without_panicking(
        (width, height, bytes) in (1usize..24, 1usize..24).prop_flat_map(|(w, h)| {
            (Just(w), Just(h), proptest::collection::vec(any::<u8>(), w * h * 4))
        }),
    ) {
        let image = Image::new(width, height, PixelFormat::Rgba8, &bytes).unwrap();
        if let Some(frame) = frame_from_image(&image) {
            assert_frame(&frame);
        }
    }

    #[test]
    fn segmentation_gives_digits_of_the_drawings_strokes_left_to_right(drawing in strokes()) {
        let strokes = Strokes::new(drawing.clone()).unwrap();
        let digits = split_strokes(&strokes);
        prop_assert!(!digits.is_empty(), "some ink is always a digit");
        let mut used = 0;
        let mut last_centre = f64::NEG_INFINITY;
        for (digit, bounds) in &digits {
            prop_assert!(bounds.x0 <= bounds.x1 && bounds.y0 <= bounds.y1);
            let centre = bounds.x0 + bounds.x1;
            prop_assert!(centre >= last_centre, "digits come left to right");
            last_centre = centre;
            for stroke in digit.as_slice() {
                prop_assert!(drawing.contains(stroke), "a stroke of the drawing");
            }
            used += digit.as_slice().len();
        }
        prop_assert!(used <= drawing.len(), "no stroke is in two digits");
    }
}

#[test]
fn the_recognizer_answers_any_drawing_or_image_well_formed() {
    let recognizer = Recognizer::new().unwrap();
    let mut runner = TestRunner::new(ProptestConfig::with_cases(48));
    runner
        .run(&strokes(), |drawing| {
            let strokes = Strokes::new(drawing).unwrap();
            assert_prediction(&recognizer.classify_strokes(&strokes).unwrap());
            let reading = recognizer.read_strokes(&strokes).unwrap();
            assert_reading(&reading);
            Ok(())
        })
        .unwrap();
    let images = (1usize..64, 1usize..64, any::<u64>()).prop_map(|(w, h, seed)| {
        // Blocks of random gray on random paper: specks, bars, noise, blank pages.
        let mut state = seed | 1;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let paper = (next() % 256) as u8;
        let mut rgba = vec![paper; w * h * 4];
        for _ in 0..next() % 6 {
            let (x0, y0) = (next() as usize % w, next() as usize % h);
            let (x1, y1) = (
                (x0 + next() as usize % 20).min(w),
                (y0 + next() as usize % 20).min(h),
            );
            let v = (next() % 256) as u8;
            for y in y0..y1 {
                for x in x0..x1 {
                    rgba[(y * w + x) * 4..][..3].fill(v);
                }
            }
        }
        for px in rgba.chunks_mut(4) {
            px[3] = 255;
        }
        (w, h, rgba)
    });
    runner
        .run(&images, |(w, h, rgba)| {
            let image = Image::new(w, h, PixelFormat::Rgba8, &rgba).unwrap();
            assert_prediction(&recognizer.classify_image(&image).unwrap());
            let reading = recognizer.read_image(&image).unwrap();
            assert_reading(&reading);
            for digit in &reading.digits {
                let b = digit.bounds;
                assert!(
                    b.x + b.width <= w as f64 && b.y + b.height <= h as f64,
                    "{b:?}"
                );
            }
            Ok(())
        })
        .unwrap();
}
