//! The `timelanes` binary: parse the command line, then open the window or run a headless
//! command.

use std::process::ExitCode;

/// mimalloc rather than the system allocator: loading a million events makes millions of
/// short-lived allocations across threads, where it is measurably faster (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser as _;
use timelanes::app::{AppOptions, aliases_path, run};
use timelanes::cli::{Cli, Command, ConvertTo, check, convert, generate, list, render};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            // --help and --version are not failures; wrong arguments exit 2.
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    let code = match cli.command {
        Some(Command::Check { file, import }) => {
            let options = import.options(aliases_path(), &mut std::io::stderr());
            check(&file, &options, &mut std::io::stdout())
        }
        Some(Command::Convert {
            file,
            output,
            to,
            story,
            import,
        }) => {
            let options = import.options(aliases_path(), &mut std::io::stderr());
            convert(
                &file,
                &output,
                &ConvertTo { format: to, story },
                &options,
                &mut std::io::stdout(),
                &mut std::io::stderr(),
            )
        }
        Some(Command::Render(args)) => render(
            &args,
            aliases_path(),
            &mut std::io::stdout(),
            &mut std::io::stderr(),
        ),
        Some(Command::List(args)) => list(
            &args,
            aliases_path(),
            &mut std::io::stdout(),
            &mut std::io::stderr(),
        ),
        Some(Command::Generate {
            events,
            actors,
            seed,
            output,
        }) => generate(
            timelanes::synth::SynthOptions {
                events,
                actors,
                seed,
            },
            &output,
            &mut std::io::stdout(),
        ),
        None => {
            let initial_range = match cli.initial_range() {
                Ok(range) => range,
                Err(message) => {
                    eprintln!("timelanes: {message}");
                    return ExitCode::from(2);
                }
            };
            let options = AppOptions {
                initial_range,
                at: cli.at,
                story: cli
                    .story
                    .map(|name| (name, cli.step.map_or(0, |n| n as usize - 1))),
                no_native_dialogs: std::env::var_os("TIMELANES_NO_NATIVE_DIALOG").is_some(),
                settings_path: timelanes::app::Settings::default_path(),
                file: cli.file,
                screenshot: cli.screenshot,
                size: cli.size,
                theme: cli.theme.map(Into::into),
                ..AppOptions::default()
            };
            match run(options) {
                Ok(code) => code,
                Err(error) => {
                    eprintln!("timelanes: {error:#}");
                    1
                }
            }
        }
    };
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
