//! The command line: `timelanes [FILE]` opens the window, `timelanes check FILE` validates a
//! file without one.

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::app::ThemeChoice;
use crate::model::summary;
use crate::time::{Date, TimeRange};

/// Timelanes: who did what, and when, as swimlanes on a zoomable time axis.
#[derive(Debug, Parser)]
#[command(
    name = "timelanes",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// The dataset to open (default: the bundled example).
    pub file: Option<PathBuf>,

    /// Save a screenshot of the window as PNG once the dataset is drawn, then exit.
    #[arg(long, value_name = "OUT.png")]
    pub screenshot: Option<PathBuf>,

    /// Window size in points, like 1600x1000.
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub size: Option<[f32; 2]>,

    /// Light or dark (default: as last chosen, or following the system).
    #[arg(long)]
    pub theme: Option<ThemeArg>,

    /// Start of the initial view, any precision (2021, 2021-11, 2021-11-15); default: fit all.
    #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "to")]
    pub from: Option<Date>,

    /// End of the initial view (inclusive at its precision: --to 2022-02 shows all of February).
    #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "from")]
    pub to: Option<Date>,
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).map_err(|e| format!("{e}; {}", e.hint()))
}

impl Cli {
    /// The initial view asked for with --from and --to.
    pub fn initial_range(&self) -> Result<Option<TimeRange>, String> {
        match (self.from, self.to) {
            (Some(from), Some(to)) if to.latest() <= from.earliest() => {
                Err(format!("--to {to} is not after --from {from}"))
            }
            (Some(from), Some(to)) => Ok(Some(TimeRange::new(from.earliest(), to.latest()))),
            _ => Ok(None),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load and validate a dataset without a window; print its problems as FILE:LINE:COLUMN.
    ///
    /// Exits 0 when the file loads with no errors (warnings allowed), 1 when it has errors,
    /// 2 when it cannot be read.
    Check {
        /// The dataset to check.
        file: PathBuf,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ThemeArg {
    Light,
    Dark,
}

impl From<ThemeArg> for ThemeChoice {
    fn from(theme: ThemeArg) -> Self {
        match theme {
            ThemeArg::Light => Self::Light,
            ThemeArg::Dark => Self::Dark,
        }
    }
}

fn parse_size(text: &str) -> Result<[f32; 2], String> {
    let (w, h) = text.split_once(['x', 'X', '×']).ok_or_else(|| {
        format!("{text:?} is not a size; write it as WIDTHxHEIGHT, like 1600x1000")
    })?;
    let number = |s: &str| {
        s.trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (100..=16_384).contains(n))
            .map(|n| n as f32)
            .ok_or_else(|| format!("{s:?} is not a width or height between 100 and 16384"))
    };
    Ok([number(w)?, number(h)?])
}

/// `timelanes check FILE`: prints every problem and a summary; returns the exit code.
pub fn check(file: &Path, out: &mut dyn std::io::Write) -> i32 {
    let name = crate::io::display_name(file);
    let result = match crate::io::load_path(file) {
        Ok(loaded) => {
            for problem in &loaded.problems {
                let _ = writeln!(out, "{}", problem.display_in(&name));
            }
            let errors = loaded.problems.iter().any(|p| p.is_error());
            let _ = writeln!(
                out,
                "{name}: {} events, {} actors; {}",
                loaded.dataset.events.len(),
                loaded.dataset.actors.len(),
                summary(&loaded.problems)
            );
            if errors { 1 } else { 0 }
        }
        Err(error) => {
            let _ = writeln!(out, "{error}");
            let _ = writeln!(out, "{name}: could not be loaded; 1 error");
            error.exit_code()
        }
    };
    let _ = out.flush();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1600x1000"), Ok([1600.0, 1000.0]));
        assert_eq!(parse_size("800X600"), Ok([800.0, 600.0]));
        assert!(parse_size("1600").is_err());
        assert!(parse_size("0x100").is_err());
        assert!(parse_size("axb").is_err());
    }

    #[test]
    fn command_line_shapes() {
        let cli = Cli::try_parse_from(["timelanes", "check", "x.json"]).expect("valid");
        assert!(matches!(cli.command, Some(Command::Check { .. })));
        let cli = Cli::try_parse_from([
            "timelanes",
            "data.json",
            "--screenshot",
            "o.png",
            "--size",
            "800x600",
        ])
        .expect("valid");
        assert_eq!(cli.file, Some(PathBuf::from("data.json")));
        assert_eq!(cli.size, Some([800.0, 600.0]));
        assert!(Cli::try_parse_from(["timelanes", "--size", "big"]).is_err());
    }
}
