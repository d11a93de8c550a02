//! The command line: the built-in commands (clap derive) plus one subcommand per endpoint (built
//! from the table), and what each one runs.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use serde_json::{json, Value};
use smtpprovider::{ENDPOINTS, ENV_BASE_URL, ENV_TOKEN, ENV_USER_ID};

use crate::commands;
use crate::failure::CliError;
use crate::logging;
use crate::network::Network;
use crate::option_flags;
use crate::output;
use crate::quickstart::{self, QuickstartArgs};
use crate::sandbox_admin::SandboxAdmin;
use crate::scenario;
use crate::session::GlobalArgs;

/// The SMTPProvider API from a shell: every call as `smtpprovider RESOURCE CALL ARGS`, e.g.
/// `smtpprovider domains add example.com`. Sessions come from SMTPPROVIDER_BASE_URL,
/// SMTPPROVIDER_TOKEN and SMTPPROVIDER_USER_ID (see `login`) or from --email/--password.
#[derive(Parser, Debug)]
#[command(name = "smtpprovider", version)]
struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Builtin,
}

#[derive(Subcommand, Debug)]
enum Builtin {
    /// Log in and print the session as shell exports; nothing is written to disk.
    /// Use: eval "$(smtpprovider login --base-url URL --email EMAIL)" with SMTPPROVIDER_PASSWORD set
    Login,
    /// Walk through the whole onboarding, step by step, against an embedded sandbox (or the sandbox at --base-url)
    Quickstart(QuickstartArgs),
    /// List every API call with its HTTP method and path
    Endpoints,
    /// Run shared scenario files (tests/scenarios/*.json), each against a fresh sandbox
    Scenario(ScenarioArgs),
}

#[derive(Args, Debug)]
struct ScenarioArgs {
    /// Scenario files to run; with --base-url the sandbox there is reset before each
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

/// Parses `argv`, runs the command, reports any failure on stderr and returns the exit code.
pub async fn run(argv: Vec<OsString>) -> ExitCode {
    // Every client's `User-Agent`: `smtpprovider-cli/<version> (<os> <arch>)`.
    smtpprovider::identify_binding("cli", None);
    let command =
        option_flags::add_flags(Cli::command().subcommands(commands::resource_commands()));
    let matches = match command.try_get_matches_from(argv) {
        Ok(matches) => matches,
        Err(error) => {
            // Help and version go to stdout with code 0; usage errors to stderr with code 2.
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    let mut global = GlobalArgs::from_arg_matches(&matches).unwrap_or_default();
    logging::install(global.verbose);
    global.settings = match option_flags::settings(&matches) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("{}", error.render(global.json));
            return ExitCode::from(error.exit_code());
        }
    };
    match dispatch(&global, &matches).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}", error.render(global.json));
            ExitCode::from(error.exit_code())
        }
    }
}

async fn dispatch(global: &GlobalArgs, matches: &clap::ArgMatches) -> Result<(), CliError> {
    if let Some((resource, resource_matches)) = matches
        .subcommand()
        .filter(|(name, _)| commands::is_resource(name))
    {
        let (call, args) = commands::call_from_matches(resource, resource_matches)?;
        let client = global.client().await?;
        let result = client.call_json(call.id, &args).await;
        if global.include {
            // Before the result or the error, as curl's headers come before the body.
            if let Some(answer) = client.last_response() {
                eprint!("{}", output::answer(&answer, global.json));
            }
        }
        print_result(global, &result?);
        return Ok(());
    }
    let cli = Cli::from_arg_matches(matches).map_err(|e| CliError::Usage(e.to_string()))?;
    match &cli.command {
        Builtin::Login => login(global).await,
        Builtin::Quickstart(args) => quickstart::run(global, args).await,
        Builtin::Endpoints => {
            let rows: Vec<Value> = ENDPOINTS
                .iter()
                .map(|e| json!({"call": e.id, "method": e.method.as_str(), "path": e.path, "doc": e.doc.trim()}))
                .collect();
            print_result(global, &Value::Array(rows));
            Ok(())
        }
        Builtin::Scenario(args) => run_scenarios(global, &args.files).await,
    }
}

fn print_result(global: &GlobalArgs, result: &Value) {
    if global.json {
        println!(
            "{}",
            serde_json::to_string_pretty(result).unwrap_or_else(|_| result.to_string())
        );
    } else {
        print!("{}", output::human(result));
    }
}

/// Single-quotes `text` for a POSIX shell.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

async fn login(global: &GlobalArgs) -> Result<(), CliError> {
    let base_url = global.api_base_url()?;
    let client = global.login(&base_url).await?;
    let token = client
        .token()
        .map(|t| t.expose().to_owned())
        .unwrap_or_default();
    let user_id = client.user_id().unwrap_or_default();
    if global.json {
        let session = json!({"base_url": base_url, "token": token, "user_id": user_id, "user": client.user()});
        println!(
            "{}",
            serde_json::to_string_pretty(&session).unwrap_or_default()
        );
    } else {
        println!("export {ENV_BASE_URL}={}", shell_quote(&base_url));
        println!("export {ENV_TOKEN}={}", shell_quote(&token));
        println!("export {ENV_USER_ID}={user_id}");
        eprintln!(
            "# logged in as user {user_id}; eval these lines to use the session in this shell"
        );
    }
    Ok(())
}

async fn run_scenarios(global: &GlobalArgs, files: &[PathBuf]) -> Result<(), CliError> {
    let network = global.network();
    let mut failures = 0;
    for file in files {
        let outcome = match &global.base_url {
            Some(base_url) => run_on_shared_sandbox(base_url, file, &network).await,
            None => scenario::run_on_fresh_sandbox(file, &network).await,
        };
        match outcome {
            Ok(steps) => println!("ok    {} ({steps} steps)", file.display()),
            Err(failure) => {
                failures += 1;
                println!("FAIL  {failure}");
            }
        }
    }
    match failures {
        0 => Ok(()),
        n => Err(CliError::Failed(format!(
            "{n} of {} scenario files failed",
            files.len()
        ))),
    }
}

/// Resets the sandbox at `base_url`, then runs the file against it.
async fn run_on_shared_sandbox(
    base_url: &str,
    file: &std::path::Path,
    network: &Network,
) -> Result<usize, String> {
    let scenario = scenario::load(file)?;
    SandboxAdmin::new(base_url, network)?
        .post("/_sandbox/reset", &json!({}))
        .await?;
    scenario::run(&scenario, base_url, network)
        .await
        .map_err(|failure| format!("{}: {failure}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command()
            .subcommands(commands::resource_commands())
            .debug_assert();
    }

    #[test]
    fn shell_quoting_survives_quotes_and_pipes() {
        assert_eq!(shell_quote("1|a'b"), r"'1|a'\''b'");
    }
}
