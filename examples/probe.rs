use nickara::eval::handwriting::{load, Folds};
use nickara::eval::paper::photograph;
use nickara::normalize::{Image, PixelFormat};
use nickara::Recognizer;
fn main() {
    let samples = load(std::path::Path::new("../shared/data/unipen-dev/digits.jsonl.gz")).unwrap();
    let held = Folds::new(5, 0).unwrap().held_out(&samples);
    let r = Recognizer::new().unwrap();
    let only: Option<usize> = std::env::args().nth(1).map(|s| s.parse().unwrap());
    for (i, s) in held.iter().enumerate() {
        if let Some(o) = only { if o != i { continue; } }
        if i % 4 != 0 && only.is_none() { continue; } // 160 px only
        let p = photograph(&s.strokes, i).unwrap();
        let reading = r.read_image(&Image::new(p.width, p.height, PixelFormat::Rgba8, &p.rgba).unwrap()).unwrap();
        if reading.value.is_empty() || reading.value.len() > 1 || only.is_some() {
            std::fs::write(format!("/tmp/probe/{i}_{}_{}_{}.jpg", s.label, s.site, reading.value), &p.jpeg).unwrap();
            println!("{i} label {} site {} {}x{} read '{}'", s.label, s.site, p.width, p.height, reading.value);
        }
    }
}
