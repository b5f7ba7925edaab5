//! The `nickara` command line: a thin shell over the same library the browser runs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde::Deserialize;

use nickara::eval::{self, handwriting, suites};
use nickara::input::Nested;
use nickara::mnist::{self, Split};
use nickara::normalize::{Image, PixelFormat, Strokes};
use nickara::{choose, Error, Prediction, Recognizer, Result};

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
        /// Print the prediction as JSON instead of a table: {digit, confidence, unsure,
        /// runnerUp, probabilities, input}, as the JS API returns it.
        #[arg(long)]
        json: bool,
    },
    /// Run the MNIST test set, or real handwriting (--strokes), through the normalization and
    /// the model; print accuracy and the confusion matrix (rows = true digit).
    Eval {
        /// Folder with the MNIST IDX files (t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz).
        #[arg(long, value_name = "DIR", required_unless_present = "strokes")]
        mnist: Option<PathBuf>,
        /// Real pen-written digits instead (JSONL, plain or .gz: {"label", "site", "writer",
        /// "strokes"} a line), each written on the pad and read as the page reads a drawing:
        /// classifyNumber, and a digit read as several is wrong. Prints per-digit and per-site
        /// accuracy, "not sure" rate, calibration and confident misreads.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["mnist", "suites", "pen_width"])]
        strokes: Option<PathBuf>,
        /// With --strokes (single digits): read only the fixed sample `make test` checks
        /// (every 4th digit, every 13th photo), each exactly as the whole run reads it: a
        /// quick comparison of models (`make model-quick`).
        #[arg(long, requires = "strokes", conflicts_with = "numbers")]
        check_only: bool,
        /// With --strokes: photograph each digit on paper (light, shadow, noise, blur, JPEG)
        /// and read the photo as the page's Open image does.
        #[arg(long, requires = "strokes")]
        photos: bool,
        /// With --strokes: numbers instead of single digits, each 2-5 real digits of one
        /// writer side by side at their own sizes, read as the page reads them (with
        /// --photos: photographed). Prints numbers read exactly, digits right (edit distance),
        /// too many and too few digits and wrong answers shown as sure, per regime and length.
        #[arg(long, requires = "strokes")]
        numbers: bool,
        /// With --numbers: how many numbers of each regime.
        #[arg(long, value_name = "N", default_value_t = 1000, requires = "numbers")]
        count: usize,
        /// With --numbers: the gap between digits of a "spaced" number, as LO,HI fractions of its
        /// median digit height (drawn per number).
        #[arg(
            long,
            value_name = "LO,HI",
            default_value = "0.08,0.45",
            requires = "numbers"
        )]
        spaced: String,
        /// With --numbers: the same for a "tight" number (neighbours nearly touch).
        #[arg(
            long,
            value_name = "LO,HI",
            default_value = "-0.05,0.08",
            requires = "numbers"
        )]
        tight: String,
        /// With --numbers: the seed the numbers are made with.
        #[arg(long, value_name = "N", default_value_t = 2026, requires = "numbers")]
        seed: u64,
        /// With --strokes: choose a number's digits with these weights instead of the shipped
        /// ones (with --photos, those for images), as NAME=VALUE,... (`wide=3,whole=0.5`; the
        /// names of `nickara::choose::Weights`, the others as shipped): for tuning them on
        /// writers outside the held-out fold.
        #[arg(
            long,
            value_name = "NAME=VALUE,...",
            requires = "strokes",
            allow_hyphen_values = true
        )]
        weights: Option<String>,
        /// Evaluate this ONNX model (as the training pipeline exports it) instead of the embedded
        /// one, with the calibration.json beside it: for comparing trained candidates.
        #[arg(long, value_name = "ONNX")]
        model: Option<PathBuf>,
        /// With --strokes: split the writers into K folds (a fixed hash of the writer) ...
        #[arg(long, value_name = "K", requires = "fold")]
        folds: Option<usize>,
        /// ... and evaluate only the writers of fold I (0 to K-1).
        #[arg(long, value_name = "I", requires = "folds")]
        fold: Option<usize>,
        /// Only evaluate the first N test images.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Run the robustness suites instead (comma-separated names, or `all`): the test set
        /// redrawn small, large, off-centre, with thin and thick pens, slanted, rotated, through
        /// the original card's augmentation, as strokes, with tremor, painted with a brush;
        /// plus scribbles that are no digit.
        #[arg(long, value_name = "NAMES", num_args = 0..=1, default_missing_value = "all")]
        suites: Option<String>,
        /// With --suites or --strokes: also write the results as JSON to FILE
        /// (model/robustness.json, model/handwriting.json).
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
        /// Measure MNIST's pen width on the training set (ink mass over skeleton length)
        /// instead: what the stroke normalization's pen width is matched to.
        #[arg(long, conflicts_with_all = ["suites", "model"])]
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
    /// Turn real pen-written digits into training frames exactly as the page would see them:
    /// each digit written on the pad and normalized by the stroke path, plus seeded variations
    /// of it (slant, proportion, wobble, sampling, pen lifts, writing styles). Only the writers
    /// outside the held-out fold are written. Writes PREFIX-images-idx3-ubyte and
    /// PREFIX-labels-idx1-ubyte.
    Frames {
        /// JSONL of pen-written digits (plain or .gz).
        #[arg(long, value_name = "FILE")]
        strokes: PathBuf,
        /// Split the writers into K folds ...
        #[arg(long, value_name = "K", default_value_t = 5)]
        folds: usize,
        /// ... and leave out fold I, the writers evaluation is on.
        #[arg(long, value_name = "I", default_value_t = 0)]
        held_out: usize,
        /// Variations of each digit besides the digit as written.
        #[arg(long, value_name = "N", default_value_t = 4)]
        variations: usize,
        #[arg(long, value_name = "PREFIX")]
        out: PathBuf,
    },
    /// The training set of the network's "one whole digit" output: real digits written alone
    /// and in numbers (both regimes) on the pad, and every run of strokes choosing their digits
    /// reads, as frames labelled with the digit when the run is all of one digit's ink, else
    /// 10. The writers outside the given folds are written, or those of one fold. Writes
    /// PREFIX-images-idx3-ubyte and PREFIX-labels-idx1-ubyte.
    Pieces {
        /// JSONL of pen-written digits (plain or .gz).
        #[arg(long, value_name = "FILE")]
        strokes: PathBuf,
        /// Split the writers into K folds ...
        #[arg(long, value_name = "K", default_value_t = 5)]
        folds: usize,
        /// ... and leave out these (comma-separated): the held-out fold, and one to tune on.
        #[arg(long, value_name = "I,J", default_value = "0", value_delimiter = ',')]
        held_out: Vec<usize>,
        /// Only the writers of this fold instead (to validate on).
        #[arg(long, value_name = "J", conflicts_with = "held_out")]
        fold: Option<usize>,
        /// Numbers of each regime.
        #[arg(long, value_name = "N", default_value_t = 4000)]
        count: usize,
        /// The seed the numbers are made with.
        #[arg(long, value_name = "N", default_value_t = 7)]
        seed: u64,
        #[arg(long, value_name = "PREFIX")]
        out: PathBuf,
    },
}

/// Runs the command line; errors are printed for humans with a non-zero exit.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Predict { file, json } => predict(&file, json),
        Command::Eval {
            strokes: Some(file),
            numbers: true,
            photos,
            folds,
            fold,
            count,
            spaced,
            tight,
            seed,
            json,
            model,
            weights,
            ..
        } => stroke_recognizer(model.as_deref(), weights.as_deref(), photos).and_then(|r| {
            let regimes = [("spaced", &spaced), ("tight", &tight)]
                .into_iter()
                .map(|(name, gap)| regime(name, gap))
                .collect::<Result<Vec<_>>>()?;
            let folds = folds.zip(fold);
            eval_numbers(
                &r,
                &file,
                photos,
                folds,
                &regimes,
                count,
                seed,
                json.as_deref(),
            )
        }),
        Command::Eval {
            strokes: Some(file),
            photos,
            folds,
            fold,
            limit,
            json,
            misreads,
            model,
            weights,
            check_only,
            ..
        } => stroke_recognizer(model.as_deref(), weights.as_deref(), photos).and_then(|r| {
            eval_handwriting(
                &r,
                &file,
                Reading {
                    photos,
                    folds: folds.zip(fold),
                    limit,
                    check_only,
                },
                json.as_deref(),
                misreads,
            )
        }),
        Command::Eval {
            mnist: Some(mnist),
            limit,
            suites: None,
            pen_width: false,
            json,
            misreads,
            model,
            ..
        } => match json {
            Some(_) => Err(Error::Input(
                "--json writes the results of --suites or --strokes; add one of them".into(),
            )),
            None => recognizer(model.as_deref()).and_then(|r| eval(&r, &mnist, limit, misreads)),
        },
        Command::Eval {
            mnist: Some(mnist),
            limit,
            suites: Some(names),
            json,
            misreads,
            model,
            ..
        } => recognizer(model.as_deref())
            .and_then(|r| eval_suites(&r, &mnist, limit, &names, json.as_deref(), misreads)),
        Command::Eval {
            mnist: Some(mnist),
            limit,
            pen_width: true,
            ..
        } => eval_pen_width(&mnist, limit),
        Command::Eval { mnist: None, .. } => unreachable!("clap requires --mnist or --strokes"),
        Command::Redraw { mnist, out } => redraw(&mnist, &out),
        Command::Frames {
            strokes,
            folds,
            held_out,
            variations,
            out,
        } => frames(&strokes, folds, held_out, variations, &out),
        Command::Pieces {
            strokes,
            folds,
            held_out,
            fold,
            count,
            seed,
            out,
        } => pieces(&strokes, folds, &held_out, fold, count, seed, &out),
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
        .map_err(|e| Error::Input(format!("cannot read {}: {e}", file.display())))?;
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
            .map_err(|e| Error::Input(format!("{expected} (not JSON: {e})")))?;
        let field = |name: &str| -> Result<Option<Nested>> {
            body.get(name)
                .map(|value| {
                    Nested::deserialize(value).map_err(|e| Error::Input(format!("{name}: {e}")))
                })
                .transpose()
        };
        if let Some(data) = field("data")? {
            recognizer.predict_grid(&data)?
        } else if let Some(strokes) = field("strokes")? {
            recognizer.classify_strokes(&strokes.to_strokes()?)?
        } else {
            return Err(Error::Input(format!(
                "{expected} (no \"data\" or \"strokes\" field)"
            )));
        }
    };
    if json {
        // The same fields, named the same, as the JS API's results.
        let text = serde_json::to_string(&prediction).expect("a prediction is plain JSON");
        println!("{text}");
    } else {
        print!("{}", prediction_table(&prediction));
    }
    Ok(())
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
    let bad = |e: png::DecodingError| Error::Input(format!("not a readable PNG image: {e}"));
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(bad)?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| Error::Input("PNG image too large".into()))?;
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

/// The embedded recognizer, or one running another ONNX model with the calibration.json in
/// its folder.
fn recognizer(onnx: Option<&Path>) -> Result<Recognizer> {
    let Some(onnx) = onnx else {
        return Recognizer::new();
    };
    let read = |path: &Path| {
        std::fs::read(path)
            .map_err(|e| Error::Input(format!("cannot read {}: {e}", path.display())))
    };
    let model = nickara::model::Model::from_nnef(&nickara::convert::onnx_to_nnef(&read(onnx)?)?)?;
    let calibration_path = onnx.with_file_name("calibration.json");
    let calibration = serde_json::from_slice(&read(&calibration_path)?).map_err(|e| {
        Error::Input(format!(
            "{}: {e}; expected the calibration the training pipeline writes beside the model",
            calibration_path.display()
        ))
    })?;
    Ok(Recognizer::with_model(model, calibration))
}

fn eval(recognizer: &Recognizer, dir: &Path, limit: Option<usize>, misreads: usize) -> Result<()> {
    let digits = load_test(dir, limit)?;
    let score = eval::evaluate_mnist(recognizer, &digits)?;
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
    recognizer: &Recognizer,
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
                    Error::Input(format!(
                        "no suite {name:?}; expected one of {}",
                        known.join(", ")
                    ))
                })
            })
            .collect::<Result<_>>()?
    };
    println!("| suite | accuracy | not sure | ECE | what |");
    println!("|---|---|---|---|---|");
    let mut results = serde_json::Map::new();
    let mut examples = Vec::new();
    for suite in chosen {
        let score = eval::evaluate_suite(recognizer, &digits, suite)?;
        println!(
            "| {} | {:.2}% | {:.1}% | {:.2}% | {} |",
            suite.name,
            score.accuracy() * 100.0,
            score.unsure_rate() * 100.0,
            score.calibration_error() * 100.0,
            suite.description
        );
        let stride = eval::SUITE_CHECK_STRIDE;
        let check = eval::evaluate_suite_every(recognizer, &digits, suite, stride)?;
        results.insert(
            suite.name.into(),
            serde_json::json!({
                "accuracy": score.accuracy(),
                "unsure": score.unsure_rate(),
                "ece": score.calibration_error(),
                "check": { "stride": stride, "digits": check.total(), "accuracy": check.accuracy() },
            }),
        );
        examples.push((suite.name, score));
    }
    let scribbles = eval::scribbles_unsure_rate(recognizer, SCRIBBLES)?;
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
        write_json(path, &report)?;
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
        return Err(Error::Input(
            "no digit to measure: --limit must be at least 1".into(),
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
        nickara::normalize::PEN_WIDTH
    );
    Ok(())
}

fn redraw(dir: &Path, out: &Path) -> Result<()> {
    let digits = mnist::load(dir, Split::Train)?;
    let pixels: Vec<u8> = digits
        .images
        .iter()
        .flat_map(eval::skeleton::redrawn)
        .collect();
    write_idx(out, &[digits.len() as u32, 28, 28], &pixels)?;
    println!(
        "{} training digits redrawn through the stroke path into {}",
        digits.len(),
        out.display()
    );
    Ok(())
}

/// Which real digits `eval --strokes` reads, and how.
struct Reading {
    photos: bool,
    folds: Option<(usize, usize)>,
    limit: Option<usize>,
    check_only: bool,
}

fn eval_handwriting(
    recognizer: &Recognizer,
    file: &Path,
    reading: Reading,
    json: Option<&Path>,
    misreads: usize,
) -> Result<()> {
    let Reading {
        photos,
        folds,
        limit,
        check_only,
    } = reading;
    let samples = handwriting::load(file)?;
    let (mut chosen, writers) = chosen_writers(&samples, folds)?;
    if let Some(n) = limit {
        chosen.truncate(n);
    }
    // `make test` checks every `stride`-th of them against the numbers written here.
    let (what, stride) = if photos {
        ("photos of", eval::paper::CHECK_STRIDE)
    } else {
        ("strokes of", eval::written::CHECK_STRIDE)
    };
    let read = |at: &[usize]| {
        if photos {
            eval::paper::evaluate(recognizer, &chosen, at)
        } else {
            eval::written::evaluate(recognizer, &chosen, at)
        }
    };
    // The check sample is read once, as part of the whole run.
    let (report, check) = if check_only {
        let report = read(&eval::written::every(chosen.len(), stride))?;
        let check = report.all.clone();
        (report, check)
    } else {
        let (report, check) = eval::written::evaluate_checked(chosen.len(), stride, read)?;
        (report, check.all)
    };
    let score = &report.all;
    println!(
        "{what} {} digits by {writers} in {}: {} correct, accuracy {:.2}% \
         ({} empty, {} read as several digits)",
        score.total(),
        file.display(),
        score.correct(),
        score.accuracy() * 100.0,
        score.empty,
        score.split
    );
    let per_digit = score.per_digit();
    let cell = |a: Option<f64>| a.map_or("–".into(), |a| format!("{:.1}%", a * 100.0));
    println!(
        "per digit: {}",
        (0..10)
            .map(|d| format!("{d} {}", cell(per_digit[d])))
            .collect::<Vec<_>>()
            .join("  ")
    );
    println!(
        "calibration error (ECE, {} bins) {:.2}%; not sure: {:.2}% of answers; \
         confident misreads (wrong, ≥ {:.0}% sure, not flagged): {}",
        eval::ECE_BINS,
        score.calibration_error() * 100.0,
        score.unsure_rate() * 100.0,
        eval::CONFIDENT * 100.0,
        score.confident_wrong
    );
    let broken = eval::numbers::BROKEN_SITES;
    let kept = report.without(&broken);
    println!(
        "without the sites {} (mis-segmented): {} digits, accuracy {:.2}% ({} empty, {} read as \
         several digits, {} confident misreads)",
        broken.join(" and "),
        kept.total(),
        kept.accuracy() * 100.0,
        kept.empty,
        kept.split,
        kept.confident_wrong
    );
    println!("| site | digits | accuracy |\n|---|---|---|");
    for (site, s) in &report.sites {
        println!("| {site} | {} | {:.2}% |", s.total(), s.accuracy() * 100.0);
    }
    print!("{}", score.table());
    print_misreads(what.trim_end_matches(" of"), score, misreads);
    if let Some(path) = json {
        let sites: serde_json::Map<String, serde_json::Value> = report
            .sites
            .iter()
            .map(|(site, s)| {
                let value = serde_json::json!({ "digits": s.total(), "accuracy": s.accuracy() });
                (site.clone(), value)
            })
            .collect();
        let results = serde_json::json!({
            "input": if photos { "photos" } else { "strokes" },
            "folds": folds.map(|f| f.0),
            "fold": folds.map(|f| f.1),
            "digits": score.total(),
            "accuracy": score.accuracy(),
            "per_digit": per_digit,
            "unsure": score.unsure_rate(),
            "ece": score.calibration_error(),
            "confident_wrong": score.confident_wrong,
            "empty": score.empty,
            "split": score.split,
            "sites": sites,
            "without_broken_sites": {
                "digits": kept.total(),
                "accuracy": kept.accuracy(),
                "empty": kept.empty,
                "split": kept.split,
                "confident_wrong": kept.confident_wrong,
            },
            "check": check_json(&check, stride),
        });
        write_json(path, &results)?;
    }
    Ok(())
}

/// The recognizer of `onnx` (or the embedded one), choosing digits with `weights` when given
/// as "NAME=VALUE,...": those of images for `photos`, else of strokes.
fn stroke_recognizer(
    onnx: Option<&Path>,
    weights: Option<&str>,
    photos: bool,
) -> Result<Recognizer> {
    let recognizer = recognizer(onnx)?;
    let Some(text) = weights else {
        return Ok(recognizer);
    };
    let weights = parse_weights(text, choose::Weights::default())?;
    Ok(if photos {
        recognizer.with_image_weights(weights)
    } else {
        recognizer.with_weights(weights)
    })
}

/// `shipped` with the weights named in "NAME=VALUE,..." changed.
fn parse_weights(text: &str, shipped: choose::Weights) -> Result<choose::Weights> {
    let mut weights = shipped;
    for pair in text.split(',').filter(|p| !p.trim().is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value: f64 = value
            .trim()
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| {
                Error::Input(format!(
                    "--weights {text}: `{pair}` is not NAME=NUMBER, e.g. {}",
                    weights_text(&shipped)
                ))
            })?;
        let field = match name.trim() {
            "digit" => &mut weights.digit,
            "joined" => &mut weights.joined,
            "alone" => &mut weights.alone,
            "wide" => &mut weights.wide,
            "whole" => &mut weights.whole,
            "gap" if value >= 0.0 => &mut weights.gap,
            "doubt" => &mut weights.doubt,
            "unsure_whole" => &mut weights.unsure_whole,
            other => {
                return Err(Error::Input(format!(
                    "--weights {text}: no weight `{other}` (or a negative gap); the weights are {}",
                    weights_text(&shipped)
                )))
            }
        };
        *field = value;
    }
    Ok(weights)
}

fn weights_text(w: &choose::Weights) -> String {
    format!(
        "digit={},joined={},alone={},wide={},whole={},gap={},doubt={},unsure_whole={}",
        w.digit, w.joined, w.alone, w.wide, w.whole, w.gap, w.doubt, w.unsure_whole
    )
}

/// A regime of gaps given as "LO,HI".
fn regime(name: &'static str, gap: &str) -> Result<eval::numbers::Regime> {
    let parsed: Option<(f64, f64)> = gap
        .split_once(',')
        .and_then(|(lo, hi)| Some((lo.trim().parse().ok()?, hi.trim().parse().ok()?)));
    match parsed {
        Some((lo, hi)) if lo.is_finite() && hi.is_finite() && lo <= hi && lo > -1.0 => {
            Ok(eval::numbers::Regime {
                name,
                gap: (lo, hi),
            })
        }
        _ => Err(Error::Input(format!(
            "--{name} {gap}: expected LO,HI with -1 < LO <= HI, fractions of the digit height \
             (e.g. 0.08,0.45)"
        ))),
    }
}

/// The held-out writers' digits (or all of them) and who they are.
fn chosen_writers(
    samples: &[handwriting::Sample],
    folds: Option<(usize, usize)>,
) -> Result<(Vec<&handwriting::Sample>, String)> {
    Ok(match folds {
        Some((k, i)) => (
            handwriting::Folds::new(k, i)?.held_out(samples),
            format!("the writers of fold {i} of {k}"),
        ),
        None => (samples.iter().collect(), "all the writers".to_string()),
    })
}

#[allow(clippy::too_many_arguments)]
fn eval_numbers(
    recognizer: &Recognizer,
    file: &Path,
    photos: bool,
    folds: Option<(usize, usize)>,
    regimes: &[eval::numbers::Regime],
    count: usize,
    seed: u64,
    json: Option<&Path>,
) -> Result<()> {
    use eval::numbers;
    let samples = handwriting::load(file)?;
    let (chosen, writers) = chosen_writers(&samples, folds)?;
    let how = if photos {
        "photographed"
    } else {
        "written on the pad"
    };
    println!(
        "numbers of {}-{} real digits by {writers} in {}, {how}; headline without the sites {} \
         (mis-segmented), all writers beside it",
        numbers::LENGTHS.0,
        numbers::LENGTHS.1,
        file.display(),
        numbers::BROKEN_SITES.join(" and ")
    );
    let pct = |x: f64| format!("{:.2}%", x * 100.0);
    println!(
        "| regime | gap | numbers | read exactly | digits right | too many | too few | wrong, shown as sure | all writers: exactly |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    let mut results = serde_json::Map::new();
    let mut lengths_table = Vec::new();
    for (r, regime) in regimes.iter().enumerate() {
        let made = numbers::make(&chosen, *regime, count, seed ^ r as u64);
        let (report, sample) =
            numbers::evaluate_checked(recognizer, &made, numbers::CHECK_STRIDE, photos)?;
        let t = &report.clean;
        println!(
            "| {} | {:.2} to {:.2} | {} | **{}** | {} | {} | {} | {} ({}) | {} |",
            regime.name,
            regime.gap.0,
            regime.gap.1,
            t.numbers,
            pct(t.accuracy()),
            pct(t.digit_accuracy()),
            t.too_many,
            t.too_few,
            t.wrong_and_sure,
            pct(t.wrong_and_sure_rate()),
            pct(report.all().accuracy())
        );
        for (length, l) in &report.lengths {
            lengths_table.push(format!(
                "| {} | {length} | {} | {} | {} | {} | {} |",
                regime.name,
                l.numbers,
                pct(l.accuracy()),
                pct(l.digit_accuracy()),
                l.too_many,
                l.too_few
            ));
        }
        let misreads: Vec<String> = report
            .misreads
            .iter()
            .map(|(i, written, read, unsure)| {
                format!(
                    "#{i} {written} → \"{read}\"{}",
                    if *unsure { " (not sure)" } else { "" }
                )
            })
            .collect();
        println!("|   misread | {} |", misreads.join("; "));
        let interval = report.interval();
        if let Some((low, high)) = interval {
            println!(
                "|   read exactly, 95% interval over writers | {} to {} |",
                pct(low),
                pct(high)
            );
        }
        let sure = sure_misreads(&report);
        println!(
            "|   wrong, shown as sure | {} |",
            sure.iter()
                .map(|m| format!(
                    "{} read as {}: {} ({} written), {:.3} to {:.3} sure",
                    m["written"],
                    m["read"],
                    plural(m["numbers"].as_u64(), "number"),
                    plural(m["digits_written"].as_u64(), "digit"),
                    m["confidence"][0].as_f64().unwrap_or(0.0),
                    m["confidence"][1].as_f64().unwrap_or(0.0)
                ))
                .collect::<Vec<_>>()
                .join("; ")
        );
        let mut value = tally_json(t);
        value["gap"] = serde_json::json!(regime.gap);
        value["all_writers"] = tally_json(&report.all());
        value["lengths"] = report
            .lengths
            .iter()
            .map(|(length, l)| (length.to_string(), tally_json(l)))
            .collect::<serde_json::Map<_, _>>()
            .into();
        value["wrong_and_sure_digits"] = sure.into();
        value["accuracy_interval"] = serde_json::json!(interval.map(|(low, high)| [low, high]));
        value["check"] = tally_json(&sample.clean);
        value["check"]["stride"] = numbers::CHECK_STRIDE.into();
        results.insert(regime.name.to_string(), value);
    }
    println!("\n| regime | digits | numbers | read exactly | digits right | too many | too few |");
    println!("|---|---|---|---|---|---|---|");
    println!("{}", lengths_table.join("\n"));
    if let Some(path) = json {
        let results = serde_json::json!({
            "input": if photos { "photos" } else { "strokes" },
            "folds": folds.map(|f| f.0),
            "fold": folds.map(|f| f.1),
            "count": count,
            "seed": seed,
            "regimes": results,
        });
        write_json(path, &results)?;
    }
    Ok(())
}

/// "1 number", "3 numbers".
fn plural(count: Option<u64>, thing: &str) -> String {
    let count = count.unwrap_or(0);
    format!("{count} {thing}{}", if count == 1 { "" } else { "s" })
}

/// The digits read as others in the numbers shown as sure, the most numbers first: written,
/// read, the numbers they made wrong and how many different written digits they were.
fn sure_misreads(report: &eval::numbers::Report) -> Vec<serde_json::Value> {
    let mut misreads: Vec<_> = report.sure_misreads.iter().collect();
    misreads.sort_by_key(|(pair, m)| (std::cmp::Reverse(m.numbers), **pair));
    misreads
        .into_iter()
        .map(|(&(written, read), m)| {
            serde_json::json!({
                "written": written,
                "read": read,
                "numbers": m.numbers,
                "digits_written": m.written(),
                "confidence": m.confidence.map(|(low, high)| [low, high]),
            })
        })
        .collect()
}

fn tally_json(t: &eval::numbers::Tally) -> serde_json::Value {
    serde_json::json!({
        "numbers": t.numbers,
        "exact": t.exact,
        "accuracy": t.accuracy(),
        "digit_accuracy": t.digit_accuracy(),
        "too_many": t.too_many,
        "too_few": t.too_few,
        "wrong_and_sure": t.wrong_and_sure,
        "unsure": t.unsure,
    })
}

/// What `make test` holds its fixed sample of a fold to: every `stride`-th input, read as in
/// the whole fold.
fn check_json(score: &eval::Score, stride: usize) -> serde_json::Value {
    serde_json::json!({
        "stride": stride,
        "digits": score.total(),
        "accuracy": score.accuracy(),
        "empty": score.empty,
        "split": score.split,
        "confident_wrong": score.confident_wrong,
    })
}

fn write_json(path: &Path, value: &serde_json::Value) -> Result<()> {
    let text = serde_json::to_string_pretty(value).expect("plain JSON") + "\n";
    std::fs::write(path, text)
        .map_err(|e| Error::Input(format!("cannot write {}: {e}", path.display())))
}

fn frames(
    strokes: &Path,
    folds: usize,
    held_out: usize,
    variations: usize,
    out: &Path,
) -> Result<()> {
    let samples = handwriting::load(strokes)?;
    let training = handwriting::Folds::new(folds, held_out)?.rest(&samples);
    let (mut images, mut labels) = (Vec::new(), Vec::new());
    for (i, sample) in training.iter().enumerate() {
        for copy in 0..=variations {
            let mut rng = eval::rng::Rng::new((i as u64) << 8 | copy as u64);
            let written = if copy == 0 {
                sample.strokes.clone()
            } else {
                eval::distort::distort(&sample.strokes, sample.label, &mut rng)
            };
            let sent = Strokes::new(eval::pad::as_written(&written, &mut rng))?;
            // What the page classifies: the one digit's strokes when the reading finds one
            // (a stray tap dropped), else all the ink.
            let digit = match nickara::segment::split_strokes(&sent).as_slice() {
                [(one, _)] => one.clone(),
                _ => sent,
            };
            if let Some(frame) = nickara::normalize::frame_from_strokes(&digit) {
                images.push(frame);
                labels.push(sample.label);
            }
        }
    }
    write_frames(out, &images, &labels)?;
    let plural = if variations == 1 { "" } else { "s" };
    println!(
        "{} frames of {} digits by the writers outside fold {held_out} of {folds} \
         (each as written and in {variations} variation{plural}) into {}-*-ubyte",
        labels.len(),
        training.len(),
        out.display()
    );
    Ok(())
}

fn pieces(
    strokes: &Path,
    folds: usize,
    held_out: &[usize],
    only: Option<usize>,
    count: usize,
    seed: u64,
    out: &Path,
) -> Result<()> {
    let samples = handwriting::load(strokes)?;
    for &fold in held_out {
        handwriting::Folds::new(folds, fold)?;
    }
    let (training, whose) = match only {
        Some(fold) => (
            handwriting::Folds::new(folds, fold)?.held_out(&samples),
            format!("of fold {fold}"),
        ),
        None => (
            samples
                .iter()
                .filter(|s| !held_out.contains(&handwriting::fold_of(s, folds)))
                .collect(),
            format!("outside folds {held_out:?}"),
        ),
    };
    let regimes = eval::numbers::REGIMES;
    let pieces = eval::pieces::make(&training, &regimes, count, seed)?;
    let (frames, labels): (Vec<_>, Vec<u8>) =
        pieces.into_iter().map(|p| (p.frame, p.label)).unzip();
    write_frames(out, &frames, &labels)?;
    let whole = labels
        .iter()
        .filter(|&&l| l != eval::pieces::NOT_ONE_DIGIT)
        .count();
    println!(
        "{} pieces ({whole} whole digits) of {} digits and {count} numbers of each regime by the \
         writers {whose} of {folds} into {}-*-ubyte",
        labels.len(),
        training.len(),
        out.display()
    );
    Ok(())
}

/// Writes 28x28 frames (as bytes 0-255) and their labels as PREFIX-images-idx3-ubyte and
/// PREFIX-labels-idx1-ubyte.
fn write_frames(out: &Path, frames: &[nickara::normalize::Frame], labels: &[u8]) -> Result<()> {
    let images: Vec<u8> = frames
        .iter()
        .flat_map(|f| f.pixels().iter().map(|v| (v * 255.0).round() as u8))
        .collect();
    let with = |suffix: &str| {
        let mut name = out.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    write_idx(
        &with("-images-idx3-ubyte"),
        &[labels.len() as u32, 28, 28],
        &images,
    )?;
    write_idx(&with("-labels-idx1-ubyte"), &[labels.len() as u32], labels)
}

/// Writes an unsigned-byte IDX file of the given dimensions.
fn write_idx(path: &Path, dims: &[u32], data: &[u8]) -> Result<()> {
    let mut idx = vec![0, 0, 0x08, dims.len() as u8];
    for d in dims {
        idx.extend(d.to_be_bytes());
    }
    idx.extend(data);
    std::fs::write(path, idx)
        .map_err(|e| Error::Input(format!("cannot write {}: {e}", path.display())))
}

fn convert(onnx: &Path, out: &Path) -> Result<()> {
    let bytes = std::fs::read(onnx)
        .map_err(|e| Error::Input(format!("cannot read {}: {e}", onnx.display())))?;
    let nnef = nickara::convert::onnx_to_nnef(&bytes)?;
    std::fs::write(out, &nnef)
        .map_err(|e| Error::Input(format!("cannot write {}: {e}", out.display())))?;
    println!(
        "{} ({} bytes) → {} ({} bytes)",
        onnx.display(),
        bytes.len(),
        out.display(),
        nnef.len()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_named_and_the_others_stay_as_shipped() {
        let shipped = choose::Weights::default();
        let weights = parse_weights("whole=0.25, wide=1", shipped).unwrap();
        assert_eq!(
            weights,
            choose::Weights {
                whole: 0.25,
                wide: 1.0,
                ..shipped
            }
        );
        assert_eq!(parse_weights("", shipped).unwrap(), shipped);
        for bad in ["whole", "whole=x", "heavy=1", "gap=-1", "doubt=inf"] {
            let message = parse_weights(bad, shipped).unwrap_err().to_string();
            assert!(
                message.contains("--weights") && message.contains("whole="),
                "{bad}: {message}"
            );
        }
    }
}
