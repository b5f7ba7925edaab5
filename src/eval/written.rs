//! Real handwriting through exactly what the page does with a drawing: each digit written on
//! the pad at a size and place people use (`pad::as_written`), read with
//! `Recognizer::read_strokes` (the worker's `classifyNumber`), and judged by the answer the
//! page shows: the one digit read, while ink read as two or more digits is a wrong answer.

use std::collections::BTreeMap;

use super::handwriting::Sample;
use super::rng::Rng;
use super::{pad, tally, Score, MISREADS_KEPT};
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

    /// This report and `other`'s, of other samples, as one run over them all would report
    /// them: per site, the misreads kept are the first by sample number.
    pub fn joined(&self, other: &Report) -> Report {
        let mut sites = self.sites.clone();
        for (site, theirs) in &other.sites {
            let mine = sites.entry(site.clone()).or_default();
            let mut misreads = mine.misreads.clone();
            misreads.extend(theirs.misreads.iter().cloned());
            misreads.sort_by_key(|m| m.index);
            misreads.truncate(MISREADS_KEPT);
            mine.add(theirs);
            mine.misreads = misreads;
        }
        let mut all = Score::default();
        for score in sites.values() {
            all.add(score);
        }
        Report { all, sites }
    }
}

/// Reads each of `count` samples once with `read` (the samples numbered `at`), and reports
/// them all and apart the fixed check sample of `make test` (every `stride`-th): the check's
/// answers are the whole run's.
pub fn evaluate_checked<F>(count: usize, stride: usize, read: F) -> Result<(Report, Report)>
where
    F: Fn(&[usize]) -> Result<Report>,
{
    let stride = stride.max(1);
    let (check, rest): (Vec<usize>, Vec<usize>) = (0..count).partition(|i| i % stride == 0);
    let sample = read(&check)?;
    let whole = sample.joined(&read(&rest)?);
    Ok((whole, sample))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_sample_and_the_rest_read_apart_report_as_one_run_over_all() {
        let samples: Vec<Sample> = (0..150)
            .map(|i| Sample {
                label: (i % 10) as u8,
                site: ["apb", "syn", "val"][i % 3].into(),
                writer: (i / 7) as u32,
                strokes: vec![vec![(0.0, 0.0), (1.0, 1.0)]],
            })
            .collect();
        let chosen: Vec<&Sample> = samples.iter().collect();
        // Every fifth sample and every seventh are misread: more than a site's misreads kept.
        let read = |at: &[usize]| {
            by_site(&chosen, at, |i, s| {
                let wrong = i % 5 == 0 || i % 7 == 0;
                Ok(super::super::shown(
                    &[if wrong { (s.label + 1) % 10 } else { s.label }],
                    false,
                    0.99,
                ))
            })
        };
        let once = read(&every(chosen.len(), 1)).unwrap();
        let (whole, check) = evaluate_checked(chosen.len(), CHECK_STRIDE, read).unwrap();
        assert_eq!(whole.all, once.all);
        assert_eq!(whole.sites, once.sites);
        assert_eq!(
            check.all,
            read(&every(chosen.len(), CHECK_STRIDE)).unwrap().all
        );
        assert!(once.all.misreads.len() == MISREADS_KEPT && check.all.total() < once.all.total());
    }
}
