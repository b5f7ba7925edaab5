//! Real handwriting by writers the model never trained on (the held-out fold of
//! ../shared/data/unipen-dev, read from there), through the page's own paths: pen strokes on
//! the pad and photos on paper must not drop more than 0.3 points below the numbers committed
//! with the model (`make handwriting` writes them), and no more photos are answered as empty.
#![cfg(not(target_arch = "wasm32"))]

use nickara::eval::handwriting::{self, Folds};
use nickara::eval::{paper, written};
use nickara::Recognizer;

/// How far below its committed accuracy a real-handwriting score may fall.
const TOLERANCE: f64 = 0.003;

fn unipen() -> std::path::PathBuf {
    std::env::var_os("NICKARA_UNIPEN")
        .map(Into::into)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/data/unipen-dev/digits.jsonl.gz")
        })
}

fn committed(name: &str) -> serde_json::Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("model")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (make handwriting writes it)", path.display()));
    serde_json::from_str(&text).expect("committed results are JSON")
}

/// The held-out writers' samples the committed numbers are for.
fn held_out(committed: &serde_json::Value) -> Vec<handwriting::Sample> {
    let folds = Folds::new(
        committed["folds"].as_u64().expect("folds") as usize,
        committed["fold"].as_u64().expect("fold") as usize,
    )
    .unwrap();
    let samples = handwriting::load(&unipen()).unwrap();
    let held: Vec<_> = folds.held_out(&samples).into_iter().cloned().collect();
    assert_eq!(
        committed["digits"].as_u64(),
        Some(held.len() as u64),
        "the committed numbers are for the whole held-out fold"
    );
    held
}

fn check(name: &str, accuracy: f64, committed: &serde_json::Value) {
    let expected = committed["accuracy"].as_f64().expect("accuracy");
    eprintln!(
        "{name}: {:.2}% (committed {:.2}%)",
        accuracy * 100.0,
        expected * 100.0
    );
    assert!(
        accuracy >= expected - TOLERANCE,
        "{name}: {:.2}% is more than {:.1} points below the committed {:.2}%",
        accuracy * 100.0,
        TOLERANCE * 100.0,
        expected * 100.0
    );
}

#[test]
fn real_strokes_by_unseen_writers_keep_the_committed_accuracy() {
    let committed = committed("handwriting-strokes.json");
    let samples = held_out(&committed);
    let chosen: Vec<_> = samples.iter().collect();
    let report = written::evaluate(&Recognizer::new().unwrap(), &chosen).unwrap();
    check("real strokes", report.all.accuracy(), &committed);
}

#[test]
fn photos_of_real_handwriting_keep_the_committed_accuracy_and_are_never_empty() {
    let committed = committed("handwriting-photos.json");
    let samples = held_out(&committed);
    let chosen: Vec<_> = samples.iter().collect();
    let report = paper::evaluate(&Recognizer::new().unwrap(), &chosen).unwrap();
    check("photos", report.all.accuracy(), &committed);
    // A photo of a written digit answered as empty is the worst answer: never more of them
    // than committed (those left are listed in the model card).
    let committed_empty = committed["empty"].as_u64().expect("empty");
    assert!(
        u64::from(report.all.empty) <= committed_empty,
        "{} photos of a written digit were answered as empty, committed {committed_empty}",
        report.all.empty
    );
}
