//! The `signoff` binary: parse, run, map the outcome to an exit code.
#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    // `COMPLETE=bash signoff` prints the shell's registration script, and
    // the shell calls back here while completing (see `signoff::complete`).
    // Bash gets signoff's own registration, which keeps `name@v2` whole.
    let shells = clap_complete::env::Shells(&[
        &signoff::complete::Bash,
        &clap_complete::env::Elvish,
        &clap_complete::env::Fish,
        &clap_complete::env::Powershell,
        &clap_complete::env::Zsh,
    ]);
    clap_complete::CompleteEnv::with_factory(signoff::cli::command)
        .shells(shells)
        .complete();
    std::process::ExitCode::from(signoff::main_with_args(std::env::args_os().collect()))
}
