//! Reads the MNIST database (IDX files, gzipped or not) from a folder.
//!
//! Used by `nickara eval` and the tests; the data is never downloaded at run time.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use flate2::read::GzDecoder;

use crate::error::{Error, Result};
use crate::normalize::{Image, PixelFormat, PIXELS, SIDE};

/// Which of the two MNIST sets to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// 60,000 training images.
    Train,
    /// 10,000 test images.
    Test,
}

impl Split {
    fn prefix(self) -> &'static str {
        match self {
            Split::Train => "train",
            Split::Test => "t10k",
        }
    }
}

/// Labelled 28x28 digits as MNIST stores them: 0 = paper, 255 = ink.
#[derive(Debug, Clone)]
pub struct Digits {
    pub images: Vec<[u8; PIXELS]>,
    pub labels: Vec<u8>,
}

impl Digits {
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Image `i` as an [`Image`] for the normalization.
    pub fn image(&self, i: usize) -> Image<'_> {
        Image::new(SIDE, SIDE, PixelFormat::Gray8, &self.images[i]).expect("28x28 gray")
    }

    /// The first `n` digits (all of them if there are fewer).
    pub fn take(mut self, n: usize) -> Self {
        self.images.truncate(n);
        self.labels.truncate(n);
        self
    }
}

/// Reads one split from `dir`, which holds the standard file names
/// (`t10k-images-idx3-ubyte.gz` etc., or the same without `.gz`).
pub fn load(dir: &Path, split: Split) -> Result<Digits> {
    let images = parse_images(&read_idx(
        dir,
        &format!("{}-images-idx3-ubyte", split.prefix()),
    )?)?;
    let labels = parse_labels(&read_idx(
        dir,
        &format!("{}-labels-idx1-ubyte", split.prefix()),
    )?)?;
    if images.len() != labels.len() {
        return Err(Error::input(format!(
            "{}: {} images but {} labels; expected the matching MNIST files",
            dir.display(),
            images.len(),
            labels.len()
        )));
    }
    Ok(Digits { images, labels })
}

fn read_idx(dir: &Path, name: &str) -> Result<Vec<u8>> {
    let gz: PathBuf = dir.join(format!("{name}.gz"));
    let plain: PathBuf = dir.join(name);
    let mut bytes = Vec::new();
    let read = if gz.exists() {
        File::open(&gz).and_then(|f| GzDecoder::new(f).read_to_end(&mut bytes))
    } else {
        File::open(&plain).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    read.map_err(|e| {
        Error::input(format!(
            "cannot read {} ({e}); expected a folder with the four MNIST IDX files \
             (e.g. ../shared/data/mnist)",
            gz.display()
        ))
    })?;
    Ok(bytes)
}

fn header(bytes: &[u8], magic: u32, fields: usize) -> Result<Vec<usize>> {
    let word = |i: usize| -> Option<u32> {
        bytes
            .get(i * 4..i * 4 + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    };
    if word(0) != Some(magic) {
        return Err(Error::input(format!(
            "not an IDX file with magic number {magic:#010x}"
        )));
    }
    (1..=fields)
        .map(|i| {
            word(i)
                .map(|v| v as usize)
                .ok_or_else(|| Error::input("truncated IDX header"))
        })
        .collect()
}

/// Parses an IDX3 file of 28x28 unsigned-byte images.
pub fn parse_images(bytes: &[u8]) -> Result<Vec<[u8; PIXELS]>> {
    let dims = header(bytes, 0x0000_0803, 3)?;
    let (count, rows, cols) = (dims[0], dims[1], dims[2]);
    if rows != SIDE || cols != SIDE {
        return Err(Error::input(format!(
            "expected 28x28 images, got {rows}x{cols}"
        )));
    }
    let body = &bytes[16..];
    if body.len() != count * PIXELS {
        return Err(Error::input(format!(
            "IDX images: header says {count} images, the file holds {} bytes of pixels",
            body.len()
        )));
    }
    Ok(body
        .chunks_exact(PIXELS)
        .map(|c| c.try_into().expect("exact chunk"))
        .collect())
}

/// Parses an IDX1 file of labels 0–9.
pub fn parse_labels(bytes: &[u8]) -> Result<Vec<u8>> {
    let count = header(bytes, 0x0000_0801, 1)?[0];
    let body = &bytes[8..];
    if body.len() != count || body.iter().any(|&l| l > 9) {
        return Err(Error::input(format!(
            "IDX labels: expected {count} labels in 0–9"
        )));
    }
    Ok(body.to_vec())
}
