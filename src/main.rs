//! The `whosaid` binary: all work is in the library's `cli` module.

fn main() -> std::process::ExitCode {
    whosaid::cli::main()
}
