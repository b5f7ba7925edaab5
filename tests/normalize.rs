//! Normalization: whatever the size, position, brush or polarity of the ink, the model sees
//! the same MNIST-framed digit.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use nickara::normalize::{
    frame_from_image, frame_from_strokes, frame_from_values, Frame, Image, PixelFormat, Strokes,
    CENTER, PEN_WIDTH,
};

fn strokes(s: Vec<Stroke>) -> Strokes {
    Strokes::new(s).expect("valid strokes")
}

fn stroke_frame(s: Vec<Stroke>) -> Frame {
    frame_from_strokes(&strokes(s)).expect("ink")
}

fn image_frame(rgba: &[u8], width: usize, height: usize) -> Option<Frame> {
    frame_from_image(&Image::new(width, height, PixelFormat::Rgba8, rgba).unwrap())
}

#[test]
fn strokes_drawn_small_in_a_corner_or_large_in_the_middle_give_the_same_frame() {
    for d in 0..10 {
        let small = stroke_frame(place(&digit(d), 40.0, 5.0, 7.0));
        let large = stroke_frame(place(&digit(d), 900.0, 50.0, 30.0));
        assert!(
            small.distance(&large) < 1e-6,
            "digit {d}: {small:?} vs {large:?}"
        );
    }
}

#[test]
fn images_drawn_small_in_a_corner_or_large_in_the_middle_give_nearly_the_same_frame() {
    for d in [0, 2, 4, 7] {
        // The same digit, its brush in proportion, as a person drawing smaller would.
        let small = paint(
            &place(&digit(d), 60.0, 10.0, 200.0),
            280,
            280,
            6.0,
            BLACK,
            WHITE,
        );
        let large = paint(
            &place(&digit(d), 220.0, 70.0, 25.0),
            280,
            280,
            22.0,
            BLACK,
            WHITE,
        );
        let (small, large) = (
            image_frame(&small, 280, 280).unwrap(),
            image_frame(&large, 280, 280).unwrap(),
        );
        let distance = small.distance(&large);
        assert!(
            distance < 0.02,
            "digit {d}: {distance} {small:?} vs {large:?}"
        );
    }
}

#[test]
fn stroke_frames_do_not_depend_on_the_canvas_brush_but_follow_mnist_pen_width() {
    // Strokes carry no brush at all; the ink per unit of length is MNIST's pen width.
    let frame = stroke_frame(vec![vec![(0.0, 0.0), (0.0, 100.0)]]);
    let (x0, y0, x1, y1) = ink_box(frame.pixels(), 0.1);
    // 20 px of ink, centred on a pixel centre: 19 to 21 whole pixels reach the 0.1 level.
    assert!(
        (19..=21).contains(&(y1 - y0)),
        "a vertical stroke spans the 20-pixel box: {frame:?}"
    );
    assert!(x1 - x0 <= 4, "a `1` is not blown up sideways: {frame:?}");
    let mass_per_pixel = frame.mass() / 20.0;
    assert!(
        (mass_per_pixel - PEN_WIDTH).abs() < 0.35,
        "ink per pixel of length {mass_per_pixel}"
    );
}

#[test]
fn frames_follow_mnist_geometry_ink_fits_20_pixels_and_mass_is_centred() {
    for d in 0..10 {
        let frame = stroke_frame(place(&digit(d), 300.0, 0.0, 0.0));
        let (x0, y0, x1, y1) = ink_box(frame.pixels(), 0.1);
        let longest = (x1 - x0).max(y1 - y0);
        assert!(
            (19..=21).contains(&longest),
            "digit {d}: ink spans {longest} px {frame:?}"
        );
        let (cx, cy) = frame.center_of_mass().unwrap();
        assert!(
            (cx - CENTER).abs() < 0.05 && (cy - CENTER).abs() < 0.05,
            "digit {d}: mass at {cx},{cy}"
        );
    }
    let painted = paint(
        &place(&digit(3), 200.0, 20.0, 20.0),
        300,
        260,
        16.0,
        BLACK,
        WHITE,
    );
    let frame = image_frame(&painted, 300, 260).unwrap();
    let (x0, y0, x1, y1) = ink_box(frame.pixels(), 0.1);
    assert!((19..=21).contains(&(x1 - x0).max(y1 - y0)), "{frame:?}");
    let (cx, cy) = frame.center_of_mass().unwrap();
    assert!(
        (cx - CENTER).abs() <= 0.5 && (cy - CENTER).abs() <= 0.5,
        "mass at {cx},{cy}"
    );
}

#[test]
fn mnist_digits_are_already_normalized_and_map_onto_themselves() {
    for (pixels, label) in mnist_sample() {
        let image = Image::new(28, 28, PixelFormat::Gray8, &pixels).unwrap();
        let values: Vec<f32> = pixels.iter().map(|&p| p as f32 / 255.0).collect();
        let original = frame_from_values(&values).unwrap().unwrap();
        let renormalized = frame_from_image(&image).unwrap();
        assert!(
            original.distance(&renormalized) < 0.002,
            "a {label} changed: {original:?} → {renormalized:?}"
        );
    }
}

#[test]
fn dark_on_light_light_on_dark_and_transparent_canvases_give_the_same_frame() {
    let s = place(&digit(5), 150.0, 40.0, 30.0);
    let reference = image_frame(&paint(&s, 240, 220, 12.0, BLACK, WHITE), 240, 220).unwrap();
    for (ink, paper) in [
        (WHITE, BLACK),
        ([20, 40, 200, 255], [250, 245, 230, 255]),
        (BLACK, CLEAR),
        (WHITE, CLEAR),
    ] {
        let frame = image_frame(&paint(&s, 240, 220, 12.0, ink, paper), 240, 220).unwrap();
        assert!(
            reference.distance(&frame) < 0.01,
            "ink {ink:?} on {paper:?}: {frame:?}"
        );
    }
}

#[test]
fn empty_inputs_are_empty_not_a_guess() {
    assert!(frame_from_strokes(&strokes(vec![])).is_none());
    for paper in [WHITE, BLACK, CLEAR, [128, 128, 128, 255]] {
        let blank: Vec<u8> = paper.iter().copied().cycle().take(64 * 48 * 4).collect();
        assert!(image_frame(&blank, 64, 48).is_none(), "blank {paper:?}");
    }
    // Paper texture or JPEG noise far below the contrast of ink is still an empty page.
    let noisy: Vec<u8> = (0..64 * 64)
        .flat_map(|i| {
            let v = 250 - (i * 7 % 5) as u8;
            [v, v, v, 255]
        })
        .collect();
    assert!(image_frame(&noisy, 64, 64).is_none());
    assert!(frame_from_values(&[0.0; 784]).unwrap().is_none());
}

#[test]
fn odd_image_sizes_are_handled() {
    // Thin strips, tiny images, the largest canvas accepted (limits::IMAGE_PIXELS), a lone
    // ink pixel.
    for (w, h) in [(1, 1), (1, 700), (700, 1), (3, 5), (999, 7), (4096, 4096)] {
        let s = place(
            &digit(7),
            (w.min(h) as f64) * 0.8,
            w as f64 * 0.1,
            h as f64 * 0.1,
        );
        let rgba = paint(&s, w, h, (w.min(h) as f64 / 10.0).max(1.0), WHITE, BLACK);
        if let Some(frame) = image_frame(&rgba, w, h) {
            assert!(
                frame.pixels().iter().all(|v| (0.0..=1.0).contains(v)),
                "{w}x{h}"
            );
            let (cx, cy) = frame.center_of_mass().unwrap();
            assert!(
                (cx - CENTER).abs() < 1.0 && (cy - CENTER).abs() < 1.0,
                "{w}x{h}: {frame:?}"
            );
        }
    }
    let mut one = vec![0u8; 9 * 9 * 4];
    one[(4 * 9 + 4) * 4..(4 * 9 + 4) * 4 + 4].copy_from_slice(&WHITE);
    let frame = image_frame(&one, 9, 9).expect("a single ink pixel is ink");
    assert!(frame.center_of_mass().is_some());
}

#[test]
fn a_dot_and_very_short_strokes_are_drawn_not_dropped() {
    let dot = stroke_frame(vec![vec![(12.0, 34.0)]]);
    let (x0, y0, x1, y1) = ink_box(dot.pixels(), 0.5);
    assert!(x1 - x0 <= 4 && y1 - y0 <= 4, "a dot stays a dot: {dot:?}");
    let (cx, cy) = dot.center_of_mass().unwrap();
    assert!((cx - CENTER).abs() < 0.05 && (cy - CENTER).abs() < 0.05);
    // The same point tapped twice, and a tiny tick, are ink too.
    assert!(frame_from_strokes(&strokes(vec![vec![(1.0, 1.0), (1.0, 1.0)]])).is_some());
    assert!(frame_from_strokes(&strokes(vec![vec![(1.0, 1.0), (1.2, 1.1)]])).is_some());
}

#[test]
fn huge_and_tiny_coordinates_give_the_same_frame() {
    let reference = stroke_frame(place(&digit(2), 1.0, 0.0, 0.0));
    for (scale, offset) in [(1e-9, 0.0), (1e9, -5e12), (50.0, 1e12), (1e200, 1e200)] {
        let frame = stroke_frame(place(&digit(2), scale, offset, offset));
        assert!(
            reference.distance(&frame) < 1e-3,
            "scale {scale}, offset {offset}: {frame:?}"
        );
    }
}
