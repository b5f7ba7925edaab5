//! Numbers as people write them, made of real handwriting: 2 to 5 digits by one writer, each
//! at that writer's own size, side by side with a gap drawn per number from a [`Regime`] (a
//! fraction of the number's median digit height), each digit's middle a little above or below
//! the line. The number is written on the pad (`pad::as_written`) and read exactly as the page
//! reads a drawing (`Recognizer::read_strokes`, the worker's `classifyNumber`), or inked on
//! paper (`paper::photograph`) and read as **Open image** does (`Recognizer::read_image`).
//! The answer is judged as shown: the number's text, and whether the page said "not sure".

use std::collections::{BTreeMap, BTreeSet};

use super::handwriting::Sample;
use super::rng::Rng;
use super::{pad, paper};
use crate::error::Result;
use crate::normalize::{bounds, Image, PixelFormat, Point, Strokes};
use crate::{Reading, Recognizer};

/// How far apart a number's digits are written: the gap between one digit's box and the
/// next, as a fraction of the number's median digit height, drawn per number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Regime {
    pub name: &'static str,
    pub gap: (f64, f64),
}

/// As on a form: a clear space between digits.
pub const SPACED: Regime = Regime {
    name: "spaced",
    gap: (0.08, 0.45),
};
/// Neighbours nearly touch, or overlap a little.
pub const TIGHT: Regime = Regime {
    name: "tight",
    gap: (-0.05, 0.08),
};
pub const REGIMES: [Regime; 2] = [SPACED, TIGHT];

/// Digits in a number, fewest and most.
pub const LENGTHS: (usize, usize) = (2, 5);

/// How far a digit's middle may be above or below the line, as a fraction of the number's
/// median digit height.
pub const DRIFT: f64 = 0.08;

/// The sites whose files are mis-segmented in this release of UNIPEN (their samples are other
/// characters and stroke fragments under digit labels; ../shared/data/unipen-dev/README):
/// the headline leaves their writers out and reports them beside it.
pub const BROKEN_SITES: [&str; 2] = ["tos", "pri"];

/// One number: the samples it is made of, left to right, and its strokes in their units.
pub struct Number<'a> {
    pub digits: Vec<&'a Sample>,
    pub strokes: Vec<Vec<Point>>,
}

impl Number<'_> {
    /// What was written: the digits as text.
    pub fn label(&self) -> String {
        self.digits
            .iter()
            .map(|s| char::from(b'0' + s.label))
            .collect()
    }

    /// Whether its writer is of a mis-segmented site ([`BROKEN_SITES`]).
    pub fn broken_site(&self) -> bool {
        BROKEN_SITES.contains(&self.digits[0].site.as_str())
    }
}

/// `count` numbers of the `regime`, each by one writer of `samples` (chosen at random, as are
/// the length and that writer's digits), seeded by `seed` and the number's index. Samples
/// whose ink is a dot or nothing are left out; writers need at least two digits.
pub fn make<'a>(
    samples: &[&'a Sample],
    regime: Regime,
    count: usize,
    seed: u64,
) -> Vec<Number<'a>> {
    let mut of_writer: BTreeMap<(&str, u32), Vec<&Sample>> = BTreeMap::new();
    for &sample in samples {
        if bounds(&sample.strokes).is_some_and(|(x0, y0, x1, y1)| x1 > x0 || y1 > y0) {
            of_writer
                .entry((&sample.site, sample.writer))
                .or_default()
                .push(sample);
        }
    }
    let writers: Vec<Vec<&Sample>> = of_writer.into_values().filter(|d| d.len() >= 2).collect();
    if writers.is_empty() {
        return Vec::new();
    }
    (0..count)
        .map(|i| {
            let mut rng = Rng::new(seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let own = &writers[(rng.next_u64() % writers.len() as u64) as usize];
            let span = (LENGTHS.1 - LENGTHS.0 + 1) as u64;
            let length = (LENGTHS.0 + (rng.next_u64() % span) as usize).min(own.len());
            let digits = pick(own, length, &mut rng);
            let strokes = side_by_side(&digits, regime, &mut rng);
            Number { digits, strokes }
        })
        .collect()
}

/// `length` different samples of `own`, in random order.
fn pick<'a>(own: &[&'a Sample], length: usize, rng: &mut Rng) -> Vec<&'a Sample> {
    let mut left: Vec<&Sample> = own.to_vec();
    (0..length)
        .map(|_| left.swap_remove((rng.next_u64() % left.len() as u64) as usize))
        .collect()
}

/// The digits written left to right at their own sizes: each box a gap (drawn from `regime`,
/// in median heights) after the last, its middle on the line give or take [`DRIFT`].
fn side_by_side(digits: &[&Sample], regime: Regime, rng: &mut Rng) -> Vec<Vec<Point>> {
    let boxes: Vec<_> = digits
        .iter()
        .map(|s| bounds(&s.strokes).expect("inked samples only"))
        .collect();
    let mut heights: Vec<f64> = boxes.iter().map(|b| b.3 - b.1).collect();
    heights.sort_by(f64::total_cmp);
    let median = heights[heights.len() / 2].max(1e-9);
    let gap = rng.range(regime.gap.0, regime.gap.1) * median;
    let mut x = 0.0;
    let mut strokes = Vec::new();
    for (sample, b) in digits.iter().zip(&boxes) {
        let middle = rng.range(-DRIFT, DRIFT) * median;
        let (dx, dy) = (x - b.0, middle - (b.1 + b.3) / 2.0);
        strokes.extend(
            sample
                .strokes
                .iter()
                .map(|s| s.iter().map(|&(px, py)| (px + dx, py + dy)).collect()),
        );
        x += b.2 - b.0 + gap;
    }
    strokes
}

/// The strokes the pad sends for number `index`: written at a size and place people use.
pub fn sent_by_pad(number: &Number, index: usize) -> Vec<Vec<Point>> {
    pad::as_written(&number.strokes, &mut Rng::new(0x4E0B ^ index as u64))
}

/// Reads number `index` as the page does: written on the pad, or photographed and opened.
pub fn read(
    recognizer: &Recognizer,
    number: &Number,
    index: usize,
    photo: bool,
) -> Result<Reading> {
    if photo {
        let p = paper::photograph(&number.strokes, index)?;
        recognizer.read_image(&Image::new(p.width, p.height, PixelFormat::Rgba8, &p.rgba)?)
    } else {
        recognizer.read_strokes(&Strokes::new(sent_by_pad(number, index))?)
    }
}

/// How the page read a set of numbers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    pub numbers: u32,
    /// Read exactly as written.
    pub exact: u32,
    /// Digits written, and the edit distance of every answer to what was written, summed.
    pub digits: u32,
    pub edits: u32,
    /// Answers with more or fewer digits than written.
    pub too_many: u32,
    pub too_few: u32,
    /// Wrong answers the page showed without "not sure".
    pub wrong_and_sure: u32,
    /// Answers shown with "not sure".
    pub unsure: u32,
}

impl Tally {
    pub fn record(&mut self, label: &str, reading: &Reading) {
        self.numbers += 1;
        self.digits += label.len() as u32;
        self.edits += edit_distance(label.as_bytes(), reading.value.as_bytes()) as u32;
        let right = reading.value == label;
        self.exact += right as u32;
        self.too_many += (reading.value.len() > label.len()) as u32;
        self.too_few += (reading.value.len() < label.len()) as u32;
        self.wrong_and_sure += (!right && !reading.unsure) as u32;
        self.unsure += reading.unsure as u32;
    }

    pub fn add(&mut self, other: &Tally) {
        self.numbers += other.numbers;
        self.exact += other.exact;
        self.digits += other.digits;
        self.edits += other.edits;
        self.too_many += other.too_many;
        self.too_few += other.too_few;
        self.wrong_and_sure += other.wrong_and_sure;
        self.unsure += other.unsure;
    }

    /// Numbers read exactly.
    pub fn accuracy(&self) -> f64 {
        self.exact as f64 / self.numbers.max(1) as f64
    }

    /// Digits read right: one less the edits per digit written.
    pub fn digit_accuracy(&self) -> f64 {
        1.0 - self.edits as f64 / self.digits.max(1) as f64
    }

    pub fn wrong_and_sure_rate(&self) -> f64 {
        self.wrong_and_sure as f64 / self.numbers.max(1) as f64
    }
}

/// Levenshtein distance: insertions, deletions and substitutions of digits.
pub fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (diagonal + (ca != cb) as usize)
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// A regime's numbers read: in all, per length, and of the broken sites' writers alone; the
/// headline (`clean`) leaves those out.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub clean: Tally,
    pub broken: Tally,
    pub lengths: BTreeMap<usize, Tally>,
    /// The first wrong answers of `clean`: (index, written, read, unsure).
    pub misreads: Vec<(usize, String, String, bool)>,
    /// The digits read as others in `clean`'s wrong answers shown as sure (those with as many
    /// digits as written), by (written, read).
    pub sure_misreads: BTreeMap<(u8, u8), SureMisread>,
    /// `clean`'s numbers and those read exactly, per writer (site, writer): what
    /// [`Report::interval`] resamples.
    pub writers: BTreeMap<(String, u32), (u32, u32)>,
}

/// One digit read as another in numbers the page showed as sure.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SureMisread {
    /// The numbers it made wrong.
    pub numbers: u32,
    /// The written digits behind them, each counted once: a writer's digit can be in many
    /// numbers, so a handful of digits can make many numbers wrong. A sample is known by its
    /// address, which stays put while the samples outlive the report.
    pub samples: BTreeSet<usize>,
    /// The lowest and highest confidence they were read with: how high a "not sure" threshold
    /// would have to be to catch them.
    pub confidence: Option<(f32, f32)>,
}

impl SureMisread {
    /// How many different written digits were read this way.
    pub fn written(&self) -> usize {
        self.samples.len()
    }

    fn widen(&mut self, confidence: f32) {
        let (low, high) = self.confidence.unwrap_or((confidence, confidence));
        self.confidence = Some((low.min(confidence), high.max(confidence)));
    }
}

/// The numbers of `make test`'s numbers check: every this many of each regime's.
pub const CHECK_STRIDE: usize = 10;

/// Resamplings of the writers behind [`Report::interval`].
pub const RESAMPLINGS: usize = 2000;

/// Wrong answers a report keeps as examples.
pub const MISREADS_KEPT: usize = 20;

/// Reads the numbers numbered `at` (each as in the whole set: seeded by its index), on every
/// core.
pub fn evaluate(
    recognizer: &Recognizer,
    numbers: &[Number],
    at: &[usize],
    photo: bool,
) -> Result<Report> {
    super::spread(at.len(), |k, report: &mut Report| {
        let i = at[k];
        let reading = read(recognizer, &numbers[i], i, photo)?;
        report.record(i, &numbers[i], &reading);
        Ok(())
    })
}

/// Reads every number once and reports them all, and apart the fixed check sample of
/// `make test` (every `stride`-th number): the check's answers are the whole run's.
pub fn evaluate_checked(
    recognizer: &Recognizer,
    numbers: &[Number],
    stride: usize,
    photo: bool,
) -> Result<(Report, Report)> {
    let stride = stride.max(1);
    let (check, rest): (Vec<usize>, Vec<usize>) = (0..numbers.len()).partition(|i| i % stride == 0);
    let sample = evaluate(recognizer, numbers, &check, photo)?;
    let mut whole = evaluate(recognizer, numbers, &rest, photo)?;
    let mut misreads = whole.misreads.clone();
    misreads.extend(sample.misreads.iter().cloned());
    misreads.sort_by_key(|m| m.0);
    misreads.truncate(MISREADS_KEPT);
    super::Tallied::add(&mut whole, &sample);
    whole.misreads = misreads;
    Ok((whole, sample))
}

impl Report {
    fn record(&mut self, index: usize, number: &Number, reading: &Reading) {
        let label = number.label();
        if number.broken_site() {
            self.broken.record(&label, reading);
            return;
        }
        self.clean.record(&label, reading);
        let writer = self
            .writers
            .entry((number.digits[0].site.clone(), number.digits[0].writer))
            .or_default();
        writer.0 += 1;
        writer.1 += (reading.value == label) as u32;
        self.lengths
            .entry(label.len())
            .or_default()
            .record(&label, reading);
        if reading.value == label {
            return;
        }
        if self.misreads.len() < MISREADS_KEPT {
            self.misreads
                .push((index, label.clone(), reading.value.clone(), reading.unsure));
        }
        if !reading.unsure && reading.value.len() == label.len() {
            self.record_sure_misread(number, reading);
        }
    }

    /// Which digits of a number shown as sure, with as many digits as written, were read as
    /// others.
    fn record_sure_misread(&mut self, number: &Number, reading: &Reading) {
        let mut pairs = BTreeSet::new();
        for (sample, digit) in number.digits.iter().zip(&reading.digits) {
            let Some(read) = digit.prediction.digit.filter(|&d| d != sample.label) else {
                continue;
            };
            let misread = self.sure_misreads.entry((sample.label, read)).or_default();
            misread
                .samples
                .insert(std::ptr::from_ref::<Sample>(sample) as usize);
            misread.widen(digit.prediction.confidence);
            if pairs.insert((sample.label, read)) {
                misread.numbers += 1;
            }
        }
    }

    /// A 95% interval for `clean`'s accuracy over writers like these: the writers resampled
    /// with replacement, each with all of their numbers ([`RESAMPLINGS`] times, seeded). A
    /// writer's numbers share that writer's digits, so they are not independent draws, and an
    /// interval over numbers alone would be too narrow. None without numbers.
    pub fn interval(&self) -> Option<(f64, f64)> {
        let writers: Vec<(u32, u32)> = self.writers.values().copied().collect();
        if writers.is_empty() {
            return None;
        }
        let mut rng = Rng::new(0x1A7E_5A3B);
        let mut accuracies: Vec<f64> = (0..RESAMPLINGS)
            .map(|_| {
                let (mut numbers, mut exact) = (0u32, 0u32);
                for _ in 0..writers.len() {
                    let (n, e) = writers[(rng.next_u64() % writers.len() as u64) as usize];
                    numbers += n;
                    exact += e;
                }
                f64::from(exact) / f64::from(numbers.max(1))
            })
            .collect();
        accuracies.sort_by(f64::total_cmp);
        let at = |q: f64| accuracies[((RESAMPLINGS - 1) as f64 * q).round() as usize];
        Some((at(0.025), at(0.975)))
    }

    /// Everything, the broken sites' writers included.
    pub fn all(&self) -> Tally {
        let mut all = self.clean.clone();
        all.add(&self.broken);
        all
    }
}

impl super::Tallied for Report {
    /// Adds the report of numbers that come after this one's.
    fn add(&mut self, other: &Report) {
        self.clean.add(&other.clean);
        self.broken.add(&other.broken);
        for (length, tally) in &other.lengths {
            self.lengths.entry(*length).or_default().add(tally);
        }
        let room = MISREADS_KEPT.saturating_sub(self.misreads.len());
        self.misreads
            .extend(other.misreads.iter().take(room).cloned());
        for (writer, (numbers, exact)) in &other.writers {
            let mine = self.writers.entry(writer.clone()).or_default();
            mine.0 += numbers;
            mine.1 += exact;
        }
        for (pair, misread) in &other.sure_misreads {
            let mine = self.sure_misreads.entry(*pair).or_default();
            mine.numbers += misread.numbers;
            mine.samples.extend(&misread.samples);
            if let Some((low, high)) = misread.confidence {
                mine.widen(low);
                mine.widen(high);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(label: u8, writer: u32, height: f64) -> Sample {
        Sample {
            label,
            site: "apb".into(),
            writer,
            strokes: vec![vec![(10.0, 50.0), (10.0 + height / 2.0, 50.0 + height)]],
        }
    }

    /// What the page showed: each digit's answer, 0.99 sure, the number unsure or not.
    fn shown(read: &[u8], unsure: bool) -> Reading {
        super::super::shown(read, unsure, 0.99)
    }

    #[test]
    fn a_digit_misread_in_numbers_shown_as_sure_is_counted_per_number_and_per_digit_written() {
        let (one, other_one, zero, two) = (
            sample(1, 0, 100.0),
            sample(1, 0, 90.0),
            sample(0, 0, 100.0),
            sample(2, 0, 100.0),
        );
        fn number<'a>(digits: Vec<&'a Sample>) -> Number<'a> {
            Number {
                digits,
                strokes: Vec::new(),
            }
        }
        let read = [
            (number(vec![&one, &zero]), shown(&[7, 0], false)),
            (
                number(vec![&two, &one]),
                super::super::shown(&[2, 7], false, 0.9),
            ),
            // Both ones read as sevens: one more number, two digits written.
            (number(vec![&one, &other_one]), shown(&[7, 7], false)),
            // Said "not sure", or read with a digit too few: not counted.
            (number(vec![&one, &zero]), shown(&[7, 0], true)),
            (number(vec![&zero, &one]), shown(&[7], false)),
            (number(vec![&zero, &two]), shown(&[0, 2], false)),
        ];
        let mut whole = Report::default();
        let (mut first, mut rest) = (Report::default(), Report::default());
        for (i, (n, reading)) in read.iter().enumerate() {
            whole.record(i, n, reading);
            if i < 2 { &mut first } else { &mut rest }.record(i, n, reading);
        }
        super::super::Tallied::add(&mut first, &rest);
        assert_eq!(first.writers, whole.writers);
        assert_eq!(whole.writers[&("apb".to_string(), 0)], (6, 1));
        for report in [&whole, &first] {
            assert_eq!(report.clean.wrong_and_sure, 4);
            assert_eq!(report.sure_misreads.len(), 1);
            let sevens = &report.sure_misreads[&(1, 7)];
            assert_eq!((sevens.numbers, sevens.written()), (3, 2));
            assert_eq!(sevens.confidence, Some((0.9, 0.99)));
        }
    }

    #[test]
    fn the_interval_resamples_writers_not_numbers() {
        // 20 writers of 10 numbers "11" each, number k of writer w read exactly when `right`.
        let samples: Vec<Sample> = (0..20).map(|w| sample(1, w, 100.0)).collect();
        let report = |right: fn(usize, usize) -> bool| {
            let mut report = Report::default();
            for (w, s) in samples.iter().enumerate() {
                for k in 0..10 {
                    let number = Number {
                        digits: vec![s, s],
                        strokes: Vec::new(),
                    };
                    let read: &[u8] = if right(w, k) { &[1, 1] } else { &[7, 1] };
                    report.record(w * 10 + k, &number, &shown(read, false));
                }
            }
            report
        };
        // Ten writers read exactly, ten never: half the numbers, and an interval as wide as
        // which writers happen to be drawn.
        let split = report(|w, _| w < 10);
        assert_eq!(split.clean.accuracy(), 0.5);
        let (low, high) = split.interval().unwrap();
        assert!(low < 0.35 && high > 0.65, "{low} {high}");
        // Each writer with one wrong in two: every resampling agrees.
        let even = report(|_, k| k < 5);
        assert_eq!(even.clean.accuracy(), 0.5);
        assert_eq!(even.interval(), Some((0.5, 0.5)));
        assert_eq!(Report::default().interval(), None);
    }

    #[test]
    fn edit_distance_counts_insertions_deletions_and_substitutions() {
        assert_eq!(edit_distance(b"2053", b"2053"), 0);
        assert_eq!(edit_distance(b"2053", b"0"), 3);
        assert_eq!(edit_distance(b"74", b"474"), 1);
        assert_eq!(edit_distance(b"341", b"371"), 1);
        assert_eq!(edit_distance(b"", b"12"), 2);
    }

    #[test]
    fn a_number_is_one_writers_digits_at_their_sizes_spaced_by_the_regime() {
        let samples = [
            sample(1, 0, 100.0),
            sample(2, 0, 80.0),
            sample(3, 0, 120.0),
            sample(4, 1, 10.0),
            sample(5, 1, 12.0),
        ];
        let chosen: Vec<&Sample> = samples.iter().collect();
        for regime in REGIMES {
            for number in make(&chosen, regime, 50, 7) {
                let writer = number.digits[0].writer;
                assert!(number.digits.iter().all(|d| d.writer == writer));
                assert!((LENGTHS.0..=LENGTHS.1).contains(&number.digits.len()));
                let mut heights: Vec<f64> = number
                    .digits
                    .iter()
                    .map(|d| bounds(&d.strokes).unwrap().3 - 50.0)
                    .collect();
                heights.sort_by(f64::total_cmp);
                let median = heights[heights.len() / 2];
                // Each digit keeps its size; consecutive boxes are a gap of the regime apart.
                let mut at = 0;
                let mut last_right = None;
                for d in &number.digits {
                    let piece = &number.strokes[at..at + d.strokes.len()];
                    at += d.strokes.len();
                    let b = bounds(piece).unwrap();
                    let own = bounds(&d.strokes).unwrap();
                    assert!(((b.3 - b.1) - (own.3 - own.1)).abs() < 1e-9);
                    assert!(((b.1 + b.3) / 2.0).abs() <= DRIFT * median + 1e-9);
                    if let Some(right) = last_right {
                        let gap = (b.0 - right) / median;
                        assert!(
                            gap >= regime.gap.0 - 1e-9 && gap <= regime.gap.1 + 1e-9,
                            "{gap}"
                        );
                    }
                    last_right = Some(b.2);
                }
            }
        }
        // Seeded: the same numbers again.
        let labels = |seed| {
            make(&chosen, SPACED, 20, seed)
                .iter()
                .map(Number::label)
                .collect::<Vec<_>>()
        };
        assert_eq!(labels(7), labels(7));
        assert_ne!(labels(7), labels(8));
    }
}
