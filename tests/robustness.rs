//! The robustness suites (`nickara eval --suites`) must not drop more than half a point below
//! the numbers committed for the shipped model in `model/robustness.json` (written by
//! `make robustness`), and scribbles that are no digit must mostly be answered "not sure".
//! Each suite is checked on its committed fixed sample (`check`: every `stride`-th test digit,
//! each exactly as in the whole suite); `make robustness` runs the whole test set.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::mnist_dir;
use nickara::eval::{evaluate_suite_every, scribbles_unsure_rate, suites::SUITES};
use nickara::mnist::{self, Split};
use nickara::Recognizer;

/// How far below its committed accuracy a suite may fall.
const TOLERANCE: f64 = 0.005;

fn committed() -> serde_json::Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("model/robustness.json");
    let text =
        std::fs::read_to_string(&path).expect("model/robustness.json (make robustness writes it)");
    serde_json::from_str(&text).expect("model/robustness.json is JSON")
}

#[test]
fn no_suite_drops_more_than_half_a_point_below_the_committed_numbers() {
    let committed = committed();
    let digits = mnist::load(&mnist_dir(), Split::Test).unwrap();
    assert_eq!(
        committed["digits"],
        digits.len(),
        "the committed numbers are for the whole test set"
    );
    let recognizer = Recognizer::new().unwrap();
    let mut drops = Vec::new();
    for suite in SUITES {
        let check = &committed["suites"][suite.name]["check"];
        let (Some(expected), Some(stride)) = (check["accuracy"].as_f64(), check["stride"].as_u64())
        else {
            panic!(
                "no committed check for suite {}: run make robustness",
                suite.name
            )
        };
        let score = evaluate_suite_every(&recognizer, &digits, suite, stride as usize).unwrap();
        assert_eq!(
            check["digits"].as_u64(),
            Some(u64::from(score.total())),
            "{}: the committed check's digits",
            suite.name
        );
        let accuracy = score.accuracy();
        eprintln!(
            "{:>14}: {:.2}% (committed {:.2}%)",
            suite.name,
            accuracy * 100.0,
            expected * 100.0
        );
        if accuracy < expected - TOLERANCE {
            drops.push(format!(
                "{}: {:.2}% < committed {:.2}%",
                suite.name,
                accuracy * 100.0,
                expected * 100.0
            ));
        }
    }
    assert!(
        drops.is_empty(),
        "suites dropped more than {:.1} points: {drops:#?}",
        TOLERANCE * 100.0
    );
}

#[test]
fn scribbles_that_are_no_digit_are_mostly_not_sure() {
    let committed = committed();
    let count = committed["scribbles"]["count"].as_u64().unwrap() as usize;
    let expected = committed["scribbles"]["unsure"].as_f64().unwrap();
    let rate = scribbles_unsure_rate(&Recognizer::new().unwrap(), count).unwrap();
    assert!(
        rate > 0.5,
        "only {:.1}% of scribbles are 'not sure'",
        rate * 100.0
    );
    assert!(
        rate >= expected - 0.02,
        "scribbles 'not sure' {:.1}% < committed {:.1}%",
        rate * 100.0,
        expected * 100.0
    );
}
