//! The `signoff` binary: parse, run, map the outcome to an exit code.
#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(signoff::main_with_args(std::env::args_os().collect()))
}
