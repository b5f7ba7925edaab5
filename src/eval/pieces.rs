//! What choosing a number's digits asks the network to read, labelled: the training set of its
//! "one whole digit" output. Real digits are written alone and in numbers (both regimes) on
//! the pad, exactly as `numbers` makes them; every run of strokes [`choose::runs`] would read
//! becomes a frame, labelled with its digit when the run is all of one digit's ink, or
//! [`NOT_ONE_DIGIT`] when it is a part of one (a 4's bar), or ink of several (a 1 and its
//! neighbour's stroke).

use std::collections::BTreeSet;

use super::handwriting::Sample;
use super::numbers::{self, Regime};
use super::pad;
use super::rng::Rng;
use crate::choose;
use crate::error::Result;
use crate::normalize::{self, Frame, Point, Strokes};
use crate::segment;

/// The label of a run that is not one whole digit.
pub const NOT_ONE_DIGIT: u8 = 10;

/// A frame the network reads while choosing, and what it is.
pub struct Piece {
    pub frame: Frame,
    pub label: u8,
}

/// The pieces of each sample written alone, then of `count` numbers of each regime made of
/// `samples` with `seed` (as `numbers::make`).
pub fn make(
    samples: &[&Sample],
    regimes: &[Regime],
    count: usize,
    seed: u64,
) -> Result<Vec<Piece>> {
    let mut pieces = Vec::new();
    for (i, sample) in samples.iter().enumerate() {
        let sent = pad::as_written(&sample.strokes, &mut Rng::new(seed ^ ((i as u64) << 1)));
        pieces.extend(of_writing(sent, &[sample])?);
    }
    for &regime in regimes {
        for (i, number) in numbers::make(samples, regime, count, seed)
            .iter()
            .enumerate()
        {
            pieces.extend(of_writing(numbers::sent_by_pad(number, i), &number.digits)?);
        }
    }
    Ok(pieces)
}

/// The pieces of the strokes `sent` of `digits`, written in order (each digit's strokes after
/// the last's, as the pad keeps them: the empty ones dropped).
fn of_writing(sent: Vec<Vec<Point>>, digits: &[&Sample]) -> Result<Vec<Piece>> {
    let owners: Vec<usize> = digits
        .iter()
        .enumerate()
        .flat_map(|(k, d)| {
            std::iter::repeat_n(k, d.strokes.iter().filter(|s| !s.is_empty()).count())
        })
        .collect();
    if sent.is_empty() || owners.len() != sent.len() {
        return Ok(Vec::new());
    }
    let strokes = Strokes::new(sent)?;
    let (bounds, groups) = segment::stroke_groups(&strokes);
    // A speck the grouping leaves out is not part of any digit it reads.
    let grouped: BTreeSet<usize> = groups.iter().flatten().copied().collect();
    let own = |k: usize| -> Vec<usize> {
        (0..owners.len())
            .filter(|&i| owners[i] == k && grouped.contains(&i))
            .collect()
    };
    let mut pieces = Vec::new();
    for members in choose::runs(&bounds, &groups, &choose::Weights::default()) {
        let owner = owners[members[0]];
        let label = if members == own(owner) {
            digits[owner].label
        } else {
            NOT_ONE_DIGIT
        };
        let run = segment::strokes_of(strokes.as_slice(), &members);
        if let Some(frame) = normalize::frame_from_strokes(&run) {
            pieces.push(Piece { frame, label });
        }
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(label: u8, strokes: Vec<Vec<Point>>) -> Sample {
        Sample {
            label,
            site: "test".into(),
            writer: 1,
            strokes,
        }
    }

    fn line(from: Point, to: Point) -> Vec<Point> {
        (0..=20)
            .map(|t| {
                let t = f64::from(t) / 20.0;
                (from.0 + (to.0 - from.0) * t, from.1 + (to.1 - from.1) * t)
            })
            .collect()
    }

    /// A 4 in two strokes beside a 1: the 4 whole and the 1 are digits; the 4's parts, and
    /// its bar with the 1, are not.
    #[test]
    fn a_run_is_a_digit_only_when_it_is_all_of_one_digits_ink() {
        let four = sample(
            4,
            vec![
                vec![(3.0, 0.0), (0.0, 6.0), (5.0, 6.0)],
                line((4.0, 2.0), (4.0, 10.0)),
            ],
        );
        let one = sample(1, vec![line((5.5, 0.0), (5.5, 10.0))]);
        let mut sent = four.strokes.clone();
        sent.extend(one.strokes.clone());
        let pieces = of_writing(sent, &[&four, &one]).unwrap();
        let labels: Vec<u8> = pieces.iter().map(|p| p.label).collect();
        assert!(labels.contains(&4) && labels.contains(&1), "{labels:?}");
        assert!(labels.contains(&NOT_ONE_DIGIT), "{labels:?}");
        assert_eq!(labels.iter().filter(|&&l| l == 4).count(), 1);
    }

    #[test]
    fn strokes_that_do_not_match_their_digits_give_no_pieces() {
        let one = sample(1, vec![line((0.0, 0.0), (0.0, 10.0))]);
        assert!(of_writing(vec![], &[&one]).unwrap().is_empty());
        let two_strokes = vec![line((0.0, 0.0), (0.0, 10.0)), line((3.0, 0.0), (3.0, 9.0))];
        assert!(of_writing(two_strokes, &[&one]).unwrap().is_empty());
    }
}
