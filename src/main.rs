//! The `whosaid` binary: argument parsing and the subcommands in `cli`,
//! over the library's public surface (the CLI is no part of the library).

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
