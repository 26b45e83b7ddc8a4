//! The `signoff` binary: parse, run, map the outcome to an exit code.
#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    // `COMPLETE=bash signoff` prints the shell's registration script, and
    // the shell calls back here while completing (see `signoff::complete`).
    clap_complete::CompleteEnv::with_factory(<signoff::cli::Cli as clap::CommandFactory>::command)
        .complete();
    std::process::ExitCode::from(signoff::main_with_args(std::env::args_os().collect()))
}
