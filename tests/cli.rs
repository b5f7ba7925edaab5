//! The `nickara` binary, exercised the way a user runs it.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::*;
use nickara::Recognizer;

fn nickara(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nickara"))
        .args(args)
        .output()
        .expect("run nickara")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn write_png(path: &Path, width: u32, height: u32, color: png::ColorType, pixels: &[u8]) {
    let file = std::fs::File::create(path).unwrap();
    let mut encoder = png::Encoder::new(file, width, height);
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    encoder
        .write_header()
        .unwrap()
        .write_image_data(pixels)
        .unwrap();
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("nickara-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn predict_reads_a_png_of_any_polarity_and_size() {
    let dir = temp_dir("png");
    let (pixels, label) = mnist_sample()[0];
    // MNIST as stored: white on black, 28x28 gray.
    write_png(
        &dir.join("mnist.png"),
        28,
        28,
        png::ColorType::Grayscale,
        &pixels,
    );
    // A drawing: black on white, 200x160 RGBA.
    let drawing = paint(
        &place(&digit(7), 120.0, 50.0, 20.0),
        200,
        160,
        10.0,
        BLACK,
        WHITE,
    );
    write_png(
        &dir.join("seven.png"),
        200,
        160,
        png::ColorType::Rgba,
        &drawing,
    );
    for (file, expected) in [("mnist.png", label), ("seven.png", 7)] {
        let output = nickara(&["predict", dir.join(file).to_str().unwrap()]);
        assert!(output.status.success(), "{file}: {output:?}");
        let text = stdout(&output);
        assert!(
            text.starts_with(&format!("digit {expected}  confidence")),
            "{file}: {text}"
        );
        assert_eq!(
            text.lines().count(),
            11,
            "the answer and ten probabilities: {text}"
        );
    }
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn predict_reads_the_seed_body_and_strokes_as_json() {
    let dir = temp_dir("json");
    let (pixels, label) = mnist_sample()[1];
    let data: Vec<Vec<[f32; 1]>> = pixels
        .chunks(28)
        .map(|row| row.iter().map(|&p| [p as f32 / 255.0]).collect())
        .collect();
    std::fs::write(
        dir.join("body.json"),
        serde_json::json!({ "data": data }).to_string(),
    )
    .unwrap();
    let output = nickara(&["predict", "--json", dir.join("body.json").to_str().unwrap()]);
    assert!(output.status.success(), "{output:?}");
    let answer: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(answer["digit"], label as u64);
    let values: Vec<f32> = pixels.iter().map(|&p| p as f32 / 255.0).collect();
    let library = Recognizer::new().unwrap().predict_values(&values).unwrap();
    let library: serde_json::Value =
        serde_json::from_str(&serde_json::to_string(&library).unwrap()).unwrap();
    assert!(
        answer == library,
        "--json prints the library's Prediction, every field (the JS API's shape): {}",
        String::from_utf8_lossy(&output.stdout)
    );
    let sum: f64 = answer["probabilities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_f64().unwrap())
        .sum();
    assert!((sum - 1.0).abs() < 1e-4);

    let strokes = place(&digit(0), 100.0, 0.0, 0.0);
    let strokes: Vec<Vec<[f64; 2]>> = strokes
        .iter()
        .map(|s| s.iter().map(|&(x, y)| [x, y]).collect())
        .collect();
    std::fs::write(
        dir.join("strokes.json"),
        serde_json::json!({ "strokes": strokes }).to_string(),
    )
    .unwrap();
    let output = nickara(&["predict", dir.join("strokes.json").to_str().unwrap()]);
    assert!(stdout(&output).starts_with("digit 0"), "{output:?}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn bad_files_fail_with_a_message_and_a_non_zero_exit() {
    let dir = temp_dir("bad");
    std::fs::write(dir.join("notes.txt"), "hello").unwrap();
    let row = format!("[{}]", vec!["[255]"; 28].join(","));
    std::fs::write(
        dir.join("range.json"),
        format!("{{\"data\": [{}]}}", vec![row; 28].join(",")),
    )
    .unwrap();
    std::fs::write(dir.join("other.json"), r#"{"pixels": [1, 2]}"#).unwrap();
    std::fs::write(dir.join("strings.json"), r#"{"strokes": [["a"]]}"#).unwrap();
    let cases = [
        (dir.join("missing.png"), "cannot read"),
        (dir.join("notes.txt"), "expected a PNG image or JSON"),
        (dir.join("range.json"), "divide 0-255 pixels by 255"),
        (dir.join("other.json"), "no \"data\" or \"strokes\" field"),
        (
            dir.join("strings.json"),
            "strokes: invalid type: string \"a\", expected a number or an array",
        ),
    ];
    for (path, expected) in cases {
        let output = nickara(&["predict", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(1), "{path:?}");
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(
            err.starts_with("nickara: ") && err.contains(expected),
            "{path:?}: {err}"
        );
    }
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn eval_prints_accuracy_and_the_confusion_matrix() {
    let output = nickara(&[
        "eval",
        "--mnist",
        mnist_dir().to_str().unwrap(),
        "--limit",
        "300",
    ]);
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with("MNIST test: ") && first.contains(" of 300 correct, accuracy "),
        "{text}"
    );
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .starts_with("calibration error (ECE, 15 bins) "),
        "{text}"
    );
    let rows: Vec<&str> = text.lines().skip(3).collect();
    assert_eq!(rows.len(), 10, "{text}");
    let total: u32 = rows
        .iter()
        .flat_map(|r| r.split_whitespace().skip(1))
        .map(|n| n.parse::<u32>().unwrap())
        .sum();
    assert_eq!(total, 300);
    let output = nickara(&["eval", "--mnist", "/nonexistent"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr)
        .contains("expected a folder with the four MNIST IDX files"));
}

#[test]
fn pen_width_of_no_digits_is_an_error_not_a_panic() {
    let mnist = mnist_dir();
    let output = nickara(&[
        "eval",
        "--pen-width",
        "--mnist",
        mnist.to_str().unwrap(),
        "--limit",
        "0",
    ]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.starts_with("nickara: ") && err.contains("--limit must be at least 1"),
        "{err}"
    );
}

#[test]
fn every_evaluation_runs_the_model_it_is_given() {
    // A model that cannot be read must fail each kind of evaluation: none may quietly fall
    // back to the embedded network and report its numbers as the other model's.
    let mnist = mnist_dir();
    let mnist = mnist.to_str().unwrap();
    let missing = "/nonexistent/nickara.onnx";
    for args in [
        &[
            "eval", "--mnist", mnist, "--limit", "10", "--model", missing,
        ][..],
        &[
            "eval", "--mnist", mnist, "--limit", "10", "--suites", "mnist", "--model", missing,
        ],
    ] {
        let output = nickara(args);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {output:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr)
                .contains("cannot read /nonexistent/nickara.onnx"),
            "{args:?}: {output:?}"
        );
    }
    let output = nickara(&["eval", "--pen-width", "--mnist", mnist, "--model", missing]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "--pen-width runs no model: {output:?}"
    );
}
