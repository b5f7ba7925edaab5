//! The `nickara` command line: a thin shell over the same library the browser runs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::eval::evaluate_mnist;
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
    },
}

/// Runs the command line; errors are printed for humans with a non-zero exit.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Predict { file, json } => predict(&file, json),
        Command::Eval { mnist, limit } => eval(&mnist, limit),
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

fn eval(dir: &Path, limit: Option<usize>) -> Result<()> {
    let mut digits = mnist::load(dir, Split::Test)?;
    if let Some(n) = limit {
        digits = digits.take(n);
    }
    let recognizer = Recognizer::new()?;
    let confusion = evaluate_mnist(&recognizer, &digits)?;
    println!(
        "MNIST test: {} of {} correct, accuracy {:.2}%{}",
        confusion.correct(),
        confusion.total(),
        confusion.accuracy() * 100.0,
        if confusion.empty > 0 {
            format!(" ({} judged empty)", confusion.empty)
        } else {
            String::new()
        }
    );
    print!("{}", confusion.table());
    Ok(())
}
