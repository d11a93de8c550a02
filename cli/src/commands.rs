//! The endpoint subcommands (`smtpprovider domains add example.com`), built from the table at run
//! time, and the turning of their command-line values into `call_json` arguments.

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde_json::{Map, Value};

use crate::failure::CliError;
use crate::table::{calls, ArgShape};
use smtpprovider::{EndpointInfo, RESOURCES};

/// Names of the flags every request-struct argument gets.
const FILE_FLAG: &str = "file";
const SET_FLAG: &str = "set";

/// One subcommand per resource, each with one subcommand per call. Names are the table's with
/// `-` for `_` (`mailing-lists`, `send-welcome`); the table's own spelling works as an alias.
pub fn resource_commands() -> Vec<Command> {
    RESOURCES
        .iter()
        .map(|resource| {
            named(resource.name)
                .about(resource.doc.trim())
                .subcommand_required(true)
                .subcommands(EndpointInfo::of_resource(resource.name).map(call_command))
        })
        .collect()
}

/// A command called by the table name with dashes, and by the table name itself.
fn named(table_name: &'static str) -> Command {
    let dashed = table_name.replace('_', "-");
    let command = Command::new(dashed.clone());
    if dashed == table_name {
        command
    } else {
        command.alias(table_name)
    }
}

/// Whether `name` is one of the resource subcommands (as clap reports it: the dashed name).
pub fn is_resource(name: &str) -> bool {
    RESOURCES
        .iter()
        .any(|resource| resource.name.replace('_', "-") == name)
}

fn call_command(call: &'static EndpointInfo) -> Command {
    let mut command = named(call.name).about(format!("{} [{}]", call.doc.trim(), call.id));
    for arg in call.args {
        command = command.args(clap_args(
            arg.name,
            ArgShape::of(arg.kind),
            arg.kind.as_str(),
        ));
    }
    command
}

fn clap_args(name: &'static str, shape: ArgShape, kind: &'static str) -> Vec<Arg> {
    let value_name = name.to_uppercase();
    match shape {
        ArgShape::Text => vec![Arg::new(name).value_name(value_name).required(true)],
        ArgShape::Id => vec![Arg::new(name)
            .value_name(value_name)
            .required(true)
            .value_parser(clap::value_parser!(u64).range(1..))],
        ArgShape::OptionalText => vec![Arg::new(name).long(name.replace('_', "-")).value_name(value_name)],
        ArgShape::Request => vec![
            Arg::new(FILE_FLAG)
                .long(FILE_FLAG)
                .value_name("FILE")
                .help(format!("The {kind} as a JSON object, from FILE (`-` reads stdin)")),
            Arg::new(SET_FLAG)
                .long(SET_FLAG)
                .value_name("FIELD=VALUE")
                .action(ArgAction::Append)
                .help(format!(
                    "Sets one {kind} field (dotted for nested ones: all_request.subject=Hi); \
                     VALUE is read as JSON when it parses, else as text; repeatable, applied over --file"
                )),
        ],
    }
}

/// The call a resource subcommand names, and its arguments as `call_json` takes them.
pub fn call_from_matches(
    resource: &str,
    matches: &ArgMatches,
) -> Result<(&'static EndpointInfo, Value), CliError> {
    let (name, call_matches) = matches
        .subcommand()
        .ok_or_else(|| CliError::Usage(format!("`{resource}` needs a subcommand")))?;
    let call = calls()
        .find(|c| c.resource.replace('_', "-") == resource && c.name.replace('_', "-") == name)
        .ok_or_else(|| CliError::Usage(format!("unknown command `{resource} {name}`")))?;
    let mut args = Map::new();
    for arg in call.args {
        let value = match ArgShape::of(arg.kind) {
            ArgShape::Text | ArgShape::OptionalText => call_matches
                .get_one::<String>(arg.name)
                .cloned()
                .map(Value::from),
            ArgShape::Id => call_matches
                .get_one::<u64>(arg.name)
                .copied()
                .map(Value::from),
            ArgShape::Request => Some(request_value(call_matches)?),
        };
        if let Some(value) = value {
            args.insert(arg.name.to_owned(), value);
        }
    }
    Ok((call, Value::Object(args)))
}

/// A request struct from `--file` (or `{}`) with every `--set` applied.
fn request_value(matches: &ArgMatches) -> Result<Value, CliError> {
    let mut value = match matches.get_one::<String>(FILE_FLAG) {
        Some(path) => read_json_file(path)?,
        None => Value::Object(Map::new()),
    };
    for assignment in matches.get_many::<String>(SET_FLAG).into_iter().flatten() {
        let (field, raw) = assignment.split_once('=').ok_or_else(|| {
            CliError::Usage(format!("--set {assignment:?}: expected FIELD=VALUE"))
        })?;
        // `3`, `true` and `{"a":1}` keep their JSON type; anything else is text.
        let parsed = serde_json::from_str(raw).unwrap_or_else(|_| Value::from(raw));
        set_path(&mut value, field, parsed)?;
    }
    Ok(value)
}

fn read_json_file(path: &str) -> Result<Value, CliError> {
    let text = if path == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(path)
    }
    .map_err(|e| CliError::Failed(format!("cannot read {path}: {e}")))?;
    serde_json::from_str(&text).map_err(|e| CliError::Usage(format!("{path} is not JSON: {e}")))
}

/// Sets `a.b.c` in `root`, creating objects on the way.
fn set_path(root: &mut Value, path: &str, value: Value) -> Result<(), CliError> {
    let mut node = root;
    let mut keys = path.split('.').peekable();
    while let Some(key) = keys.next() {
        if key.is_empty() {
            return Err(CliError::Usage(format!("--set {path:?}: empty field name")));
        }
        let Value::Object(map) = node else {
            return Err(CliError::Usage(format!(
                "--set {path:?}: {key:?} is inside a value that is not an object"
            )));
        };
        if keys.peek().is_none() {
            map.insert(key.to_owned(), value);
            return Ok(());
        }
        node = map
            .entry(key.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn parse(argv: &[&str]) -> Result<(&'static EndpointInfo, Value), CliError> {
        let command = Command::new("smtpprovider").subcommands(resource_commands());
        let matches = command
            .try_get_matches_from(argv)
            .map_err(|e| CliError::Usage(e.to_string()))?;
        let (resource, resource_matches) = matches.subcommand().unwrap();
        call_from_matches(resource, resource_matches)
    }

    #[test]
    fn positional_and_optional_arguments_become_json() {
        let (call, args) = parse(&["smtpprovider", "domains", "add", "example.com"]).unwrap();
        assert_eq!(
            (call.id, args),
            ("domains.add", json!({"domain_name": "example.com"}))
        );
        let (_, args) = parse(&["smtpprovider", "templates", "get", "3"]).unwrap();
        assert_eq!(args, json!({"id": 3}));
        let welcome = [
            "smtpprovider",
            "mail",
            "send-welcome",
            "a@b.co",
            "Shop",
            "--html-content",
            "<p>",
        ];
        assert_eq!(
            parse(&welcome).unwrap().1,
            json!({"to_email": "a@b.co", "shop_name": "Shop", "html_content": "<p>"})
        );
    }

    #[test]
    fn set_builds_nested_request_objects_with_json_values() {
        let argv = [
            "smtpprovider",
            "campaigns",
            "update",
            "7",
            "--set",
            "campaign_name=May",
            "--set",
            "all_request.speed=600",
            "--set",
            "all_request.from_email=news@example.com",
        ];
        let (_, args) = parse(&argv).unwrap();
        assert_eq!(
            args,
            json!({"id": 7, "changes": {"campaign_name": "May", "all_request": {"speed": 600, "from_email": "news@example.com"}}})
        );
    }

    #[test]
    fn bad_command_lines_are_usage_errors() {
        assert!(
            parse(&["smtpprovider", "templates", "get", "0"]).is_err(),
            "ids start at 1"
        );
        assert!(parse(&["smtpprovider", "templates", "get", "x"]).is_err());
        let bad_set = parse(&["smtpprovider", "templates", "add", "--set", "name"]);
        assert!(matches!(bad_set, Err(CliError::Usage(_))));
        let through_scalar = parse(&[
            "smtpprovider",
            "templates",
            "add",
            "--set",
            "name=a",
            "--set",
            "name.x=b",
        ]);
        assert!(matches!(through_scalar, Err(CliError::Usage(_))));
    }
}
