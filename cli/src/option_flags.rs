//! The SDK's client options as global flags, one per row of the core's option table
//! (`smtpprovider::OPTIONS`): `--max-retries 5`, `--rate-limit-window 10`, `--pace-requests false`.
//! Durations are seconds, as `--timeout`'s. The rows the CLI spells its own way are left to
//! `GlobalArgs`: `--base-url` (which also chooses the embedded sandbox), `--timeout`, `--proxy`
//! (with `SMTPPROVIDER_PROXY`) and `--ca-file` (a file, where the option takes PEM text).

use std::time::Duration;

use clap::{Arg, ArgMatches, Command};
use smtpprovider::{ClientSettings, OptionKind, OptionValue, OPTIONS};

use crate::failure::CliError;

/// The options `GlobalArgs` declares itself.
const OWN_FLAGS: [&str; 4] = ["base_url", "timeout", "proxy", "root_certificates"];

fn flag(name: &str) -> String {
    name.replace('_', "-")
}

/// `command` with a global flag per table option the CLI does not spell itself.
pub fn add_flags(mut command: Command) -> Command {
    for option in OPTIONS.iter().filter(|o| !OWN_FLAGS.contains(&o.name)) {
        let (value_name, parser): (&str, clap::builder::ValueParser) = match option.kind {
            OptionKind::Duration => ("SECONDS", clap::value_parser!(f64).into()),
            OptionKind::Count => ("N", clap::value_parser!(u32).into()),
            OptionKind::Bytes => ("BYTES", clap::value_parser!(u64).into()),
            OptionKind::Flag => ("BOOL", clap::value_parser!(bool)),
            _ => ("TEXT", clap::value_parser!(String)),
        };
        let help = format!("{} [SDK default: {}]", option.summary(), option.default);
        command = command.arg(
            Arg::new(option.name)
                .long(flag(option.name))
                .global(true)
                .value_name(value_name)
                .value_parser(parser)
                .help(help),
        );
    }
    command
}

/// The options given on the command line, as the core's settings.
pub fn settings(matches: &ArgMatches) -> Result<ClientSettings, CliError> {
    let mut settings = ClientSettings::default();
    for option in OPTIONS.iter().filter(|o| !OWN_FLAGS.contains(&o.name)) {
        let value = match option.kind {
            OptionKind::Duration => matches.get_one::<f64>(option.name).map(|seconds| {
                Duration::try_from_secs_f64(*seconds)
                    .map(OptionValue::Duration)
                    .map_err(|_| {
                        CliError::Usage(format!(
                            "--{} must be a non-negative number of seconds, not {seconds}",
                            flag(option.name)
                        ))
                    })
            }),
            OptionKind::Count => matches
                .get_one::<u32>(option.name)
                .map(|n| Ok(OptionValue::Count(*n))),
            OptionKind::Bytes => matches
                .get_one::<u64>(option.name)
                .map(|n| Ok(OptionValue::Bytes(*n))),
            OptionKind::Flag => matches
                .get_one::<bool>(option.name)
                .map(|b| Ok(OptionValue::Flag(*b))),
            _ => matches
                .get_one::<String>(option.name)
                .map(|text| Ok(OptionValue::Text(text.clone()))),
        };
        if let Some(value) = value {
            settings.set(option.name, value?)?;
        }
    }
    Ok(settings)
}
