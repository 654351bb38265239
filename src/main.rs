//! The `whosaid` binary: argument parsing and the subcommands in `cli`,
//! over the library's public surface (the CLI is no part of the library).

mod cli;

// The README test helpers, shared with tests/it/ (see that file).
#[cfg(test)]
#[path = "../tests/it/readme_blocks.rs"]
mod readme_blocks;

fn main() -> std::process::ExitCode {
    cli::main()
}

/// The README's `sh` blocks show commands that are not run (they write
/// files or need other data); each must at least parse as a command line.
#[cfg(test)]
mod readme_commands {
    #![allow(clippy::unwrap_used)]

    use crate::readme_blocks::sh_commands;

    fn readme() -> String {
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
    }

    #[test]
    fn every_whosaid_command_in_sh_blocks_parses() {
        let cmds = sh_commands(&readme());
        assert!(cmds.len() >= 10, "only {} commands found", cmds.len());
        let bad: Vec<String> = cmds
            .iter()
            .filter_map(|(line, args)| {
                crate::cli::parses(args)
                    .err()
                    .map(|e| format!("README.md:{line}: whosaid {}: {e}", args.join(" ")))
            })
            .collect();
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }

    #[test]
    fn a_misspelt_option_in_an_sh_block_is_reported() {
        let cmds = sh_commands("```sh\nwhosaid extract --frmat csv a.txt > out.csv # no\n```\n");
        assert_eq!(cmds.len(), 1);
        assert!(crate::cli::parses(&cmds[0].1).is_err());
        assert!(crate::cli::parses(["extract", "-f", "csv", "a.txt"]).is_ok());
    }
}
