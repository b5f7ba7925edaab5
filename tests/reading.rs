//! Numbers: several digits side by side are read one by one, left to right; a single digit
//! drawn in several strokes or broken pieces is never split.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use nickara::normalize::{Image, PixelFormat, Strokes};
use nickara::segment::split_strokes;
use nickara::{Recognizer, Wanted};

/// Digits written side by side, each `height` tall, `gap` apart (negative: overlapping).
fn written(digits: &[u8], height: f64, gap: f64) -> Vec<Stroke> {
    let mut x = 10.0;
    let mut strokes = Vec::new();
    for &d in digits {
        strokes.extend(place(&digit(d), height, x, 20.0));
        x += height + gap; // a digit spans its unit box: `height` wide at most
    }
    strokes
}

fn group_count(strokes: Vec<Stroke>) -> usize {
    split_strokes(&Strokes::new(strokes).unwrap()).len()
}

#[test]
fn a_single_digit_read_as_a_number_is_the_whole_drawing() {
    let recognizer = Recognizer::new().unwrap();
    for d in [4u8, 7, 8] {
        let strokes = Strokes::new(written(&[d], 120.0, 0.0)).unwrap();
        let reading = recognizer.read_strokes(&strokes).unwrap();
        assert_eq!(reading.value, d.to_string());
        assert_eq!(reading.digits.len(), 1);
        assert_eq!(Some(&reading.digits[0].prediction), reading.whole.as_ref());
        assert_eq!(
            reading.whole,
            Some(recognizer.classify_strokes(&strokes).unwrap())
        );
    }
}

#[test]
fn a_number_drawn_as_strokes_is_read_left_to_right() {
    let recognizer = Recognizer::new().unwrap();
    for (digits, expected) in [
        (&[2, 0, 2, 6][..], "2026"),
        (&[4, 7][..], "47"),
        (&[1, 0, 0][..], "100"),
    ] {
        for (height, gap) in [(80.0, 25.0), (300.0, 5.0)] {
            let reading = recognizer
                .read_strokes(&Strokes::new(written(digits, height, gap)).unwrap())
                .unwrap();
            assert_eq!(
                reading.value, expected,
                "height {height}, gap {gap}: {reading:#?}"
            );
            let boxes: Vec<f64> = reading.digits.iter().map(|d| d.bounds.x).collect();
            assert!(
                boxes.windows(2).all(|w| w[0] < w[1]),
                "left to right: {boxes:?}"
            );
        }
    }
    // Written tightly: the 2's tail runs a little under the 0.
    assert_eq!(group_count(written(&[2, 0, 2, 6], 100.0, -8.0)), 4);
}

#[test]
fn digits_drawn_in_several_strokes_stay_one_digit() {
    let crossed_seven = {
        let mut s = digit(7);
        s.push(vec![(0.4, 0.5), (0.8, 0.48)]);
        s
    };
    let x_shaped_eight = vec![
        vec![(0.8, 0.0), (0.2, 0.0), (0.8, 1.0), (0.2, 1.0)],
        vec![(0.2, 0.0), (0.8, 1.0)],
    ];
    let five_with_detached_bar = digit(5);
    let four_in_two_strokes = digit(4);
    for (name, strokes) in [
        ("4", four_in_two_strokes),
        ("5", five_with_detached_bar),
        ("crossed 7", crossed_seven),
        ("x-shaped 8", x_shaped_eight),
    ] {
        assert!(strokes.len() >= 2, "{name} is drawn in several strokes");
        assert_eq!(
            group_count(place(&strokes, 120.0, 30.0, 30.0)),
            1,
            "{name} was split"
        );
    }
}

#[test]
fn bars_running_off_a_digit_and_stems_crossing_its_bar_stay_one_digit() {
    // As real writers draw them: horizontal extents overlap by far less than half.
    let five_with_bar_to_the_right = vec![
        vec![
            (0.1, 0.05),
            (0.05, 0.45),
            (0.4, 0.4),
            (0.6, 0.6),
            (0.55, 0.9),
            (0.1, 1.0),
        ],
        vec![(0.1, 0.05), (0.9, 0.0)],
    ];
    let open_four_stem_crossing_the_bar_end = vec![
        vec![(0.2, 0.0), (0.0, 0.6), (0.62, 0.6)],
        vec![(0.55, 0.2), (0.6, 0.62), (0.75, 1.0)],
    ];
    let one_with_a_flag = vec![vec![(0.0, 0.3), (0.3, 0.0)], vec![(0.3, 0.0), (0.3, 1.0)]];
    for (name, strokes) in [
        ("5", five_with_bar_to_the_right),
        ("open 4", open_four_stem_crossing_the_bar_end),
        ("1 with a flag", one_with_a_flag),
    ] {
        assert_eq!(
            group_count(place(&strokes, 120.0, 30.0, 30.0)),
            1,
            "{name} was split"
        );
    }
    // Pieces that neither overlap nor touch stay apart, even flat ones: "1-" is two pieces.
    let one_and_a_dash = vec![vec![(0.0, 0.0), (0.0, 1.0)], vec![(0.3, 0.5), (0.8, 0.5)]];
    assert_eq!(group_count(place(&one_and_a_dash, 120.0, 30.0, 30.0)), 2);
}

#[test]
fn a_number_in_an_image_is_read_and_broken_strokes_stay_together() {
    let recognizer = Recognizer::new().unwrap();
    let (width, height) = (560, 160);
    let rgba = paint(
        &written(&[2, 0, 2, 6], 110.0, 20.0),
        width,
        height,
        10.0,
        BLACK,
        WHITE,
    );
    let reading = recognizer
        .read_image(&Image::new(width, height, PixelFormat::Rgba8, &rgba).unwrap())
        .unwrap();
    assert_eq!(
        reading.value,
        "2026",
        "{:?}",
        reading.digits.iter().map(|d| d.bounds).collect::<Vec<_>>()
    );
    // `whole` is the image read as one digit, exactly what classify_image says.
    let image = Image::new(width, height, PixelFormat::Rgba8, &rgba).unwrap();
    assert_eq!(
        reading.whole,
        Some(recognizer.classify_image(&image).unwrap())
    );
    // A 5 whose bar does not touch its body is two pieces of ink, one digit.
    let rgba = paint(
        &place(&digit(5), 120.0, 20.0, 20.0),
        200,
        160,
        8.0,
        BLACK,
        WHITE,
    );
    let reading = recognizer
        .read_image(&Image::new(200, 160, PixelFormat::Rgba8, &rgba).unwrap())
        .unwrap();
    assert_eq!(reading.value, "5");
}

#[test]
fn digits_whose_ink_touches_in_an_image_are_cut_apart() {
    // Written tightly with a broad pen, neighbours touch: one connected piece of ink holds
    // several digits, and the network chooses where to cut it.
    let recognizer = Recognizer::new().unwrap();
    let (width, height) = (520, 160);
    for (digits, gap) in [
        (&[4u8, 0, 7][..], -16.0),
        (&[2, 3][..], -16.0),
        (&[2, 8][..], -16.0),
    ] {
        let strokes = written(digits, 110.0, gap);
        let rgba = paint(&strokes, width, height, 14.0, BLACK, WHITE);
        let image = Image::new(width, height, PixelFormat::Rgba8, &rgba).unwrap();
        let pieces =
            nickara::segment::ink_atoms(&nickara::normalize::InkMap::from_image(&image).unwrap());
        let expected: String = digits.iter().map(|d| d.to_string()).collect();
        assert!(
            pieces.groups.len() < digits.len(),
            "{expected}: the digits' ink should touch for this test ({} pieces)",
            pieces.groups.len()
        );
        let reading = recognizer.read_image(&image).unwrap();
        assert_eq!(reading.value, expected);
    }
}

#[test]
fn the_digits_alone_are_the_same_digits_without_the_whole() {
    let recognizer = Recognizer::new().unwrap();
    let drawings = [
        written(&[2, 0, 2, 6], 100.0, 20.0),
        written(&[7], 100.0, 0.0),
        vec![],
    ];
    for strokes in drawings {
        let strokes = Strokes::new(strokes).unwrap();
        let full = recognizer.read_strokes(&strokes).unwrap();
        let alone = recognizer
            .read_strokes_for(&strokes, Wanted::DIGITS_ONLY)
            .unwrap();
        assert!(full.whole.is_some());
        assert_eq!(alone.whole, None);
        assert_eq!(
            alone,
            nickara::Reading {
                whole: None,
                ..full
            }
        );
    }
    let (width, height) = (400, 160);
    let rgba = paint(
        &written(&[4, 1], 100.0, 30.0),
        width,
        height,
        10.0,
        BLACK,
        WHITE,
    );
    let image = Image::new(width, height, PixelFormat::Rgba8, &rgba).unwrap();
    let full = recognizer.read_image(&image).unwrap();
    let alone = recognizer
        .read_image_for(&image, Wanted::DIGITS_ONLY)
        .unwrap();
    assert_eq!(full.value, "41");
    assert_eq!(
        alone,
        nickara::Reading {
            whole: None,
            ..full
        }
    );
}

#[test]
fn nothing_written_reads_as_no_number_and_specks_are_ignored() {
    let recognizer = Recognizer::new().unwrap();
    let reading = recognizer
        .read_strokes(&Strokes::new(vec![]).unwrap())
        .unwrap();
    assert_eq!(reading.value, "");
    assert!(reading.digits.is_empty());
    let mut strokes = written(&[3, 1], 100.0, 30.0);
    strokes.push(vec![(400.0, 150.0)]); // a stray tap
    let reading = recognizer
        .read_strokes(&Strokes::new(strokes).unwrap())
        .unwrap();
    assert_eq!(reading.value, "31");
}
