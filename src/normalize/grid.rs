//! Pixel grids: the 3x3 neighbourhood of a pixel and 8-connected components. Shared by the
//! photo cleanup (which pieces are a digit) and number segmentation (one piece per digit).

/// The pixels of the 3x3 block around `p` (itself included) inside a `width` x `height`
/// grid, row by row.
pub(crate) fn around(p: usize, width: usize, height: usize) -> impl Iterator<Item = usize> {
    let (x, y) = (p % width, p / width);
    (y.saturating_sub(1)..=(y + 1).min(height - 1)).flat_map(move |ny| {
        (x.saturating_sub(1)..=(x + 1).min(width - 1)).map(move |nx| ny * width + nx)
    })
}

/// The 8-connected components of the pixels where `on` holds, in order of their first pixel
/// (row-major); each lists its pixels in the order a depth-first fill reaches them. Also
/// returns each pixel's component index (`usize::MAX` where `on` does not hold).
pub(crate) fn components(
    width: usize,
    height: usize,
    on: impl Fn(usize) -> bool,
) -> (Vec<Vec<usize>>, Vec<usize>) {
    let mut label = vec![usize::MAX; width * height];
    let mut found = Vec::new();
    for start in 0..label.len() {
        if !on(start) || label[start] != usize::MAX {
            continue;
        }
        let id = found.len();
        let mut pixels = Vec::new();
        let mut stack = vec![start];
        label[start] = id;
        while let Some(p) = stack.pop() {
            pixels.push(p);
            for q in around(p, width, height) {
                if on(q) && label[q] == usize::MAX {
                    label[q] = id;
                    stack.push(q);
                }
            }
        }
        found.push(pixels);
    }
    (found, label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn around_stays_inside_the_grid() {
        assert_eq!(around(0, 3, 2).collect::<Vec<_>>(), [0, 1, 3, 4]);
        assert_eq!(around(4, 3, 2).collect::<Vec<_>>(), [0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn diagonal_pixels_connect_and_gaps_separate() {
        // x . . x
        // . x . x
        let on = [true, false, false, true, false, true, false, true];
        let (parts, label) = components(4, 2, |p| on[p]);
        assert_eq!(parts, [vec![0, 5], vec![3, 7]]);
        assert_eq!(
            label,
            [0, usize::MAX, usize::MAX, 1, usize::MAX, 0, usize::MAX, 1]
        );
    }
}
