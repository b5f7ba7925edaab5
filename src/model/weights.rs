//! How the embedded network's weights are stored, and widened back to the f32 it computes with.
//!
//! The weights are most of the model's bytes and most of what it adds to the page's download,
//! and f32 compresses poorly. `nickara convert` stores them in the NNEF tar as:
//! - a convolution's or matrix product's weights (rank ≥ 2, at least [`QUANTIZED_FROM`]
//!   values: all but the first convolution's and the last layer's): int8, with one f32 scale
//!   per output channel in a companion tensor `<label>.scales` ([`SCALES`]) whose shape
//!   broadcasts against the weights;
//! - every other float tensor (biases, small constants): f16.
//!
//! Loading multiplies the int8 weights by their scales and widens the f16 ones, so tract sees
//! the f32 network the ONNX describes, with weights rounded (tests/bench/README.md, levers:
//! the answers on MNIST and on real strokes are those of the f32 weights within 0.05 points).

use std::collections::HashMap;

use tract_nnef::internal::*;

/// The suffix of the label holding a quantized tensor's scales.
pub const SCALES: &str = ".scales";

/// Tensors with fewer values stay f16: they are a few kilobytes, and rounding them to int8 moved
/// the probabilities more than rounding all the large ones (6.8e-3 against 4.2e-3 at most on
/// MNIST digits, tests/model.rs).
pub const QUANTIZED_FROM: usize = 4096;

/// The tensor as `convert` stores it, and its scales when it is stored as int8.
#[cfg(all(feature = "convert", not(target_arch = "wasm32")))]
pub fn compact(tensor: &Tensor) -> TractResult<(Tensor, Option<Tensor>)> {
    let values = tensor.to_plain_array_view::<f32>()?;
    if values.iter().any(|v| !v.is_finite()) {
        bail!("weights must be finite numbers, found NaN or infinity");
    }
    if tensor.rank() < 2 || tensor.len() < QUANTIZED_FROM {
        let half = tensor.cast_to::<f16>()?.into_owned();
        // Beyond ±65504 a weight would become infinite: a network trained so is refused here
        // rather than answering NaN in the browser.
        if half
            .to_plain_array_view::<f16>()?
            .iter()
            .any(|v| !v.is_finite())
        {
            bail!("weights outside f16's range (±65504)");
        }
        return Ok((half, None));
    }
    let axis = output_channels(tensor.shape());
    let mut scale_shape = vec![1; tensor.rank()];
    scale_shape[axis] = tensor.shape()[axis];
    // Symmetric, so that zero stays exactly zero; a channel of zeros keeps scale 1.
    let scales: Vec<f32> = values
        .axis_iter(tract_ndarray::Axis(axis))
        .map(|channel| channel.iter().fold(0f32, |m, v| m.max(v.abs())) / 127.0)
        .map(|scale| if scale > 0.0 { scale } else { 1.0 })
        .collect();
    let mut quantized = tract_ndarray::ArrayD::<i8>::zeros(tensor.shape());
    for ((mut q, w), scale) in quantized
        .axis_iter_mut(tract_ndarray::Axis(axis))
        .zip(values.axis_iter(tract_ndarray::Axis(axis)))
        .zip(&scales)
    {
        q.zip_mut_with(&w, |q, w| {
            *q = (w / scale).round().clamp(-127.0, 127.0) as i8
        });
    }
    Ok((
        quantized.into_tensor(),
        Some(Tensor::from_shape(&scale_shape, &scales)?),
    ))
}

/// The axis of a weight tensor's output channels as tract's NNEF writer lays them out: the
/// first for a convolution (OIHW), the last for a matrix product's right-hand side, whose
/// leading axes are 1.
#[cfg(all(feature = "convert", not(target_arch = "wasm32")))]
fn output_channels(shape: &[usize]) -> usize {
    if shape[0] > 1 {
        0
    } else {
        shape.len() - 1
    }
}

/// Every stored weight back in f32: int8 tensors times their scales (which leave the map),
/// f16 tensors widened.
pub fn widen(tensors: &mut HashMap<Identifier, Arc<Tensor>>) -> TractResult<()> {
    let scaled: Vec<(Identifier, Identifier)> = tensors
        .keys()
        .filter_map(|scale_label| {
            let label = scale_label.0.strip_suffix(SCALES)?;
            Some((scale_label.clone(), Identifier(label.to_string())))
        })
        .collect();
    for (scale_label, label) in scaled {
        let scales = tensors.remove(&scale_label).unwrap();
        let Some(quantized) = tensors.get(&label) else {
            bail!("scales {:?} belong to no tensor", scale_label.0);
        };
        if quantized.datum_type() != i8::datum_type() {
            bail!(
                "{:?} has scales but is {:?}, not int8",
                label.0,
                quantized.datum_type()
            );
        }
        let scales = scales.cast_to::<f32>()?;
        let scales = scales.to_plain_array_view::<f32>()?;
        let values = quantized
            .cast_to::<f32>()?
            .into_owned()
            .into_plain_array::<f32>()?;
        let Some(scales) = scales.broadcast(values.shape()) else {
            bail!(
                "the scales of {:?} have shape {:?}, which does not fit its shape {:?}",
                label.0,
                scales.shape(),
                values.shape()
            );
        };
        let widened = values * scales;
        tensors.insert(label, widened.into_tensor().into_arc_tensor());
    }
    for (label, tensor) in tensors.iter_mut() {
        match tensor.datum_type() {
            DatumType::F16 => *tensor = tensor.cast_to::<f32>()?.into_owned().into_arc_tensor(),
            DatumType::I8 => bail!(
                "{:?} is int8 without its scales ({}{SCALES})",
                label.0,
                label.0
            ),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(entries: Vec<(&str, Tensor)>) -> HashMap<Identifier, Arc<Tensor>> {
        entries
            .into_iter()
            .map(|(label, t)| (Identifier(label.to_string()), t.into_arc_tensor()))
            .collect()
    }

    fn values(tensor: &Tensor) -> Vec<f32> {
        tensor
            .to_plain_array_view::<f32>()
            .unwrap()
            .iter()
            .copied()
            .collect()
    }

    #[test]
    fn scaled_int8_and_f16_tensors_are_widened_and_the_scales_dropped() {
        let weights = tensor2(&[[1i8, -2], [127, 0]]);
        let scales = tensor2(&[[0.5f32], [0.25]]);
        let bias = tensor1(&[f16::from_f32(1.5)]);
        let indices = tensor1(&[3i64]);
        let mut tensors = map(vec![
            ("w", weights),
            ("w.scales", scales),
            ("b", bias),
            ("i", indices.clone()),
        ]);
        widen(&mut tensors).unwrap();
        assert_eq!(tensors.len(), 3);
        assert_eq!(
            values(&tensors[&Identifier::from("w")]),
            [0.5, -1.0, 31.75, 0.0]
        );
        assert_eq!(tensors[&Identifier::from("w")].shape(), [2, 2]);
        assert_eq!(values(&tensors[&Identifier::from("b")]), [1.5]);
        assert_eq!(*tensors[&Identifier::from("i")], indices);
    }

    #[test]
    fn malformed_stored_weights_are_errors_not_panics() {
        let cases = [
            (vec![("w", tensor1(&[1i8]))], "without its scales"),
            (vec![("w.scales", tensor1(&[1f32]))], "belong to no tensor"),
            (
                vec![("w", tensor1(&[1f32])), ("w.scales", tensor1(&[1f32]))],
                "not int8",
            ),
            (
                vec![
                    ("w", tensor1(&[1i8, 2, 3])),
                    ("w.scales", tensor1(&[1f32, 2.0])),
                ],
                "does not fit",
            ),
        ];
        for (entries, expected) in cases {
            let error = widen(&mut map(entries)).unwrap_err();
            assert!(format!("{error:#}").contains(expected), "{error:#}");
        }
    }

    #[cfg(all(feature = "convert", not(target_arch = "wasm32")))]
    #[test]
    fn compacted_weights_widen_to_within_half_a_step_of_each_channel() {
        // Two output channels of very different ranges, as a convolution's OIHW weights.
        let original: Vec<f32> = (0..2 * 256 * 3 * 3)
            .map(|i| {
                if i < 2304 {
                    (i as f32 - 70.0) * 1e-5
                } else {
                    (i as f32).sin() * 4.0
                }
            })
            .collect();
        let tensor = Tensor::from_shape(&[2, 256, 3, 3], &original).unwrap();
        let (stored, scales) = compact(&tensor).unwrap();
        assert_eq!(stored.datum_type(), i8::datum_type());
        let scales = scales.unwrap();
        assert_eq!(scales.shape(), [2, 1, 1, 1]);
        let steps = values(&scales);
        let mut tensors = map(vec![("w", stored), ("w.scales", scales)]);
        widen(&mut tensors).unwrap();
        let widened = values(&tensors[&Identifier::from("w")]);
        for (i, (w, o)) in widened.iter().zip(&original).enumerate() {
            assert!(
                (w - o).abs() <= steps[i / 2304] / 2.0 + 1e-7,
                "{i}: {o} → {w}"
            );
        }
        assert_eq!(widened[70], 0.0, "zero stays zero");
    }

    #[cfg(all(feature = "convert", not(target_arch = "wasm32")))]
    #[test]
    fn a_matrix_product_is_scaled_per_output_column_and_small_tensors_stay_f16() {
        let tensor = Tensor::from_shape(&[1, 1, 512, 10], &[0.25f32; 5120]).unwrap();
        let (_, scales) = compact(&tensor).unwrap();
        assert_eq!(scales.unwrap().shape(), [1, 1, 1, 10]);
        let small = Tensor::from_shape(&[1, 1, 128, 10], &[0.25f32; 1280]).unwrap();
        assert_eq!(compact(&small).unwrap().0.datum_type(), f16::datum_type());
        let (bias, scales) = compact(&tensor1(&[0.5f32, -1.25, 3.0e-3])).unwrap();
        assert_eq!(bias.datum_type(), f16::datum_type());
        assert!(scales.is_none());
    }

    #[cfg(all(feature = "convert", not(target_arch = "wasm32")))]
    #[test]
    fn weights_that_cannot_be_stored_are_refused() {
        let too_large = compact(&tensor1(&[1.0f32, 1.0e5])).unwrap_err();
        assert!(
            format!("{too_large:#}").contains("outside f16's range"),
            "{too_large:#}"
        );
        let mut nan = vec![0.5f32; 512];
        nan[7] = f32::NAN;
        let nan = compact(&Tensor::from_shape(&[2, 256], &nan).unwrap()).unwrap_err();
        assert!(format!("{nan:#}").contains("finite"), "{nan:#}");
    }
}
