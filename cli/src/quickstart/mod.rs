//! `smtpprovider quickstart`: the whole onboarding, step by step, through the SDK, against an
//! embedded sandbox (or the sandbox at `--base-url`). Every step prints what it did and checks
//! what it got, so the run doubles as an end-to-end check: exit code 0 means every step worked.

mod onboarding;

use std::time::Instant;

use clap::Args;
use smtpprovider_sandbox::{Sandbox, SandboxConfig};

use crate::failure::CliError;
use crate::sandbox_admin::SandboxAdmin;
use crate::session::GlobalArgs;

/// Options of `smtpprovider quickstart`.
#[derive(Args, Debug, Clone)]
pub struct QuickstartArgs {
    /// The domain to onboard (senders are added on it)
    #[arg(long, default_value = "example.com", value_name = "DOMAIN")]
    pub domain: String,

    /// How many subscribers the demo mailing list gets
    #[arg(long, default_value_t = 25, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub subscribers: u64,
}

/// Where the quickstart runs and as whom.
struct Target {
    base_url: String,
    email: String,
    password: String,
    /// Kept alive for the run when the quickstart started it; dropping it stops it.
    embedded: Option<Sandbox>,
}

fn target(global: &GlobalArgs) -> Result<Target, CliError> {
    if let Some(base_url) = &global.base_url {
        let (Some(email), Some(password)) = (&global.email, &global.password) else {
            return Err(CliError::Usage(
                "quickstart with --base-url needs --email and --password".into(),
            ));
        };
        return Ok(Target {
            base_url: base_url.clone(),
            email: email.clone(),
            password: password.clone(),
            embedded: None,
        });
    }
    let sandbox = Sandbox::start(SandboxConfig::default())
        .map_err(|e| CliError::Failed(format!("cannot start the embedded sandbox: {e}")))?;
    let demo = smtpprovider_sandbox::SeedUser::demo();
    Ok(Target {
        base_url: sandbox.base_url().to_owned(),
        email: demo.email,
        password: demo.password,
        embedded: Some(sandbox),
    })
}

/// Prints numbered steps and their details.
pub(crate) struct Steps {
    count: usize,
}

impl Steps {
    /// Prints the next step's headline.
    pub(crate) fn step(&mut self, headline: impl AsRef<str>) {
        self.count += 1;
        println!("[{:>2}] {}", self.count, headline.as_ref());
    }

    /// Prints a detail line under the current step.
    pub(crate) fn detail(&self, line: impl AsRef<str>) {
        println!("       {}", line.as_ref());
    }
}

/// Runs the quickstart.
pub async fn run(global: &GlobalArgs, args: &QuickstartArgs) -> Result<(), CliError> {
    let started = Instant::now();
    println!("smtpprovider quickstart: the whole onboarding, through the SDK, against a sandbox\n");
    let mut steps = Steps { count: 0 };
    let target = target(global)?;
    if target.embedded.is_some() {
        steps.step(format!(
            "Started an embedded sandbox at {}",
            target.base_url
        ));
    } else {
        steps.step(format!("Using the sandbox at {}", target.base_url));
    }
    let admin = SandboxAdmin::new(&target.base_url, &global.network()).map_err(CliError::Failed)?;
    let login = onboarding::Login {
        builder: global.builder(&target.base_url),
        email: &target.email,
        password: &target.password,
    };
    onboarding::walk(login, &admin, args, &mut steps).await?;
    println!(
        "\nDone: {} steps in {:.1} s. Every call above went through the smtpprovider SDK.",
        steps.count,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
