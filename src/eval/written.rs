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

/// The strokes the pad sends for sample number `index` (its size and place seeded by the
/// index, so every run replays the same drawing).
pub fn sent_by_pad(sample: &Sample, index: usize) -> Vec<Vec<crate::normalize::Point>> {
    pad::as_written(&sample.strokes, &mut Rng::new(0x9AD0 ^ index as u64))
}

/// Reads every sample as the page would and tallies the answers, per site and in all.
pub fn evaluate(recognizer: &Recognizer, samples: &[&Sample]) -> Result<Report> {
    by_site(samples, |i, sample| {
        recognizer.read_strokes(&Strokes::new(sent_by_pad(sample, i))?)
    })
}

/// Tallies `read(i, sample)`, the page's reading of sample `i`, per site and in all.
pub fn by_site<F>(samples: &[&Sample], read: F) -> Result<Report>
where
    F: Fn(usize, &Sample) -> Result<Reading> + Sync,
{
    let mut of_site: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, sample) in samples.iter().enumerate() {
        of_site.entry(&sample.site).or_default().push(i);
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
