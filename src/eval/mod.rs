//! Measuring the recognizer: accuracy and confusion matrix over labelled inputs, and the
//! tools that turn MNIST into drawings (`skeleton`).

pub mod skeleton;

use crate::error::Result;
use crate::mnist::Digits;
use crate::model::CLASSES;
use crate::Recognizer;

/// Counts of (true digit, predicted digit) pairs; rows are the true digit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Confusion {
    pub counts: [[u32; CLASSES]; CLASSES],
    /// Inputs for which the recognizer found no ink at all.
    pub empty: u32,
}

impl Confusion {
    /// Records one answer; `None` means the input was judged empty (a miss).
    pub fn record(&mut self, truth: u8, predicted: Option<u8>) {
        match predicted {
            Some(p) => self.counts[truth as usize][p as usize] += 1,
            None => self.empty += 1,
        }
    }

    pub fn total(&self) -> u32 {
        self.counts.iter().flatten().sum::<u32>() + self.empty
    }

    pub fn correct(&self) -> u32 {
        (0..CLASSES).map(|d| self.counts[d][d]).sum()
    }

    /// Fraction of all inputs classified correctly (empty answers count as wrong).
    pub fn accuracy(&self) -> f64 {
        self.correct() as f64 / self.total().max(1) as f64
    }

    /// The matrix as an aligned text table, rows = true digit.
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

/// Classifies every digit through the image path (the same normalization as the browser's
/// `classifyImage`) and tallies the answers.
pub fn evaluate_mnist(recognizer: &Recognizer, digits: &Digits) -> Result<Confusion> {
    let mut confusion = Confusion::default();
    for (i, &label) in digits.labels.iter().enumerate() {
        let prediction = recognizer.classify_image(&digits.image(i))?;
        confusion.record(label, prediction.digit);
    }
    Ok(confusion)
}
