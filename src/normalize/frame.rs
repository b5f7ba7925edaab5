//! The MNIST frame: what the model was trained on and what every input is turned into.
//!
//! 28x28 pixels, row-major, white ink (1.0) on black (0.0). The ink is scaled so that it fits
//! a 20x20 box keeping its aspect ratio, then moved so that its centre of mass sits at the
//! centre of the frame (LeCun et al., the MNIST database).

/// Width and height of the frame, in pixels.
pub const SIDE: usize = 28;
/// Number of pixels in the frame.
pub const PIXELS: usize = SIDE * SIDE;
/// Side of the box the ink is fitted into (MNIST: 20x20 inside 28x28).
pub const INK_BOX: f64 = 20.0;
/// Where the centre of mass lands. MNIST moves the mass onto pixel (14, 14), whose centre is
/// at 14.5 in the continuous coordinates used here (pixel (x, y) covers [x, x+1) x [y, y+1));
/// measured: the mean centre of mass of the 60,000 training digits is (14.51, 14.50).
pub const CENTER: f64 = 14.5;

/// A normalized 28x28 input, values in [0, 1].
#[derive(Clone, PartialEq)]
pub struct Frame {
    pixels: [f32; PIXELS],
}

impl std::fmt::Debug for Frame {
    /// A small ASCII picture: far more useful in a failing test than 784 numbers.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "Frame (28x28):")?;
        for line in self.text_rows() {
            writeln!(f, "|{line}|")?;
        }
        Ok(())
    }
}

/// The 784 values, row-major: what `nickara predict --json` prints. Inside
/// [`as_typed_arrays`] (the JS API's serializer) a frame is a `Float32Array` instead.
impl serde::Serialize for Frame {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[cfg(target_arch = "wasm32")]
        if TYPED_ARRAYS.get() {
            let array = js_sys::Float32Array::from(&self.pixels[..]);
            return serde_wasm_bindgen::preserve::serialize(&array, serializer);
        }
        serializer.collect_seq(self.pixels.iter())
    }
}

#[cfg(target_arch = "wasm32")]
thread_local! {
    /// True while [`as_typed_arrays`] runs.
    static TYPED_ARRAYS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `serialize` (a serde-wasm-bindgen serialization) with every frame in it handed over
/// as a `Float32Array`: serde has no notion of a typed array, and 784 numbers would otherwise
/// be built one boundary crossing at a time.
#[cfg(target_arch = "wasm32")]
pub(crate) fn as_typed_arrays<T>(serialize: impl FnOnce() -> T) -> T {
    TYPED_ARRAYS.set(true);
    let result = serialize();
    TYPED_ARRAYS.set(false);
    result
}

impl Frame {
    /// An all-black frame.
    pub fn blank() -> Self {
        Frame {
            pixels: [0.0; PIXELS],
        }
    }

    /// Wraps values that are already known to be in the frame's range and layout.
    pub(crate) fn from_pixels(pixels: [f32; PIXELS]) -> Self {
        Frame { pixels }
    }

    /// The frame as 28 lines of 28 characters, darker characters for more ink.
    pub fn text_rows(&self) -> Vec<String> {
        self.pixels
            .chunks(SIDE)
            .map(|row| {
                row.iter()
                    .map(|&v| match v {
                        v if v >= 0.75 => '#',
                        v if v >= 0.4 => '+',
                        v if v >= 0.1 => '.',
                        _ => ' ',
                    })
                    .collect()
            })
            .collect()
    }

    pub fn pixels(&self) -> &[f32; PIXELS] {
        &self.pixels
    }

    pub(crate) fn pixels_mut(&mut self) -> &mut [f32; PIXELS] {
        &mut self.pixels
    }

    pub fn get(&self, x: usize, y: usize) -> f32 {
        self.pixels[y * SIDE + x]
    }

    /// Total ink.
    pub fn mass(&self) -> f64 {
        self.pixels.iter().map(|&v| v as f64).sum()
    }

    /// True when there is no visible ink: nothing to classify.
    pub fn is_blank(&self) -> bool {
        self.pixels.iter().all(|&v| v < BLANK_LEVEL)
    }

    /// Centre of mass in pixel coordinates, where pixel (x, y) covers [x, x+1) x [y, y+1).
    /// `None` for a blank frame.
    pub fn center_of_mass(&self) -> Option<(f64, f64)> {
        let (mut m, mut mx, mut my) = (0.0f64, 0.0f64, 0.0f64);
        for (i, &v) in self.pixels.iter().enumerate() {
            let v = v as f64;
            m += v;
            mx += v * ((i % SIDE) as f64 + 0.5);
            my += v * ((i / SIDE) as f64 + 0.5);
        }
        (m > 0.0).then(|| (mx / m, my / m))
    }

    /// Mean absolute difference to another frame, in [0, 1].
    pub fn distance(&self, other: &Frame) -> f64 {
        let sum: f64 = self
            .pixels
            .iter()
            .zip(other.pixels.iter())
            .map(|(a, b)| (a - b).abs() as f64)
            .sum();
        sum / PIXELS as f64
    }
}

/// Below this a pixel does not count as ink (about 2/255: below the noise of a JPEG or a
/// canvas' anti-aliasing fringe).
pub const BLANK_LEVEL: f32 = 0.01;

/// How ink coordinates map into the frame: `frame = (ink - origin) * scale + target`.
///
/// Subtracting the origin first keeps precision when the caller's coordinates are huge
/// (a point at 1e12 with a digit 50 units tall still lands exactly).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub origin: (f64, f64),
    pub scale: f64,
    pub target: (f64, f64),
}

impl Placement {
    /// Fits an ink extent of `width` x `height` into a `fit_box`-sided box keeping the aspect
    /// ratio, with the point `origin` (in ink coordinates) at the frame's centre.
    pub fn fit(width: f64, height: f64, fit_box: f64, origin: (f64, f64)) -> Self {
        let longest = width.max(height);
        // A single point has no extent: it keeps scale 1 rather than being blown up infinitely.
        let scale = if longest > 0.0 {
            fit_box / longest
        } else {
            1.0
        };
        Placement {
            origin,
            scale,
            target: (CENTER, CENTER),
        }
    }

    /// The same placement moved by `(dx, dy)` frame pixels.
    pub fn shifted(self, dx: f64, dy: f64) -> Self {
        Placement {
            target: (self.target.0 + dx, self.target.1 + dy),
            ..self
        }
    }

    /// The same placement with its translation rounded to whole frame pixels, as MNIST moves
    /// its digits. An image already in the frame then maps onto itself without resampling
    /// blur, at the cost of at most half a pixel in centring.
    pub fn snapped(self) -> Self {
        let (tx, ty) = (
            self.target.0 - self.origin.0 * self.scale,
            self.target.1 - self.origin.1 * self.scale,
        );
        self.shifted(tx.round() - tx, ty.round() - ty)
    }

    /// Maps a point from ink coordinates into the frame.
    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        (
            (x - self.origin.0) * self.scale + self.target.0,
            (y - self.origin.1) * self.scale + self.target.1,
        )
    }

    /// Maps a point from the frame back into ink coordinates.
    pub fn invert(&self, x: f64, y: f64) -> (f64, f64) {
        (
            (x - self.target.0) / self.scale + self.origin.0,
            (y - self.target.1) / self.scale + self.origin.1,
        )
    }
}
