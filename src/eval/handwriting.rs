//! Real pen handwriting: labelled digits as pen trajectories, one JSON object a line
//! (`{"label": 7, "site": "apb", "writer": 12, "strokes": [[[x, y], ...], ...]}`, plain or
//! gzip), and the split of their writers into folds.
//!
//! Every number reported on such data is on writers the model did not train on: training
//! and evaluation take disjoint folds of *writers*, never of digits, because one writer's
//! digits look alike and would flatter the score.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde::Deserialize;

use super::rng::Rng;
use crate::error::{Error, Result};
use crate::normalize::Point;

/// One written digit.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Sample {
    pub label: u8,
    /// Where it was collected (the tablet, the sampling rate and the units depend on it).
    pub site: String,
    /// Who wrote it: an index within the file.
    pub writer: u32,
    /// Pen-down trajectories in writing order, in tablet units, y down.
    #[serde(deserialize_with = "points")]
    pub strokes: Vec<Vec<Point>>,
}

fn points<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<Vec<Point>>, D::Error> {
    let raw: Vec<Vec<[f64; 2]>> = Vec::deserialize(d)?;
    Ok(raw
        .into_iter()
        .map(|s| s.into_iter().map(|[x, y]| (x, y)).collect())
        .collect())
}

/// Reads every sample of a JSONL file (`.gz` or plain). Samples without a single point are
/// kept: the recognizer must answer them too (as empty, which counts as wrong).
pub fn load(path: &Path) -> Result<Vec<Sample>> {
    let file = std::fs::File::open(path).map_err(|e| {
        Error::input(format!(
            "cannot read {}: {e}; expected a JSONL file of pen-written digits \
             (e.g. ../shared/data/unipen-dev/digits.jsonl.gz)",
            path.display()
        ))
    })?;
    let reader: Box<dyn Read> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::GzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut samples = Vec::new();
    for (n, line) in BufReader::new(reader).lines().enumerate() {
        let line = line.map_err(|e| Error::input(format!("{}: {e}", path.display())))?;
        if line.trim().is_empty() {
            continue;
        }
        let sample: Sample = serde_json::from_str(&line).map_err(|e| {
            Error::input(format!(
                "{} line {}: {e}; expected {{\"label\": 0-9, \"site\": \"...\", \"writer\": N, \
                 \"strokes\": [[[x, y], ...], ...]}}",
                path.display(),
                n + 1
            ))
        })?;
        if sample.label > 9 {
            return Err(Error::input(format!(
                "{} line {}: label {}; expected a digit 0-9",
                path.display(),
                n + 1,
                sample.label
            )));
        }
        samples.push(sample);
    }
    Ok(samples)
}

/// Which of `folds` folds a writer belongs to: a fixed hash of the writer, so the folds are
/// the same on every machine and do not depend on the order of the file.
pub fn fold_of(sample: &Sample, folds: usize) -> usize {
    let key = sample.site.bytes().fold(u64::from(sample.writer), |h, b| {
        h.wrapping_mul(131).wrapping_add(u64::from(b))
    });
    (Rng::new(key).next_u64() % folds.max(1) as u64) as usize
}

/// The writers' folds a command works on: all of the file, or fold `fold` of `folds`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Folds {
    pub folds: usize,
    pub fold: usize,
}

impl Folds {
    pub fn new(folds: usize, fold: usize) -> Result<Self> {
        if folds < 2 || fold >= folds {
            return Err(Error::input(format!(
                "--folds {folds} --fold {fold}: expected at least 2 folds and a fold from 0 to {}",
                folds.max(2) - 1
            )));
        }
        Ok(Folds { folds, fold })
    }

    /// The samples of this fold's writers.
    pub fn held_out<'a>(&self, samples: &'a [Sample]) -> Vec<&'a Sample> {
        samples
            .iter()
            .filter(|s| fold_of(s, self.folds) == self.fold)
            .collect()
    }

    /// The samples of every other fold's writers.
    pub fn rest<'a>(&self, samples: &'a [Sample]) -> Vec<&'a Sample> {
        samples
            .iter()
            .filter(|s| fold_of(s, self.folds) != self.fold)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(writer: u32, site: &str) -> Sample {
        Sample {
            label: 1,
            site: site.into(),
            writer,
            strokes: vec![vec![(0.0, 0.0), (0.0, 10.0)]],
        }
    }

    #[test]
    fn a_writer_is_in_one_fold_whatever_digit_it_wrote() {
        let a = sample(7, "apb");
        let mut b = sample(7, "apb");
        b.label = 9;
        b.strokes = vec![vec![(5.0, 5.0)]];
        assert_eq!(fold_of(&a, 5), fold_of(&b, 5));
    }

    #[test]
    fn the_fold_hash_is_fixed() {
        // tests/e2e/handwriting.mjs computes the same folds: keep these values in step.
        let folds: Vec<usize> = [("apb", 12), ("syn", 0), ("gmd", 301)]
            .iter()
            .map(|&(site, writer)| fold_of(&sample(writer, site), 5))
            .collect();
        assert_eq!(folds, [1, 0, 4]);
    }

    #[test]
    fn folds_split_writers_roughly_evenly_and_disjointly() {
        let samples: Vec<Sample> = (0..500).map(|w| sample(w, "syn")).collect();
        let folds = 5;
        let mut total = 0;
        for fold in 0..folds {
            let f = Folds::new(folds, fold).unwrap();
            let (held, rest) = (f.held_out(&samples), f.rest(&samples));
            assert_eq!(held.len() + rest.len(), samples.len());
            assert!(
                (60..140).contains(&held.len()),
                "fold {fold}: {}",
                held.len()
            );
            assert!(held
                .iter()
                .all(|h| rest.iter().all(|r| r.writer != h.writer)));
            total += held.len();
        }
        assert_eq!(total, samples.len());
    }

    #[test]
    fn bad_folds_are_refused_with_what_is_expected() {
        let e = Folds::new(5, 5).unwrap_err().to_string();
        assert!(e.contains("a fold from 0 to 4"), "{e}");
        assert!(Folds::new(1, 0).is_err());
    }

    #[test]
    fn lines_are_parsed_and_bad_ones_named() {
        let dir = std::env::temp_dir().join(format!("nickara-hw-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("good.jsonl");
        std::fs::write(
            &good,
            "{\"label\": 4, \"site\": \"x\", \"writer\": 2, \"strokes\": [[[1, 2], [3, 4.5]]]}\n\n",
        )
        .unwrap();
        let samples = load(&good).unwrap();
        assert_eq!(samples.len(), 1);
        assert_eq!(samples[0].strokes, vec![vec![(1.0, 2.0), (3.0, 4.5)]]);
        let bad = dir.join("bad.jsonl");
        std::fs::write(
            &bad,
            "{\"label\": 12, \"site\": \"x\", \"writer\": 2, \"strokes\": []}\n",
        )
        .unwrap();
        let e = load(&bad).unwrap_err().to_string();
        assert!(e.contains("line 1") && e.contains("0-9"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
