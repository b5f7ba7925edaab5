//! Photos of handwriting: uneven light, sensor noise, a page edge or shadow at the border,
//! specks of dust. The ink must come out as cleanly as from a drawing.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use nickara::eval::rng::Rng;
use nickara::normalize::{coverage, frame_from_image, Image, PixelFormat};
use nickara::Recognizer;

/// A phone photo of `strokes` written with a pen on paper: light falling off from right to
/// left and towards the corners, noise, a dark table edge along the left border and dust.
fn photo(strokes: &[Stroke], width: usize, height: usize, pen: f64, seed: u64) -> Vec<u8> {
    let ink = coverage(strokes, width, height, pen);
    let mut rng = Rng::new(seed);
    let mut rgba = Vec::with_capacity(width * height * 4);
    let dust: Vec<(f64, f64)> = (0..6)
        .map(|_| (rng.range(40.0, width as f64), rng.range(0.0, height as f64)))
        .collect();
    for (i, &c) in ink.iter().enumerate() {
        let (x, y) = ((i % width) as f64, (i / width) as f64);
        let (u, v) = (x / width as f64, y / height as f64);
        let light = 0.55 + 0.4 * u - 0.25 * ((u - 0.5).powi(2) + (v - 0.5).powi(2));
        let mut l = light * (1.0 - 0.8 * c);
        if x < 22.0 {
            l = 0.18; // the table beyond the page's edge
        }
        if dust.iter().any(|&(dx, dy)| (x - dx).hypot(y - dy) < 1.2) {
            l *= 0.5;
        }
        l += 0.025 * rng.normal();
        let l = (l.clamp(0.0, 1.0) * 255.0).round();
        // A warm cast, as under indoor light.
        rgba.extend([(l * 1.05).min(255.0) as u8, l as u8, (l * 0.9) as u8, 255]);
    }
    rgba
}

#[test]
fn a_photo_of_a_digit_normalizes_like_the_clean_drawing() {
    let recognizer = Recognizer::new().unwrap();
    for d in [2u8, 3, 4, 7, 9] {
        let strokes = place(&digit(d), 220.0, 120.0, 50.0);
        let noisy = photo(&strokes, 480, 320, 9.0, d as u64);
        let clean = paint(&strokes, 480, 320, 9.0, BLACK, WHITE);
        let noisy_frame =
            frame_from_image(&Image::new(480, 320, PixelFormat::Rgba8, &noisy).unwrap()).unwrap();
        let clean_frame =
            frame_from_image(&Image::new(480, 320, PixelFormat::Rgba8, &clean).unwrap()).unwrap();
        let distance = noisy_frame.distance(&clean_frame);
        assert!(
            distance < 0.04,
            "{d}: {distance}\nphoto {noisy_frame:?}\nclean {clean_frame:?}"
        );
        let p = recognizer
            .classify_image(&Image::new(480, 320, PixelFormat::Rgba8, &noisy).unwrap())
            .unwrap();
        assert_eq!(p.digit, Some(d), "{p:?}");
    }
}

#[test]
fn a_photo_of_a_number_is_read() {
    let recognizer = Recognizer::new().unwrap();
    let mut strokes = place(&digit(4), 150.0, 80.0, 60.0);
    strokes.extend(place(&digit(7), 150.0, 280.0, 70.0));
    let rgba = photo(&strokes, 520, 300, 8.0, 47);
    let reading = recognizer
        .read_image(&Image::new(520, 300, PixelFormat::Rgba8, &rgba).unwrap())
        .unwrap();
    assert_eq!(reading.value, "47", "{reading:#?}");
}

#[test]
fn a_photo_of_blank_paper_is_empty() {
    let rgba = photo(&[], 300, 200, 8.0, 1);
    assert!(frame_from_image(&Image::new(300, 200, PixelFormat::Rgba8, &rgba).unwrap()).is_none());
}

/// A thin pen on paper with a hard-edged shadow (a phone or a hand) across the digit: the
/// shadow's edge is no ink, and it must not carry the digit away with it as a page edge.
fn shadowed(strokes: &[Stroke], width: usize, height: usize, pen: f64, seed: u64) -> Vec<u8> {
    let ink = coverage(strokes, width, height, pen);
    let mut rng = Rng::new(seed);
    let mut rgba = Vec::with_capacity(width * height * 4);
    for (i, &c) in ink.iter().enumerate() {
        let (x, y) = ((i % width) as f64, (i / width) as f64);
        // The shadow: below a line rising from left to right, 40% darker, a 2-pixel edge.
        let into = ((y - (0.9 * height as f64 - 0.6 * x)) / 2.0).clamp(0.0, 1.0);
        let l = 0.9 * (1.0 - 0.4 * into) * (1.0 - 0.75 * c) + 0.015 * rng.normal();
        let l = (l.clamp(0.0, 1.0) * 255.0).round() as u8;
        rgba.extend([l, l, l, 255]);
    }
    rgba
}

#[test]
fn a_hard_shadow_across_a_thin_digit_leaves_the_digit() {
    let recognizer = Recognizer::new().unwrap();
    for d in [1u8, 3, 8] {
        let strokes = place(&digit(d), 60.0, 60.0, 25.0);
        let rgba = shadowed(&strokes, 160, 120, 1.5, d as u64);
        let reading = recognizer
            .read_image(&Image::new(160, 120, PixelFormat::Rgba8, &rgba).unwrap())
            .unwrap();
        assert_eq!(reading.value, d.to_string(), "{reading:#?}");
    }
}
