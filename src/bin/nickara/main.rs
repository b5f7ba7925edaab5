//! `nickara` — see `nickara --help`. The command line is native only, and its tools (the
//! converter, the evaluation) sit behind the crate's `cli` feature, not in the library.

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

// The browser build is the library; the command line only exists natively.
#[cfg(target_arch = "wasm32")]
fn main() {}
