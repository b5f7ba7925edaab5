//! Real handwriting through exactly what the page does with a drawing: each digit written on
//! the pad at a size and place people use (`pad::as_written`), read with
//! `Recognizer::read_strokes` (the worker's `classifyNumber`), and judged by the answer the
//! page shows: the one digit read, while ink read as two or more digits is a wrong answer.

use std::collections::BTreeMap;

use super::handwriting::Sample;
use super::rng::Rng;
use super::{pad, tally, Score};
use crate::error::Result;
use crate::normalize::Strokes;
use crate::{Reading, Recognizer};

/// A score over all the samples, and one per site.
pub struct Report {
    pub all: Score,
    pub sites: BTreeMap<String, Score>,
}

impl Report {
    /// The score of the writers of every site but `left_out` (the mis-segmented ones: the
    /// headline).
    pub fn without(&self, left_out: &[&str]) -> Score {
        let mut kept = Score::default();
        for (site, score) in &self.sites {
            if !left_out.contains(&site.as_str()) {
                kept.add(score);
            }
        }
        kept
    }
}

/// The strokes the pad sends for sample number `index` (its size and place seeded by the
/// index, so every run replays the same drawing).
pub fn sent_by_pad(sample: &Sample, index: usize) -> Vec<Vec<crate::normalize::Point>> {
    pad::as_written(&sample.strokes, &mut Rng::new(0x9AD0 ^ index as u64))
}

/// The samples of `make test`'s strokes check: every this many of the held-out fold's.
pub const CHECK_STRIDE: usize = 4;

/// Which of `count` samples a fixed check reads: every `stride`-th (1: all of them). Each is
/// read as in the whole evaluation (seeded by its index there), so the check's answers are
/// exactly the whole evaluation's answers for those samples.
pub fn every(count: usize, stride: usize) -> Vec<usize> {
    (0..count).step_by(stride.max(1)).collect()
}

/// Reads the samples numbered `at` as the page would and tallies the answers, per site and in
/// all.
pub fn evaluate(recognizer: &Recognizer, samples: &[&Sample], at: &[usize]) -> Result<Report> {
    by_site(samples, at, |i, sample| {
        recognizer.read_strokes(&Strokes::new(sent_by_pad(sample, i))?)
    })
}

/// Tallies `read(i, sample)`, the page's reading of sample `i`, for each `i` of `at`, per site
/// and in all.
pub fn by_site<F>(samples: &[&Sample], at: &[usize], read: F) -> Result<Report>
where
    F: Fn(usize, &Sample) -> Result<Reading> + Sync,
{
    let mut of_site: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &i in at {
        of_site.entry(&samples[i].site).or_default().push(i);
    }
    let mut report = Report {
        all: Score::default(),
        sites: BTreeMap::new(),
    };
    for (site, members) in of_site {
        let score = tally(members.len(), |k, score| {
            let i = members[k];
            score.record_reading(i, samples[i].label, &read(i, samples[i])?);
            Ok(())
        })?;
        report.all.add(&score);
        report.sites.insert(site.to_string(), score);
    }
    Ok(report)
}
