//! Robustness suites: the MNIST test set redrawn the way people actually write — small or
//! large, off-centre, with a thin or thick pen, slanted, rotated, through the original card's
//! augmentation, as pen strokes with tremor, painted with a canvas brush — plus scribbles that
//! are no digit at all.
//!
//! Every suite is seeded: the same inputs on every machine, so a drop is the model's or the
//! normalization's, never chance.

use super::canvas::{morph, paint, warp, Affine};
use super::rng::Rng;
use super::skeleton;
use crate::error::Result;
use crate::normalize::{Image, PixelFormat, Point, Strokes, PIXELS};
use crate::{Prediction, Recognizer};

/// One way of presenting a digit to the recognizer.
pub struct Suite {
    pub name: &'static str,
    pub description: &'static str,
    make: fn(&[u8; PIXELS], &mut Rng) -> Input,
}

/// What a suite hands to the recognizer.
pub enum Input {
    /// A gray image (0 = black), through `classify_image`.
    Gray {
        width: usize,
        height: usize,
        pixels: Vec<u8>,
    },
    /// Pen strokes, through `classify_strokes`.
    Strokes(Vec<Vec<Point>>),
}

impl Input {
    pub fn classify(&self, recognizer: &Recognizer) -> Result<Prediction> {
        match self {
            Input::Gray {
                width,
                height,
                pixels,
            } => {
                recognizer.classify_image(&Image::new(*width, *height, PixelFormat::Gray8, pixels)?)
            }
            Input::Strokes(strokes) => recognizer.classify_strokes(&Strokes::new(strokes.clone())?),
        }
    }
}

/// Scales the 28x28 digit by `scale` about its centre and puts that centre at `(cx, cy)` on
/// the canvas, after `shape` (a slant or rotation about the centre, identity if none).
fn placed(scale: f64, cx: f64, cy: f64, shape: [f64; 4]) -> Affine {
    let [a, b, d, e] = shape;
    let to_origin = Affine([1.0, 0.0, -14.0, 0.0, 1.0, -14.0]);
    let shaped = Affine([a * scale, b * scale, cx, d * scale, e * scale, cy]);
    shaped.then_after(&to_origin)
}

const UPRIGHT: [f64; 4] = [1.0, 0.0, 0.0, 1.0];

fn on_canvas(digit: &[u8; PIXELS], side: usize, map: Affine) -> Input {
    Input::Gray {
        width: side,
        height: side,
        pixels: warp(digit, side, side, map),
    }
}

fn strokes_of(digit: &[u8; PIXELS]) -> Vec<Vec<Point>> {
    skeleton::trace(&skeleton::thin(digit))
}

pub const SUITES: &[Suite] = &[
    Suite {
        name: "mnist",
        description: "the test set as it is (28x28, white on black)",
        make: |d, _| Input::Gray {
            width: 28,
            height: 28,
            pixels: d.to_vec(),
        },
    },
    Suite {
        name: "small",
        description: "drawn 14 px tall anywhere on a 200x200 canvas (black on white)",
        make: |d, r| {
            on_canvas(
                d,
                200,
                placed(0.5, r.range(10.0, 190.0), r.range(10.0, 190.0), UPRIGHT),
            )
        },
    },
    Suite {
        name: "large",
        description: "drawn 110 px tall, nearly filling a 120x120 canvas",
        make: |d, r| {
            on_canvas(
                d,
                120,
                placed(
                    5.5,
                    60.0 + r.range(-3.0, 3.0),
                    60.0 + r.range(-3.0, 3.0),
                    UPRIGHT,
                ),
            )
        },
    },
    Suite {
        name: "off-centre",
        description: "40 px tall in a random corner of a 240x240 canvas",
        make: |d, r| {
            let (cx, cy) = (
                if r.sign() > 0.0 { 30.0 } else { 210.0 },
                if r.sign() > 0.0 { 30.0 } else { 210.0 },
            );
            on_canvas(
                d,
                240,
                placed(
                    2.0,
                    cx + r.range(-5.0, 5.0),
                    cy + r.range(-5.0, 5.0),
                    UPRIGHT,
                ),
            )
        },
    },
    Suite {
        name: "thin-pen",
        description: "strokes eroded (2x2 minimum): a fine pen",
        make: |d, _| on_canvas(&morph(d, 2, false), 112, placed(4.0, 56.0, 56.0, UPRIGHT)),
    },
    Suite {
        name: "thick-pen",
        description: "strokes dilated (3x3 maximum): a marker",
        make: |d, _| on_canvas(&morph(d, 3, true), 112, placed(4.0, 56.0, 56.0, UPRIGHT)),
    },
    Suite {
        name: "slant",
        description: "sheared by ±0.2–0.45 (italic either way)",
        make: |d, r| {
            on_canvas(
                d,
                140,
                placed(
                    4.0,
                    70.0,
                    70.0,
                    [1.0, r.sign() * r.range(0.2, 0.45), 0.0, 1.0],
                ),
            )
        },
    },
    Suite {
        name: "rotation",
        description: "rotated by ±12–25°",
        make: |d, r| {
            let angle = r.sign() * r.range(12.0, 25.0).to_radians();
            let (s, c) = angle.sin_cos();
            on_canvas(d, 140, placed(4.0, 70.0, 70.0, [c, -s, s, c]))
        },
    },
    Suite {
        name: "card-augmented",
        description: "the original card's training augmentation on the 28x28 frame: shifted ±20%, rotated ±15°, zoomed 0.75–2 per axis, cut off at the edges (2x2 supersampled, as a canvas draws)",
        make: |d, r| {
            // ImageDataGenerator's zoom z scales the sampling grid: the digit is 1/z as large.
            let (zx, zy) = (1.0 / r.range(0.75, 2.0), 1.0 / r.range(0.75, 2.0));
            let (s, c) = r.range(-15.0, 15.0).to_radians().sin_cos();
            let shift = 0.2 * 28.0;
            let (cx, cy) = (14.0 + r.range(-shift, shift), 14.0 + r.range(-shift, shift));
            on_canvas(d, 28, placed(1.0, cx, cy, [c * zx, -s * zy, s * zx, c * zy]))
        },
    },
    Suite {
        name: "strokes",
        description: "the digit's skeleton traced into pen strokes (classifyStrokes)",
        make: |d, _| Input::Strokes(strokes_of(d)),
    },
    Suite {
        name: "stroke-jitter",
        description:
            "pen strokes with tremor (σ 0.4 px per point) and a third of the points dropped",
        make: |d, r| {
            let mut jittered = Vec::new();
            for stroke in strokes_of(d) {
                let last = stroke.len() - 1;
                let mut kept = Vec::with_capacity(stroke.len());
                for (i, (x, y)) in stroke.into_iter().enumerate() {
                    if i == 0 || i == last || r.unit() > 0.33 {
                        kept.push((x + 0.4 * r.normal(), y + 0.4 * r.normal()));
                    }
                }
                jittered.push(kept);
            }
            Input::Strokes(jittered)
        },
    },
    Suite {
        name: "canvas-brush",
        description:
            "pen strokes painted with a 6–24 px round brush on a 280x280 canvas (classifyImage)",
        make: |d, r| {
            let scale = r.range(5.0, 9.0);
            let (dx, dy) = (
                r.range(0.0, 280.0 - 28.0 * scale),
                r.range(0.0, 280.0 - 28.0 * scale),
            );
            let strokes: Vec<Vec<Point>> = strokes_of(d)
                .into_iter()
                .map(|s| {
                    s.into_iter()
                        .map(|(x, y)| (x * scale + dx, y * scale + dy))
                        .collect()
                })
                .collect();
            Input::Gray {
                width: 280,
                height: 280,
                pixels: paint(&strokes, 280, 280, r.range(6.0, 24.0), 0, 255),
            }
        },
    },
];

/// Looks a suite up by name.
pub fn suite(name: &str) -> Option<&'static Suite> {
    SUITES.iter().find(|s| s.name == name)
}

impl Suite {
    /// The input this suite makes of test digit `index` (seeded by suite and index).
    pub fn input(&self, digit: &[u8; PIXELS], index: usize) -> Input {
        let seed = self.name.bytes().fold(index as u64, |h, b| {
            h.wrapping_mul(31).wrapping_add(b as u64)
        });
        (self.make)(digit, &mut Rng::new(seed))
    }
}

/// Random scribbles that are no digit: 1–3 smooth random walks of 15–60 points.
pub fn scribble(index: usize) -> Vec<Vec<Point>> {
    let mut r = Rng::new(0x5C21_BB1E ^ index as u64);
    let strokes = 1 + (r.next_u64() % 3) as usize;
    (0..strokes)
        .map(|_| {
            let (mut x, mut y) = (r.range(0.0, 100.0), r.range(0.0, 100.0));
            let mut heading = r.range(0.0, std::f64::consts::TAU);
            let turn = r.range(0.1, 0.9);
            (0..15 + (r.next_u64() % 46) as usize)
                .map(|_| {
                    heading += turn * r.normal();
                    x += 6.0 * heading.cos();
                    y += 6.0 * heading.sin();
                    (x, y)
                })
                .collect()
        })
        .collect()
}
