//! Measuring the recognizer: accuracy, confusion matrix, calibration and "not sure" rates
//! over labelled inputs; real pen handwriting replayed the way the page receives it
//! (`handwriting`, `pad`, `written`) and photographed on paper (`paper`); the robustness
//! suites that redraw MNIST the way people write (`suites`), and the tools they are made with
//! (`skeleton`, `canvas`, `distort`, `rng`).

pub mod canvas;
pub mod distort;
pub mod handwriting;
pub mod numbers;
pub mod pad;
pub mod paper;
pub mod pieces;
pub mod rng;
pub mod skeleton;
pub mod suites;
pub mod written;

use crate::error::Result;
use crate::mnist::Digits;
use crate::model::CLASSES;
use crate::{Prediction, Reading, Recognizer};
use suites::Suite;

/// Number of confidence bins of the expected calibration error (as the training pipeline).
pub const ECE_BINS: usize = 15;

/// Wrong answers a score keeps as examples (the first ones, by input index).
pub const MISREADS_KEPT: usize = 12;

/// A wrong answer at or above this confidence is a confident misread: shown as sure, and
/// wrong, the kind that hurts.
pub const CONFIDENT: f32 = 0.95;

/// A wrong answer kept as an example: which input, its true digit, and what the model said
/// (with the 28x28 frame it saw).
#[derive(Debug, Clone, PartialEq)]
pub struct Misread {
    pub index: usize,
    pub truth: u8,
    pub prediction: Prediction,
    /// The number the page showed instead, when one digit was read as several.
    pub read_as: Option<String>,
}

/// Tally of answers against the truth.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Score {
    /// Counts of (true digit, predicted digit); rows are the true digit.
    pub counts: [[u32; CLASSES]; CLASSES],
    /// Inputs for which the recognizer found no ink at all (counted as wrong).
    pub empty: u32,
    /// Single digits read as a number of several digits (counted as wrong).
    pub split: u32,
    /// Per true digit, the inputs answered with no digit or several (empty or split).
    pub unanswered: [u32; CLASSES],
    /// Wrong answers given with at least [`CONFIDENT`] confidence and not flagged unsure.
    pub confident_wrong: u32,
    /// Answers flagged "not sure".
    pub unsure: u32,
    /// Per confidence bin: (answers, correct answers, sum of confidences).
    bins: [(u32, u32, f64); ECE_BINS],
    /// The first wrong answers (at most `MISREADS_KEPT`), in input order.
    pub misreads: Vec<Misread>,
}

impl Score {
    /// Records the recognizer's answer for input number `index`, whose true digit is `truth`.
    pub fn record(&mut self, index: usize, truth: u8, prediction: &Prediction) {
        if prediction.digit != Some(truth) && self.misreads.len() < MISREADS_KEPT {
            self.misreads.push(Misread {
                index,
                truth,
                prediction: prediction.clone(),
                read_as: None,
            });
        }
        let Some(digit) = prediction.digit else {
            self.empty += 1;
            self.unanswered[truth as usize] += 1;
            return;
        };
        self.counts[truth as usize][digit as usize] += 1;
        self.unsure += prediction.unsure as u32;
        if digit != truth && !prediction.unsure && prediction.confidence >= CONFIDENT {
            self.confident_wrong += 1;
        }
        let c = prediction.confidence as f64;
        // Bins are (lo, hi], as in the training pipeline's ECE.
        let bin = ((c * ECE_BINS as f64).ceil() as usize).clamp(1, ECE_BINS) - 1;
        let entry = &mut self.bins[bin];
        entry.0 += 1;
        entry.1 += (digit == truth) as u32;
        entry.2 += c;
    }

    /// Records what the page shows for a single written digit read as a number: its one
    /// digit, or a wrong answer when the ink was split into several digits.
    pub fn record_reading(&mut self, index: usize, truth: u8, reading: &Reading) {
        match reading.digits.as_slice() {
            [digit] => self.record(index, truth, &digit.prediction),
            [] => self.record(index, truth, &Prediction::empty()),
            _ => {
                self.split += 1;
                self.unanswered[truth as usize] += 1;
                if self.misreads.len() < MISREADS_KEPT {
                    self.misreads.push(Misread {
                        index,
                        truth,
                        prediction: reading.whole.clone().unwrap_or_else(Prediction::empty),
                        read_as: Some(reading.value.clone()),
                    });
                }
            }
        }
    }

    /// Adds another tally to this one (of inputs that come after this one's).
    pub fn add(&mut self, other: &Score) {
        let room = MISREADS_KEPT.saturating_sub(self.misreads.len());
        self.misreads
            .extend(other.misreads.iter().take(room).cloned());
        for (row, other_row) in self.counts.iter_mut().zip(&other.counts) {
            for (count, other_count) in row.iter_mut().zip(other_row) {
                *count += other_count;
            }
        }
        self.empty += other.empty;
        self.split += other.split;
        self.confident_wrong += other.confident_wrong;
        for (mine, theirs) in self.unanswered.iter_mut().zip(other.unanswered) {
            *mine += theirs;
        }
        self.unsure += other.unsure;
        for (bin, other_bin) in self.bins.iter_mut().zip(&other.bins) {
            bin.0 += other_bin.0;
            bin.1 += other_bin.1;
            bin.2 += other_bin.2;
        }
    }

    pub fn total(&self) -> u32 {
        self.counts.iter().flatten().sum::<u32>() + self.empty + self.split
    }

    /// Accuracy for each true digit (`None` for a digit without inputs).
    pub fn per_digit(&self) -> [Option<f64>; CLASSES] {
        std::array::from_fn(|d| {
            let total = self.counts[d].iter().sum::<u32>() + self.unanswered[d];
            (total > 0).then(|| self.counts[d][d] as f64 / total as f64)
        })
    }

    pub fn correct(&self) -> u32 {
        (0..CLASSES).map(|d| self.counts[d][d]).sum()
    }

    /// Fraction of all inputs classified correctly (empty and split answers count as wrong).
    pub fn accuracy(&self) -> f64 {
        self.correct() as f64 / self.total().max(1) as f64
    }

    /// Fraction of all inputs answered "not sure".
    pub fn unsure_rate(&self) -> f64 {
        self.unsure as f64 / self.total().max(1) as f64
    }

    /// Expected calibration error: the answer-weighted gap between confidence and accuracy.
    pub fn calibration_error(&self) -> f64 {
        let answers: u32 = self.bins.iter().map(|b| b.0).sum();
        self.bins
            .iter()
            .filter(|b| b.0 > 0)
            // (n / N) * |accuracy - mean confidence| = |correct - sum of confidences| / N
            .map(|&(_, correct, confidence)| (correct as f64 - confidence).abs() / answers as f64)
            .sum::<f64>()
    }

    /// The confusion matrix as an aligned text table, rows = true digit.
    pub fn table(&self) -> String {
        let mut out = String::from("true\\pred");
        for p in 0..CLASSES {
            out += &format!("{p:>6}");
        }
        out.push('\n');
        for (t, row) in self.counts.iter().enumerate() {
            out += &format!("{t:>9}");
            for count in row {
                out += &format!("{count:>6}");
            }
            out.push('\n');
        }
        out
    }
}

/// Runs a suite over the digits, on every core (each input is seeded by its index, so the
/// result does not depend on how the work is split).
pub fn evaluate_suite(recognizer: &Recognizer, digits: &Digits, suite: &Suite) -> Result<Score> {
    evaluate_suite_every(recognizer, digits, suite, 1)
}

/// The digits of `make test`'s robustness check: every this many of the test set's.
pub const SUITE_CHECK_STRIDE: usize = 4;

/// Runs a suite over every `stride`-th digit, each exactly as in the whole suite.
pub fn evaluate_suite_every(
    recognizer: &Recognizer,
    digits: &Digits,
    suite: &Suite,
    stride: usize,
) -> Result<Score> {
    let stride = stride.max(1);
    tally(digits.len().div_ceil(stride), |k, score| {
        let i = k * stride;
        let prediction = suite.input(&digits.images[i], i).classify(recognizer)?;
        score.record(i, digits.labels[i], &prediction);
        Ok(())
    })
}

/// Tallies inputs `0..count` on every core: `record(i, score)` scores input `i`.
pub fn tally<F>(count: usize, record: F) -> Result<Score>
where
    F: Fn(usize, &mut Score) -> Result<()> + Sync,
{
    spread(count, record)
}

/// What can be tallied part by part and added up: a [`Score`], a numbers report.
pub trait Tallied: Default + Send {
    /// Adds the tally of the inputs that come after this one's.
    fn add(&mut self, later: &Self);
}

impl Tallied for Score {
    fn add(&mut self, later: &Self) {
        Score::add(self, later);
    }
}

/// Tallies inputs `0..count` on every core: `record(i, tally)` records input `i`. Each core
/// takes one contiguous run of inputs and the tallies are added in input order, so the
/// misreads kept are the first ones whatever the number of cores.
pub fn spread<T, F>(count: usize, record: F) -> Result<T>
where
    T: Tallied,
    F: Fn(usize, &mut T) -> Result<()> + Sync,
{
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = count.div_ceil(workers).max(1);
    let record = &record;
    let parts: Vec<Result<T>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..count)
            .step_by(chunk)
            .map(|start| {
                scope.spawn(move || {
                    let mut part = T::default();
                    for i in start..(start + chunk).min(count) {
                        record(i, &mut part)?;
                    }
                    Ok(part)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("an evaluation worker panicked"))
            .collect()
    });
    let mut total = T::default();
    for part in parts {
        total.add(&part?);
    }
    Ok(total)
}

/// The MNIST test set as it is, through the image path (the browser's `classifyImage`).
pub fn evaluate_mnist(recognizer: &Recognizer, digits: &Digits) -> Result<Score> {
    evaluate_suite(
        recognizer,
        digits,
        suites::suite("mnist").expect("the mnist suite"),
    )
}

/// Fraction of `count` random scribbles (no digit at all) answered "not sure".
pub fn scribbles_unsure_rate(recognizer: &Recognizer, count: usize) -> Result<f64> {
    let mut unsure = 0;
    for i in 0..count {
        let strokes = crate::normalize::Strokes::new(suites::scribble(i))?;
        unsure += recognizer.classify_strokes(&strokes)?.unsure as usize;
    }
    Ok(unsure as f64 / count.max(1) as f64)
}

/// Misread examples as text: for each, "#index true→answer (confidence)" over its 28x28
/// frame in characters, `per_row` side by side.
pub fn misreads_text(misreads: &[Misread], per_row: usize) -> String {
    const WIDTH: usize = crate::normalize::SIDE + 2;
    let mut out = String::new();
    for row in misreads.chunks(per_row.max(1)) {
        for m in row {
            let said = match (&m.read_as, m.prediction.digit) {
                (Some(number), _) => format!("\"{number}\""),
                (None, Some(d)) => format!("{d} ({:.0}%)", m.prediction.confidence * 100.0),
                (None, None) => "empty".into(),
            };
            out += &format!("{:<WIDTH$} ", format!("#{} {}→{said}", m.index, m.truth));
        }
        out.push('\n');
        let pictures: Vec<Vec<String>> =
            row.iter().map(|m| m.prediction.input.text_rows()).collect();
        for y in 0..crate::normalize::SIDE {
            for picture in &pictures {
                out += &format!("|{}| ", picture[y]);
            }
            out.push('\n');
        }
    }
    out
}

/// A reading as the page shows it, for the tallies' tests: these digits, each `confidence`
/// sure, the number unsure or not.
#[cfg(test)]
pub(crate) fn shown(read: &[u8], unsure: bool, confidence: f32) -> crate::Reading {
    let digits: Vec<crate::Digit> = read
        .iter()
        .map(|&d| crate::Digit {
            prediction: crate::Prediction {
                digit: Some(d),
                confidence,
                unsure,
                ..crate::Prediction::empty()
            },
            bounds: crate::InkBox {
                x: 0.0,
                y: 0.0,
                width: 1.0,
                height: 1.0,
            },
        })
        .collect();
    crate::Reading {
        value: read.iter().map(|&d| char::from(b'0' + d)).collect(),
        confidence,
        unsure,
        digits,
        whole: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{Frame, PIXELS};

    fn answer(digit: u8, ink_at: usize) -> Prediction {
        let mut pixels = [0.0; PIXELS];
        pixels[ink_at] = 1.0;
        Prediction {
            digit: Some(digit),
            confidence: 0.5,
            input: Frame::from_pixels(pixels),
            ..Prediction::empty()
        }
    }

    #[test]
    fn scores_keep_the_first_misreads_in_input_order() {
        let (mut first, mut second) = (Score::default(), Score::default());
        for i in 0..10 {
            first.record(i, 1, &answer(if i % 2 == 0 { 7 } else { 1 }, i));
        }
        for i in 10..30 {
            second.record(i, 2, &answer(3, i));
        }
        assert_eq!(first.misreads.len(), 5);
        assert_eq!(second.misreads.len(), MISREADS_KEPT);
        first.add(&second);
        let kept: Vec<usize> = first.misreads.iter().map(|m| m.index).collect();
        assert_eq!(kept, [0, 2, 4, 6, 8, 10, 11, 12, 13, 14, 15, 16]);
        assert_eq!(
            (first.misreads[0].truth, first.misreads[0].prediction.digit),
            (1, Some(7))
        );
        assert_eq!(first.correct(), 5);
    }

    #[test]
    fn misreads_are_drawn_side_by_side_with_their_answer() {
        let mut score = Score::default();
        score.record(4, 9, &answer(4, 0));
        score.record(5, 9, &answer(7, PIXELS - 1));
        let text = misreads_text(&score.misreads, 2);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1 + 28);
        assert!(lines[0].starts_with("#4 9→4 (50%)"), "{text}");
        assert!(lines[0].contains("#5 9→7 (50%)"), "{text}");
        assert!(lines[1].starts_with("|#   "), "{text}");
        assert!(lines[28].ends_with("   #| "), "{text}");
    }
}
