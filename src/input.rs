//! The shapes callers send, checked with messages that say what was expected.
//!
//! JSON (the CLI, the seed's `POST /predict` body) and JS values (the wasm API) both
//! deserialize into [`Nested`]: numbers and arrays, nothing else. The shape is then checked
//! here, once, so both front ends give the same errors.
//!
//! Building a [`Nested`] is bounded whatever the caller sends: [`Budget`] refuses arrays
//! nested deeper than [`limits::DEPTH`] before descending into them and more than
//! [`limits::VALUES`] values before allocating them, so a hostile value can neither overflow
//! the stack (which in wasm kills the module) nor exhaust memory.

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, SeqAccess, Visitor};
use std::cell::Cell;
use std::fmt;

use crate::error::{Error, Result};
use crate::limits;
use crate::normalize::{Point, Strokes, PIXELS, SIDE};

/// A number or an array of nested values.
#[derive(Debug, Clone, PartialEq)]
pub enum Nested {
    Number(f64),
    List(Vec<Nested>),
}

/// The seed's `POST /predict` body: `{"data": <28x28x1 array>}`.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct PredictBody {
    pub data: Nested,
}

impl Nested {
    fn describe(&self) -> String {
        match self {
            Nested::Number(v) => format!("the number {v}"),
            Nested::List(items) => format!("an array of {}", items.len()),
        }
    }

    fn as_list(&self, what: &str, expected: &str) -> Result<&[Nested]> {
        match self {
            Nested::List(items) => Ok(items),
            other => Err(Error::input(format!(
                "{what}: expected {expected}, got {}",
                other.describe()
            ))),
        }
    }

    fn as_number(&self, what: &str) -> Result<f64> {
        match self {
            Nested::Number(v) => Ok(*v),
            other => Err(Error::input(format!(
                "{what}: expected a number, got {}",
                other.describe()
            ))),
        }
    }

    /// Reads a 28x28x1 grid (the seed's shape) or a plain 28x28 grid into 784 row-major values.
    /// Range checks are left to [`crate::normalize::frame_from_values`].
    pub fn to_grid(&self) -> Result<Vec<f32>> {
        const SHAPE: &str = "28 rows of 28 pixels, each pixel [value] or value (shape 28x28x1)";
        let rows = self.as_list("data", SHAPE)?;
        if rows.len() != SIDE {
            return Err(Error::input(format!(
                "data: expected {SHAPE}, got {} rows",
                rows.len()
            )));
        }
        let mut values = Vec::with_capacity(PIXELS);
        for (r, row) in rows.iter().enumerate() {
            let pixels = row.as_list(&format!("data[{r}]"), "a row of 28 pixels")?;
            if pixels.len() != SIDE {
                return Err(Error::input(format!(
                    "data[{r}]: expected a row of 28 pixels, got {} pixels",
                    pixels.len()
                )));
            }
            for (c, pixel) in pixels.iter().enumerate() {
                let at = format!("data[{r}][{c}]");
                let value = match pixel {
                    Nested::Number(v) => *v,
                    Nested::List(channels) if channels.len() == 1 => {
                        channels[0].as_number(&format!("{at}[0]"))?
                    }
                    Nested::List(channels) => {
                        return Err(Error::input(format!(
                            "{at}: expected one channel [value] (grayscale), got {} channels",
                            channels.len()
                        )))
                    }
                };
                if value.is_nan() {
                    return Err(Error::input(format!(
                        "{at} is NaN; expected a number in [0, 1]"
                    )));
                }
                values.push(value as f32);
            }
        }
        Ok(values)
    }

    /// Reads a flat array of numbers: the frame's values, row-major. Length and range are
    /// checked by [`crate::normalize::frame_from_values`], as for any other values.
    pub fn to_values(&self) -> Result<Vec<f32>> {
        let items = self.as_list("the values", "an array of numbers")?;
        items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Nested::Number(v) => Ok(*v as f32),
                Nested::List(_) => Err(Error::input(format!(
                    "value at row {}, column {} is {}; expected a number in [0, 1]",
                    i / SIDE,
                    i % SIDE,
                    item.describe()
                ))),
            })
            .collect()
    }

    /// Reads `[[[x, y], ...], ...]` into checked strokes.
    pub fn to_strokes(&self) -> Result<Strokes> {
        const SHAPE: &str = "an array of strokes, each an array of [x, y] points";
        let strokes = self.as_list("strokes", SHAPE)?;
        limits::STROKES.check(strokes.len(), |n| format!("{n} strokes"))?;
        let mut total = 0;
        for (s, stroke) in strokes.iter().enumerate() {
            if let Nested::List(points) = stroke {
                limits::STROKE_POINTS
                    .check(points.len(), |n| format!("stroke {s} has {n} points"))?;
                total += points.len();
            }
        }
        limits::POINTS.check(total, |n| format!("the strokes have {n} points in all"))?;
        let mut parsed = Vec::with_capacity(strokes.len());
        for (s, stroke) in strokes.iter().enumerate() {
            let points = stroke.as_list(&format!("stroke {s}"), "an array of [x, y] points")?;
            let mut line: Vec<Point> = Vec::with_capacity(points.len());
            for (p, point) in points.iter().enumerate() {
                let at = format!("stroke {s}, point {p}");
                let xy = point.as_list(&at, "[x, y]")?;
                if xy.len() != 2 {
                    return Err(Error::input(format!(
                        "{at}: expected [x, y], got {} numbers",
                        xy.len()
                    )));
                }
                line.push((xy[0].as_number(&at)?, xy[1].as_number(&at)?));
            }
            parsed.push(line);
        }
        Strokes::new(parsed)
    }
}

/// What building one [`Nested`] may still use: the depth and value limits, shared by the
/// JSON parser here and the JS walk in `web`.
#[derive(Debug)]
pub struct Budget {
    values_left: Cell<usize>,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            values_left: Cell::new(limits::VALUES.value),
        }
    }
}

impl Budget {
    /// Checks that an array at `depth` (1 for the outermost) may be entered.
    pub fn enter(&self, depth: usize) -> Result<()> {
        limits::DEPTH.check(depth, |d| format!("arrays nested {d} deep"))
    }

    /// Takes `count` more values (an array's items), before they are allocated.
    pub fn take(&self, count: usize) -> Result<()> {
        let left = self.values_left.get();
        if count > left {
            let used = limits::VALUES.value - left;
            return Err(limits::VALUES
                .exceeded(format_args!("{} numbers and arrays or more", used + count)));
        }
        self.values_left.set(left - count);
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Nested {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let budget = Budget::default();
        budget.take(1).map_err(de::Error::custom)?;
        NestedSeed {
            depth: 0,
            budget: &budget,
        }
        .deserialize(deserializer)
    }
}

/// Deserializes one value at `depth` arrays deep; recursion is bounded by [`Budget::enter`].
struct NestedSeed<'b> {
    depth: usize,
    budget: &'b Budget,
}

impl<'de> DeserializeSeed<'de> for NestedSeed<'_> {
    type Value = Nested;

    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> std::result::Result<Nested, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NestedSeed<'_> {
    type Value = Nested;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number or an array")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Nested, E> {
        Ok(Nested::Number(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Nested, E> {
        Ok(Nested::Number(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Nested, E> {
        Ok(Nested::Number(v as f64))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Nested, A::Error> {
        let depth = self.depth + 1;
        self.budget.enter(depth).map_err(de::Error::custom)?;
        // JSON gives no length up front: each item is counted as soon as it is parsed (its own
        // items were counted while it was), so the budget is overrun by one value at most.
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(NestedSeed {
            depth,
            budget: self.budget,
        })? {
            self.budget.take(1).map_err(de::Error::custom)?;
            items.push(item);
        }
        Ok(Nested::List(items))
    }
}
