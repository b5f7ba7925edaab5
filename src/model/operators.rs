//! The NNEF reader the library runs networks with: NNEF's standard operators that a Keras CNN
//! converts to, and nothing else.
//!
//! `tract_nnef::nnef()` also knows every tract-core operator (FFTs, scans, einsums, quantized
//! and recurrent ops ...), and what it can read stays in the wasm whether a network uses it or
//! not: this reader is 1.52 → 1.44 MB of gzipped wasm (tests/bench/README.md, levers). A network
//! with an operator outside the list is refused when it loads, naming the operator.

use tract_nnef::framework::{stdlib, Nnef};
use tract_nnef::internal::*;
use tract_nnef::ops::nnef::deser;
use tract_nnef::tract_core::ops::{math, nn};
use tract_nnef::ProtoModel;

/// NNEF primitives read, with tract-nnef's own readers.
const PRIMITIVES: [(&str, ToTract); 16] = [
    ("external", deser::external),
    ("variable", deser::variable),
    ("reshape", deser::reshape),
    ("transpose", deser::transpose),
    ("squeeze", deser::squeeze),
    ("unsqueeze", deser::unsqueeze),
    ("concat", deser::concat),
    ("slice", deser::slice),
    ("pad", deser::pad),
    ("matmul", deser::matmul),
    ("conv", deser::conv),
    ("max_pool_with_index", deser::max_pool_with_index),
    ("box", deser::sum_pool),
    ("sum_reduce", deser::reduce),
    ("max_reduce", deser::reduce),
    ("softmax", deser::softmax),
];

/// The reader: the primitives above, the element-wise arithmetic and activations of a CNN,
/// and NNEF's fragments built on them (`max_pool`, `avg_pool`, `relu`, `linear` ...).
pub fn reader() -> TractResult<Nnef> {
    let mut registry = Registry::new("tract_nnef");
    // Parsed once (it is part of the page's start-up): the declarations the primitives take,
    // the fragments, and the framework's own copy.
    let fragments = stdlib();
    for (id, read) in PRIMITIVES {
        let decl = &fragments
            .iter()
            .find(|f| f.decl.id.0 == id)
            .with_context(|| format!("{id} is not in NNEF's standard library"))?
            .decl;
        registry.register_primitive(id, &decl.parameters, &decl.results, read);
    }
    registry.register_binary("add", &math::Add {});
    registry.register_binary("sub", &math::Sub {});
    registry.register_binary("mul", &math::Mul {});
    registry.register_binary("div", &math::Div {});
    registry.register_binary("max", &math::Max {});
    registry.register_binary("min", &math::Min {});
    registry.register_unit_element_wise("exp", &math::Exp {});
    registry.register_unit_element_wise("tanh", &math::Tanh {});
    registry.register_unit_element_wise("sigmoid", &nn::Sigmoid {});
    for fragment in &fragments {
        if fragment.body.is_some() && !PRIMITIVES.iter().any(|(id, _)| *id == fragment.decl.id.0) {
            registry.register_fragment(fragment.clone());
        }
    }
    Ok(Nnef {
        stdlib: fragments,
        registries: vec![registry],
        resource_loaders: vec![GraphNnefLoader.into_boxed(), DatLoader.into_boxed()],
        allow_extended_identifier_syntax: false,
        extern_all_constants: false,
    })
}

/// tract's writer names its `tract_core` registry in every graph, for the graph's properties
/// (producer, versions: metadata, computed with `tract_core_cast`). Without them a graph of
/// standard operators needs nothing of tract-core's registry; an operator of it that a graph
/// does use is then refused by name.
pub fn without_properties(mut proto: ProtoModel) -> ProtoModel {
    proto
        .doc
        .fragments
        .retain(|f| f.decl.id.0 != "tract_core_properties");
    proto.doc.extension.retain(|(kind, registry)| {
        !(kind.0 == "tract_registry" && registry.trim() == "tract_core")
    });
    proto
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The graph `x -> y` as tract writes one (naming tract-core's registry), `x` of `shape`.
    fn read(shape: &str, body: &str) -> TractResult<TypedModel> {
        let graph = format!(
            "version 1.0;\nextension tract_registry tract_core;\n\
             graph g(x) -> (y) {{ x = external(shape = {shape}); {body} }}"
        );
        let proto = ProtoModel {
            doc: tract_nnef::ast::parse::parse_document(&graph)?,
            tensors: Default::default(),
            quantization: None,
            resources: Default::default(),
        };
        reader()?.model_for_proto_model(&without_properties(proto))
    }

    #[test]
    fn a_graph_of_standard_operators_and_fragments_loads() {
        let pooled = "p = max_pool(relu(x), size = [1, 1, 2, 2], stride = [1, 1, 2, 2], border = \"ignore\");";
        let model = read(
            "[1, 1, 4, 4]",
            &format!("{pooled} y = softmax(reshape(p, shape = [1, 4]), axes = [1]);"),
        )
        .unwrap();
        let out = model.output_fact(0).unwrap();
        assert_eq!(out.shape.as_concrete(), Some(&[1usize, 4][..]));
    }

    #[test]
    fn an_operator_outside_the_list_is_refused_by_name() {
        let error = read("[1, 4]", "y = tract_core_gelu(x);").unwrap_err();
        assert!(
            format!("{error:#}").contains("tract_core_gelu"),
            "{error:#}"
        );
    }
}
