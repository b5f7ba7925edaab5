//! Choosing a number's digits with the network. The geometric grouping (`segment`) decides
//! from where the ink is and cannot know what a digit looks like: it gives a detached bar to
//! the neighbour it touches, or makes one digit of two written tightly. Here the strokes, in
//! the grouping's order, are cut into runs of consecutive strokes; each run that could be one
//! digit (its strokes close together) is read by the network, and the cutting whose runs are
//! read most surely, all together, is chosen by dynamic programming.
//!
//! The score of a run: the log of the network's confidence in its digit; plus `whole` times the
//! log of its probability that the run is one whole digit (the network's second output,
//! trained on exactly these runs: `model/nickara_train/whole.py`); plus `joined` when the run
//! is exactly one of the geometric groups of several strokes, `alone` when it is a stroke the
//! geometry left alone; less `wide` for every unit its width exceeds its height (two digits
//! read as one are wide); plus `digit` per run, which sets how readily ink is cut (the log of
//! a confidence only falls as runs are added). A runner-up cutting within `doubt` of the best
//! makes the digits where the two differ unsure, so that a number the network cannot divide
//! with confidence says so.
//!
//! The shipped weights were chosen on numbers made of the writers of fold 1, whose digits the
//! digit network was trained on but the "one whole digit" output was not (`nickara eval
//! --strokes ... --folds 5 --fold 1 --numbers --count 1000 --weights D,J,A,W,H,G,U` and the
//! single digits the same way): one weight at a time around the others, for numbers read
//! exactly in both regimes with no more single digits read as several; then `doubt` for wrong
//! answers shown as sure. With `whole` 0 and `wide` 6 (the weights before the output existed)
//! 733 of 846 tight numbers were read exactly; `whole` 0.5 read 798, and `wide` 3 then 807,
//! with spaced numbers 820 → 821 of 841 and single digits unchanged (98.26%, 5 read as
//! several). `doubt` 0.75 instead of 0.5 took the wrong answers shown as sure of tight numbers
//! from 8 to 6, saying "not sure" to 22% of them instead of 19%. `unsure_whole` 0.3 took them
//! to 3, but said "not sure" to 32% of the tight numbers and 23% of the spaced (against 22% and
//! 12%): it is left at 0.
//!
//! An image's pieces are its connected components and the vertical slabs of the wide ones
//! (`segment::ink_atoms`), so digits whose ink touches can be cut apart. The same weights
//! serve it: on photos of folds 1 and 2 (`... --photos --numbers --count 100` and 300 single
//! digits each), `joined` 0 instead of 0.6 read as many numbers and split more single digits.

use crate::segment::{self, Bounds};

/// Strokes in a run at most, unless the geometric grouping made a longer one: a digit is
/// rarely written in more.
pub const LONGEST_RUN: usize = 4;

/// Runs read at most: a drawing with more is a page of text, not a number, and its groups are
/// read as geometry made them. A number of a dozen digits in two strokes each has fewer; this
/// keeps the worst drawing the limits accept at about as many readings as it has digits.
pub const MOST_RUNS: usize = 120;

/// How the runs are scored; see the module's documentation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    pub digit: f64,
    pub joined: f64,
    pub alone: f64,
    pub wide: f64,
    /// Times the log of the network's probability that a run is one whole digit.
    pub whole: f64,
    /// Consecutive strokes of a run may be at most this far apart (a fraction of the number's
    /// median group height): a run across a wider gap is never one digit, and is not read.
    pub gap: f64,
    /// A cutting whose total is within this of the best one's makes the digits where the two
    /// differ unsure: the network could not tell how the ink divides.
    pub doubt: f64,
    /// A chosen digit whose probability of being one whole digit is below this is unsure: the
    /// network doubts the ink is a digit at all.
    pub unsure_whole: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            digit: 0.25,
            joined: 0.6,
            alone: 0.0,
            wide: 3.0,
            whole: 0.5,
            gap: 0.12,
            doubt: 0.75,
            unsure_whole: 0.0,
        }
    }
}

/// One digit of the chosen cutting: its strokes (by index), the network's reading of them,
/// and whether it is in doubt: another cutting scored almost as well without this run
/// (`Weights::doubt`), or the network doubts it is one whole digit (`Weights::unsure_whole`).
#[derive(Debug, Clone, PartialEq)]
pub struct Chosen<P> {
    pub members: Vec<usize>,
    pub reading: P,
    pub disputed: bool,
}

/// A number's digits, left to right: the cutting of the strokes of `groups` (the geometric
/// grouping of the strokes whose bounds are `pieces`) with the best score. `read(members)`
/// runs the network on those strokes; `sure` is how surely a reading is one digit.
pub fn digits<P, E>(
    pieces: &[Bounds],
    groups: &[Vec<usize>],
    weights: &Weights,
    mut read: impl FnMut(&[usize]) -> Result<P, E>,
    sure: impl Fn(&P) -> Sureness,
) -> Result<Vec<Chosen<P>>, E> {
    let plan = Plan::new(pieces, groups, weights);
    let mut readings = Vec::with_capacity(plan.runs.len());
    for &run in &plan.runs {
        let members = plan.members(run);
        let reading = read(&members)?;
        let b = segment::bounds_of(pieces, &members);
        // A geometric group is one run of the order: the run agrees when it is that run.
        let agree = match (plan.geometric.contains(&run), members.len()) {
            (false, _) => 0.0,
            (true, 1) => weights.alone,
            (true, _) => weights.joined,
        };
        let wide = (b.width() / b.height().max(f64::MIN_POSITIVE) - 1.0).max(0.0);
        let Sureness { digit, whole } = sure(&reading);
        let score = f64::from(digit).max(1e-6).ln()
            + weights.whole * f64::from(whole).max(1e-6).ln()
            + weights.digit
            + agree
            - weights.wide * wide;
        readings.push((run, score, Some(reading)));
    }
    let scored: Vec<_> = readings.iter().map(|r| (r.0, r.1)).collect();
    let [best, runner_up] = best_cuts(plan.order.len(), &scored);
    let (best, total) = best.expect("single strokes are always candidates");
    let close = runner_up.filter(|(_, second)| total - second < weights.doubt);
    Ok(best
        .into_iter()
        .map(|run| {
            let reading = readings
                .iter_mut()
                .find(|r| r.0 == run)
                .and_then(|r| r.2.take())
                .expect("the cut is made of read runs, each used once");
            let doubted = f64::from(sure(&reading).whole) < weights.unsure_whole;
            Chosen {
                members: plan.members(run),
                reading,
                disputed: doubted
                    || close
                        .as_ref()
                        .is_some_and(|(other, _)| !other.contains(&run)),
            }
        })
        .collect())
}

/// The strokes (by index, in order) of every run [`digits`] reads for these `groups`: what a
/// digit's ink may be. The training of the network's "one whole digit" output is made of
/// them (`nickara pieces`).
pub fn runs(pieces: &[Bounds], groups: &[Vec<usize>], weights: &Weights) -> Vec<Vec<usize>> {
    let plan = Plan::new(pieces, groups, weights);
    plan.runs.iter().map(|&run| plan.members(run)).collect()
}

/// How surely a reading is one digit: the network's confidence in its digit, and its
/// probability that the ink is one whole digit (1 for a network without that output).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sureness {
    pub digit: f32,
    pub whole: f32,
}

/// The strokes in reading order, the geometric groups as runs of that order, and the runs to
/// read.
struct Plan {
    order: Vec<usize>,
    geometric: Vec<(usize, usize)>,
    runs: Vec<(usize, usize)>,
}

impl Plan {
    fn new(pieces: &[Bounds], groups: &[Vec<usize>], weights: &Weights) -> Self {
        let order = in_order(pieces, groups);
        let height = median_height(pieces, groups);
        let bounds: Vec<Bounds> = order.iter().map(|&i| pieces[i]).collect();
        let mut start = 0;
        let geometric: Vec<(usize, usize)> = groups
            .iter()
            .map(|group| {
                start += group.len();
                (start - group.len(), start)
            })
            .collect();
        let mut runs = candidates(&bounds, height, weights);
        if runs.len() > MOST_RUNS {
            runs.clear();
        }
        for &run in &geometric {
            if !runs.contains(&run) {
                runs.push(run);
            }
        }
        Plan {
            order,
            geometric,
            runs,
        }
    }

    /// The strokes of a run, by index.
    fn members(&self, (start, end): (usize, usize)) -> Vec<usize> {
        let mut members = self.order[start..end].to_vec();
        members.sort_unstable();
        members
    }
}

/// The strokes of `groups`, group after group, each group's strokes by their middles: every
/// geometric group is a run, and a run across two groups joins the near ends of neighbours.
fn in_order(pieces: &[Bounds], groups: &[Vec<usize>]) -> Vec<usize> {
    let middle = |i: usize| pieces[i].x0 + pieces[i].x1;
    groups
        .iter()
        .flat_map(|group| {
            let mut own = group.clone();
            own.sort_by(|&a, &b| middle(a).total_cmp(&middle(b)));
            own
        })
        .collect()
}

/// The median height of the groups: the number's digit height.
fn median_height(pieces: &[Bounds], groups: &[Vec<usize>]) -> f64 {
    let mut heights: Vec<f64> = groups
        .iter()
        .map(|g| segment::bounds_of(pieces, g).height())
        .collect();
    heights.sort_by(f64::total_cmp);
    heights.get(heights.len() / 2).copied().unwrap_or(0.0)
}

/// The runs of strokes in order (with their `bounds`) that could be one digit: at most
/// [`LONGEST_RUN`] strokes, none further than `weights.gap` times `height` from the ink of the
/// run before it. As (start, end), end exclusive; every single stroke is one.
pub fn candidates(bounds: &[Bounds], height: f64, weights: &Weights) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    for start in 0..bounds.len() {
        let (mut left, mut right) = (bounds[start].x0, bounds[start].x1);
        runs.push((start, start + 1));
        for end in start + 2..=(start + LONGEST_RUN).min(bounds.len()) {
            let next = &bounds[end - 1];
            let apart = (next.x0 - right).max(left - next.x1);
            if apart > weights.gap * height {
                break;
            }
            left = left.min(next.x0);
            right = right.max(next.x1);
            runs.push((start, end));
        }
    }
    runs
}

/// A cutting of strokes into runs (start, end), left to right, and its total score.
pub type Cut = (Vec<(usize, usize)>, f64);

/// The best and the second best cutting of `count` strokes into runs from `scored` ((start,
/// end) with its score), by their totals; the second is `None` when there is only one
/// cutting. Every single stroke must be among the runs.
pub fn best_cuts(count: usize, scored: &[((usize, usize), f64)]) -> [Option<Cut>; 2] {
    // top[j]: the two best cuttings of the first j strokes, as (total, where the last run
    // starts, which of top[start] comes before it), best first.
    let mut top: Vec<Vec<(f64, usize, usize)>> = vec![Vec::new(); count + 1];
    top[0].push((0.0, 0, 0));
    for end in 1..=count {
        let mut here = Vec::new();
        for &((start, _), own) in scored.iter().filter(|((_, e), _)| *e == end) {
            for (k, &(before, _, _)) in top[start].iter().enumerate() {
                here.push((before + own, start, k));
            }
        }
        here.sort_by(|a, b| b.0.total_cmp(&a.0));
        here.truncate(2);
        top[end] = here;
    }
    let trace = |k: usize| -> Option<Cut> {
        let &(total, ..) = top[count].get(k)?;
        let mut runs = Vec::new();
        let (mut end, mut k) = (count, k);
        while end > 0 {
            let (_, start, before) = top[end][k];
            runs.push((start, end));
            (end, k) = (start, before);
        }
        runs.reverse();
        Some((runs, total))
    };
    [trace(0), trace(1)]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The best cutting's runs.
    fn best_cut(count: usize, scored: &[((usize, usize), f64)]) -> Vec<(usize, usize)> {
        let [best, _] = best_cuts(count, scored);
        best.map(|(runs, _)| runs)
            .expect("single strokes are always candidates")
    }

    /// A test's reading is its confidence alone.
    fn digit_only(&p: &f32) -> Sureness {
        Sureness {
            digit: p,
            whole: 1.0,
        }
    }

    fn b(x0: f64, x1: f64) -> Bounds {
        Bounds {
            x0,
            y0: 0.0,
            x1,
            y1: 1.0,
        }
    }

    #[test]
    fn runs_stop_at_a_wide_gap_and_after_the_longest_run() {
        let bounds = [
            b(0.0, 0.5),
            b(0.55, 1.0),
            b(2.0, 2.5),
            b(2.5, 2.6),
            b(2.6, 2.7),
            b(2.7, 2.8),
            b(2.8, 2.9),
        ];
        let runs = candidates(&bounds, 1.0, &Weights::default());
        assert!(
            runs.contains(&(0, 2)) && !runs.contains(&(1, 3)),
            "{runs:?}"
        );
        assert!(runs.contains(&(2, 6)) && !runs.contains(&(2, 7)));
        assert!((0..bounds.len()).all(|i| runs.contains(&(i, i + 1))));
    }

    #[test]
    fn the_best_cut_has_the_best_total() {
        // Strokes 0-1 are one digit, 2 another, unless splitting pays.
        let scored = [
            ((0, 2), -0.1),
            ((0, 1), -0.2),
            ((1, 2), -0.2),
            ((2, 3), -0.05),
            ((0, 3), -5.0),
        ];
        assert_eq!(best_cut(3, &scored), vec![(0, 2), (2, 3)]);
        assert_eq!(best_cut(0, &scored), vec![]);
        assert_eq!(best_cut(1, &[((0, 1), 0.0)]), vec![(0, 1)]);
        let splitting_pays = [((0, 2), -3.0), ((0, 1), -0.2), ((1, 2), -0.2)];
        assert_eq!(best_cut(2, &splitting_pays), vec![(0, 1), (1, 2)]);
    }

    /// Strokes 0 and 1 are a 4 in two strokes (far from 2); the network reads them surely only
    /// together, and stroke 2 surely alone.
    #[test]
    fn the_digits_read_most_surely_together_are_chosen() {
        let pieces = [b(0.0, 0.4), b(0.3, 0.8), b(1.5, 2.0)];
        let sure = |members: &[usize]| -> Result<f32, ()> {
            Ok(match members {
                [0, 1] | [2] => 0.99,
                _ => 0.3,
            })
        };
        // Geometry right: kept.
        let together = [vec![0, 1], vec![2]];
        let chosen = digits(&pieces, &together, &Weights::default(), sure, digit_only).unwrap();
        let members: Vec<_> = chosen.iter().map(|c| c.members.clone()).collect();
        assert_eq!(members, vec![vec![0, 1], vec![2]]);
        assert_eq!(chosen[0].reading, 0.99);
        assert!(chosen.iter().all(|c| !c.disputed));
        // Geometry wrong (the 4 split in two): mended by the network.
        let apart = [vec![0], vec![1], vec![2]];
        let chosen = digits(&pieces, &apart, &Weights::default(), sure, digit_only).unwrap();
        let members: Vec<_> = chosen.into_iter().map(|c| c.members).collect();
        assert_eq!(members, vec![vec![0, 1], vec![2]]);
    }

    /// The 4's strokes read as surely apart as together: the cutting is in doubt there, and
    /// only there.
    #[test]
    fn a_close_second_cutting_disputes_the_digits_where_it_differs() {
        let pieces = [b(0.0, 0.4), b(0.3, 0.8), b(1.5, 2.0)];
        let sure = |members: &[usize]| -> Result<f32, ()> {
            Ok(match members {
                [0, 1] | [2] => 0.99,
                [0] | [1] => 0.9,
                _ => 0.3,
            })
        };
        let weights = Weights {
            digit: 0.0,
            joined: 0.0,
            alone: 0.0,
            doubt: 0.5,
            ..Weights::default()
        };
        let groups = [vec![0, 1], vec![2]];
        let chosen = digits(&pieces, &groups, &weights, sure, digit_only).unwrap();
        let disputed: Vec<_> = chosen
            .iter()
            .map(|c| (c.members.clone(), c.disputed))
            .collect();
        assert_eq!(disputed, vec![(vec![0, 1], true), (vec![2], false)]);
        let sure_of_it = Weights {
            doubt: 0.01,
            ..weights
        };
        let chosen = digits(&pieces, &groups, &sure_of_it, sure, digit_only).unwrap();
        assert!(chosen.iter().all(|c| !c.disputed));
    }

    /// A 1 written tightly before a 4: the network reads the two as one digit (a 4) surely, but
    /// its "one whole digit" output says they are not one; weighed, they are cut apart.
    #[test]
    fn ink_the_network_says_is_not_one_digit_is_cut() {
        let pieces = [b(0.0, 0.1), b(0.12, 0.8)];
        let read = |members: &[usize]| -> Result<Sureness, ()> {
            Ok(match members {
                [0, 1] => Sureness {
                    digit: 0.97,
                    whole: 0.05,
                },
                _ => Sureness {
                    digit: 0.9,
                    whole: 0.95,
                },
            })
        };
        let groups = [vec![0, 1]];
        let cut = |weights: &Weights| -> Vec<Vec<usize>> {
            digits(&pieces, &groups, weights, read, |&s| s)
                .unwrap()
                .into_iter()
                .map(|c| c.members)
                .collect()
        };
        assert_eq!(cut(&Weights::default()), vec![vec![0], vec![1]]);
        let blind = Weights {
            whole: 0.0,
            ..Weights::default()
        };
        assert_eq!(cut(&blind), vec![vec![0, 1]]);
    }

    #[test]
    fn the_second_best_cut_is_the_next_total() {
        let scored = [((0, 2), -0.1), ((0, 1), -0.2), ((1, 2), -0.3)];
        let [best, second] = best_cuts(2, &scored);
        assert_eq!(best, Some((vec![(0, 2)], -0.1)));
        let (runs, total) = second.unwrap();
        assert_eq!(runs, vec![(0, 1), (1, 2)]);
        assert!((total + 0.5).abs() < 1e-12);
        assert_eq!(best_cuts(1, &[((0, 1), 0.0)])[1], None);
    }

    /// A page of 300 close strokes in 100 groups: only the groups are read.
    #[test]
    fn a_page_is_read_as_geometry_groups_it() {
        let pieces: Vec<Bounds> = (0..300)
            .map(|i| b(i as f64 * 0.1, i as f64 * 0.1 + 0.08))
            .collect();
        let groups: Vec<Vec<usize>> = (0..100)
            .map(|g| vec![3 * g, 3 * g + 1, 3 * g + 2])
            .collect();
        let mut reads = 0;
        let count = |_: &[usize]| -> Result<f32, ()> {
            reads += 1;
            Ok(0.9)
        };
        let chosen = digits(&pieces, &groups, &Weights::default(), count, digit_only).unwrap();
        assert_eq!(reads, 100);
        let members: Vec<_> = chosen.into_iter().map(|c| c.members).collect();
        assert_eq!(members, groups);
    }

    #[test]
    fn a_failing_read_is_the_error() {
        let pieces = [b(0.0, 1.0), b(1.05, 2.0)];
        let failing = |_: &[usize]| -> Result<f32, &str> { Err("no model") };
        let got = digits(
            &pieces,
            &[vec![0], vec![1]],
            &Weights::default(),
            failing,
            digit_only,
        );
        assert_eq!(got.unwrap_err(), "no model");
    }
}
