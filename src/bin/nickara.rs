//! `nickara` — see `nickara --help`. All logic lives in the library (`nickara::cli`).

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    nickara::cli::main()
}

// The browser build is the library; the command line only exists natively.
#[cfg(target_arch = "wasm32")]
fn main() {}
