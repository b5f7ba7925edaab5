//! The `nickara` command line: a thin shell over the same library the browser runs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::eval::{self, suites};
use crate::input::Nested;
use crate::mnist::{self, Split};
use crate::normalize::{Image, PixelFormat};
use crate::{Prediction, Recognizer};

#[derive(Parser)]
#[command(
    name = "nickara",
    version,
    about = "Handwritten digit recognition with the same model and normalization as the Nickara web page"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Recognize the digit in a file: a PNG image (any size, any polarity), or a JSON file
    /// holding the seed's body {"data": <28x28x1 array in [0,1]>} or {"strokes": [[[x,y],...],...]}.
    Predict {
        file: PathBuf,
        /// Print the prediction as JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Run the MNIST test set through the normalization and the model; print accuracy and the
    /// confusion matrix (rows = true digit).
    Eval {
        /// Folder with the MNIST IDX files (t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz).
        #[arg(long, value_name = "DIR")]
        mnist: PathBuf,
        /// Only evaluate the first N test images.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Run the robustness suites instead (comma-separated names, or `all`): the test set
        /// redrawn small, large, off-centre, with thin and thick pens, slanted, rotated, through
        /// the original card's augmentation, as strokes, with tremor, painted with a brush;
        /// plus scribbles that are no digit.
        #[arg(long, value_name = "NAMES", num_args = 0..=1, default_missing_value = "all")]
        suites: Option<String>,
        /// With --suites: also write the results as JSON to FILE (e.g. model/robustness.json).
        #[arg(long, value_name = "FILE", requires = "suites")]
        json: Option<PathBuf>,
        /// Measure MNIST's pen width on the training set (ink mass over skeleton length)
        /// instead: what the stroke normalization's pen width is matched to.
        #[arg(long, conflicts_with = "suites")]
        pen_width: bool,
        /// Also print the first N misread inputs (per suite; at most 12) as the 28x28 frames
        /// the model saw, with the true digit and the answer.
        #[arg(long, value_name = "N", default_value_t = 0)]
        misreads: usize,
    },
    /// Convert the training pipeline's ONNX model into the NNEF tar the library embeds
    /// (typed for [1,28,28,1], decluttered, so the wasm carries no ONNX parser); `make model` runs it.
    Convert {
        #[arg(long, value_name = "FILE", default_value = "model/nickara.onnx")]
        onnx: PathBuf,
        #[arg(long, value_name = "FILE", default_value = "model/nickara.nnef.tar")]
        out: PathBuf,
    },
    /// Redraw every MNIST training digit the way the page sees a drawing: its skeleton traced
    /// into strokes, normalized by the stroke path. Writes an IDX file aligned with the
    /// training set, for the training pipeline's `--redrawn` augmentation.
    Redraw {
        /// Folder with the MNIST IDX files.
        #[arg(long, value_name = "DIR")]
        mnist: PathBuf,
        /// The IDX3 file to write (uncompressed).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

/// Runs the command line; errors are printed for humans with a non-zero exit.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Predict { file, json } => predict(&file, json),
        Command::Eval {
            mnist,
            limit,
            suites: None,
            pen_width: false,
            misreads,
            ..
        } => eval(&mnist, limit, misreads),
        Command::Eval {
            mnist,
            limit,
            suites: Some(names),
            json,
            misreads,
            ..
        } => eval_suites(&mnist, limit, &names, json.as_deref(), misreads),
        Command::Eval {
            mnist,
            limit,
            pen_width: true,
            ..
        } => eval_pen_width(&mnist, limit),
        Command::Redraw { mnist, out } => redraw(&mnist, &out),
        Command::Convert { onnx, out } => convert(&onnx, &out),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("nickara: {e}");
            ExitCode::FAILURE
        }
    }
}

fn predict(file: &Path, json: bool) -> Result<()> {
    let bytes = std::fs::read(file)
        .map_err(|e| Error::input(format!("cannot read {}: {e}", file.display())))?;
    let recognizer = Recognizer::new()?;
    let prediction = if bytes.starts_with(b"\x89PNG") {
        let (width, height, format, pixels) = decode_png(&bytes)?;
        recognizer.classify_image(&Image::new(width, height, format, &pixels)?)?
    } else {
        let expected = format!(
            "{}: expected a PNG image or JSON {{\"data\": <28x28x1 array>}} or \
             {{\"strokes\": [[[x, y], ...], ...]}}",
            file.display()
        );
        let body: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|e| Error::input(format!("{expected} (not JSON: {e})")))?;
        let field = |name: &str| -> Result<Option<Nested>> {
            body.get(name)
                .map(|value| {
                    Nested::deserialize(value).map_err(|e| Error::input(format!("{name}: {e}")))
                })
                .transpose()
        };
        if let Some(data) = field("data")? {
            recognizer.predict_grid(&data)?
        } else if let Some(strokes) = field("strokes")? {
            recognizer.classify_strokes(&strokes.to_strokes()?)?
        } else {
            return Err(Error::input(format!(
                "{expected} (no \"data\" or \"strokes\" field)"
            )));
        }
    };
    if json {
        println!("{}", prediction_json(&prediction));
    } else {
        print!("{}", prediction_table(&prediction));
    }
    Ok(())
}

fn prediction_json(p: &Prediction) -> serde_json::Value {
    serde_json::json!({
        "digit": p.digit,
        "confidence": p.confidence,
        "probabilities": p.probabilities,
    })
}

fn prediction_table(p: &Prediction) -> String {
    let Some(digit) = p.digit else {
        return "no ink: nothing to recognize\n".into();
    };
    let mut out = format!("digit {digit}  confidence {:.2}%\n", p.confidence * 100.0);
    for (d, prob) in p.probabilities.iter().enumerate() {
        let bar = "█".repeat((prob * 40.0).round() as usize);
        out += &format!("  {d}  {:>7.3}%  {bar}\n", prob * 100.0);
    }
    out
}

/// Decodes a PNG into 8-bit gray or RGBA pixels.
fn decode_png(bytes: &[u8]) -> Result<(usize, usize, PixelFormat, Vec<u8>)> {
    let bad = |e: png::DecodingError| Error::input(format!("not a readable PNG image: {e}"));
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(bad)?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| Error::input("PNG image too large"))?;
    let mut buffer = vec![0u8; size];
    let info = reader.next_frame(&mut buffer).map_err(bad)?;
    buffer.truncate(info.buffer_size());
    let (width, height) = (info.width as usize, info.height as usize);
    let pixels = match info.color_type {
        png::ColorType::Grayscale => return Ok((width, height, PixelFormat::Gray8, buffer)),
        png::ColorType::Rgba => buffer,
        png::ColorType::GrayscaleAlpha => buffer
            .chunks_exact(2)
            .flat_map(|ga| [ga[0], ga[0], ga[0], ga[1]])
            .collect(),
        png::ColorType::Rgb => buffer
            .chunks_exact(3)
            .flat_map(|rgb| [rgb[0], rgb[1], rgb[2], 255])
            .collect(),
        png::ColorType::Indexed => unreachable!("EXPAND turns palettes into RGB(A)"),
    };
    Ok((width, height, PixelFormat::Rgba8, pixels))
}

fn load_test(dir: &Path, limit: Option<usize>) -> Result<mnist::Digits> {
    let digits = mnist::load(dir, Split::Test)?;
    Ok(match limit {
        Some(n) => digits.take(n),
        None => digits,
    })
}

fn eval(dir: &Path, limit: Option<usize>, misreads: usize) -> Result<()> {
    let digits = load_test(dir, limit)?;
    let recognizer = Recognizer::new()?;
    let score = eval::evaluate_mnist(&recognizer, &digits)?;
    let empty = match score.empty {
        0 => String::new(),
        n => format!(" ({n} judged empty)"),
    };
    println!(
        "MNIST test: {} of {} correct, accuracy {:.2}%{empty}",
        score.correct(),
        score.total(),
        score.accuracy() * 100.0
    );
    println!(
        "calibration error (ECE, {} bins) {:.2}%; not sure below {:.3}: {:.2}% of answers",
        eval::ECE_BINS,
        score.calibration_error() * 100.0,
        recognizer.calibration().unsure_below,
        score.unsure_rate() * 100.0
    );
    print!("{}", score.table());
    print_misreads("MNIST test", &score, misreads);
    Ok(())
}

/// Prints the first `count` misreads of a score (nothing when `count` is 0).
fn print_misreads(what: &str, score: &eval::Score, count: usize) {
    let shown = &score.misreads[..count.min(score.misreads.len())];
    if !shown.is_empty() {
        println!("\nfirst misreads of {what} (#index true→answer):");
        print!("{}", eval::misreads_text(shown, 4));
    }
}

/// Number of scribbles in the robustness report.
const SCRIBBLES: usize = 1000;

fn eval_suites(
    dir: &Path,
    limit: Option<usize>,
    names: &str,
    json: Option<&Path>,
    misreads: usize,
) -> Result<()> {
    let digits = load_test(dir, limit)?;
    let chosen: Vec<&suites::Suite> = if names == "all" {
        suites::SUITES.iter().collect()
    } else {
        names
            .split(',')
            .map(|name| {
                suites::suite(name.trim()).ok_or_else(|| {
                    let known: Vec<&str> = suites::SUITES.iter().map(|s| s.name).collect();
                    Error::input(format!(
                        "no suite {name:?}; expected one of {}",
                        known.join(", ")
                    ))
                })
            })
            .collect::<Result<_>>()?
    };
    let recognizer = Recognizer::new()?;
    println!("| suite | accuracy | not sure | ECE | what |");
    println!("|---|---|---|---|---|");
    let mut results = serde_json::Map::new();
    let mut examples = Vec::new();
    for suite in chosen {
        let score = eval::evaluate_suite(&recognizer, &digits, suite)?;
        println!(
            "| {} | {:.2}% | {:.1}% | {:.2}% | {} |",
            suite.name,
            score.accuracy() * 100.0,
            score.unsure_rate() * 100.0,
            score.calibration_error() * 100.0,
            suite.description
        );
        results.insert(
            suite.name.into(),
            serde_json::json!({
                "accuracy": score.accuracy(),
                "unsure": score.unsure_rate(),
                "ece": score.calibration_error(),
            }),
        );
        examples.push((suite.name, score));
    }
    let scribbles = eval::scribbles_unsure_rate(&recognizer, SCRIBBLES)?;
    println!(
        "| scribbles | – | {:.1}% | – | {SCRIBBLES} random scribbles that are no digit: \"not sure\" is right |",
        scribbles * 100.0
    );
    for (name, score) in &examples {
        print_misreads(&format!("suite {name}"), score, misreads);
    }
    if let Some(path) = json {
        let report = serde_json::json!({
            "digits": digits.len(),
            "suites": results,
            "scribbles": { "count": SCRIBBLES, "unsure": scribbles },
        });
        let text = serde_json::to_string_pretty(&report).expect("plain JSON") + "\n";
        std::fs::write(path, text)
            .map_err(|e| Error::input(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(())
}

fn eval_pen_width(dir: &Path, limit: Option<usize>) -> Result<()> {
    let mut digits = mnist::load(dir, Split::Train)?;
    if let Some(n) = limit {
        digits = digits.take(n);
    }
    let mut widths: Vec<f64> = digits
        .images
        .iter()
        .filter_map(eval::skeleton::pen_width)
        .collect();
    widths.sort_by(f64::total_cmp);
    if widths.is_empty() {
        return Err(Error::input(
            "no digit to measure: --limit must be at least 1",
        ));
    }
    let at = |q: f64| widths[((widths.len() - 1) as f64 * q).round() as usize];
    println!(
        "MNIST training pen width (ink mass / skeleton length) over {} digits: \
         p10 {:.2}  p25 {:.2}  median {:.2}  p75 {:.2}  p90 {:.2} px; the stroke path draws {:.2} px",
        widths.len(),
        at(0.1),
        at(0.25),
        at(0.5),
        at(0.75),
        at(0.9),
        crate::normalize::PEN_WIDTH
    );
    Ok(())
}

fn redraw(dir: &Path, out: &Path) -> Result<()> {
    let digits = mnist::load(dir, Split::Train)?;
    let mut idx = Vec::with_capacity(16 + digits.len() * crate::normalize::PIXELS);
    for word in [0x0000_0803u32, digits.len() as u32, 28, 28] {
        idx.extend(word.to_be_bytes());
    }
    for image in &digits.images {
        idx.extend(eval::skeleton::redrawn(image));
    }
    std::fs::write(out, idx)
        .map_err(|e| Error::input(format!("cannot write {}: {e}", out.display())))?;
    println!(
        "{} training digits redrawn through the stroke path into {}",
        digits.len(),
        out.display()
    );
    Ok(())
}

fn convert(onnx: &Path, out: &Path) -> Result<()> {
    let bytes = std::fs::read(onnx)
        .map_err(|e| Error::input(format!("cannot read {}: {e}", onnx.display())))?;
    let nnef = crate::convert::onnx_to_nnef(&bytes)?;
    std::fs::write(out, &nnef)
        .map_err(|e| Error::input(format!("cannot write {}: {e}", out.display())))?;
    println!(
        "{} ({} bytes) → {} ({} bytes)",
        onnx.display(),
        bytes.len(),
        out.display(),
        nnef.len()
    );
    Ok(())
}
