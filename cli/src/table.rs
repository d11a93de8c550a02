//! The CLI's view of the endpoint table: every call with its arguments, made by expanding
//! `smtpprovider::for_each_endpoint!`, so each endpoint gets a subcommand without one being
//! written by hand and none can drift from the SDK.

/// How an argument is given on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgShape {
    /// A required positional value (the table's `string`).
    Text,
    /// An optional `--flag VALUE` (`optional_string`).
    OptionalText,
    /// A required positional positive integer (`id`).
    Id,
    /// A request struct, given as `--file FILE` and/or `--set FIELD=VALUE`.
    Request,
}

/// One argument of a call.
#[derive(Debug)]
pub struct ArgSpec {
    /// The argument's name in the table, which is also its key for `call_json`.
    pub name: &'static str,
    /// How it is given.
    pub shape: ArgShape,
    /// The table's kind (`string`, `id`, `NewCampaign`, ...), shown in help.
    pub kind: &'static str,
}

/// One resource of the table and its calls.
#[derive(Debug)]
pub struct ResourceSpec {
    /// The resource, e.g. `domains`.
    pub name: &'static str,
    /// What the resource is for (its doc lines).
    pub doc: &'static str,
    /// Its calls, in the table's order.
    pub calls: &'static [CallSpec],
}

/// One call of the table.
#[derive(Debug)]
pub struct CallSpec {
    /// The resource, e.g. `domains`.
    pub resource: &'static str,
    /// The call within the resource, e.g. `add`.
    pub name: &'static str,
    /// The table id `resource.name`, as `call_json` takes it.
    pub id: &'static str,
    /// What the call does (its doc lines).
    pub doc: &'static str,
    /// Its arguments, in the table's order.
    pub args: &'static [ArgSpec],
}

macro_rules! arg_shape {
    (string) => {
        ArgShape::Text
    };
    (optional_string) => {
        ArgShape::OptionalText
    };
    (id) => {
        ArgShape::Id
    };
    ($request:ident) => {
        ArgShape::Request
    };
}

macro_rules! define_call_specs {
    (
        client { $($login:tt)* }
        $(
            $(#[doc = $rdoc:literal])*
            $resource:ident $Resource:ident {
                $(
                    $(#[doc = $doc:literal])+
                    fn $name:ident ( $( $arg:ident : $kind:ident $([$($check:tt)+])? => $wire:tt ),* ) -> $ret:ty { $($rest:tt)* }
                )*
            }
        )*
    ) => {
        /// Every resource of the table with its calls; `client.login` is left out (a
        /// constructor: see `smtpprovider login`).
        pub static RESOURCES: &[ResourceSpec] = &[
            $(
                ResourceSpec {
                    name: stringify!($resource),
                    doc: concat!($($rdoc),*),
                    calls: &[
                        $(
                            CallSpec {
                                resource: stringify!($resource),
                                name: stringify!($name),
                                id: concat!(stringify!($resource), ".", stringify!($name)),
                                doc: concat!($($doc),+),
                                args: &[$(
                                    ArgSpec { name: stringify!($arg), shape: arg_shape!($kind), kind: stringify!($kind) }
                                ),*],
                            },
                        )*
                    ],
                },
            )*
        ];
    };
}

smtpprovider::for_each_endpoint!(define_call_specs);

/// Every call of [`RESOURCES`].
pub fn calls() -> impl Iterator<Item = &'static CallSpec> {
    RESOURCES.iter().flat_map(|resource| resource.calls)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_endpoint_but_login_has_a_call() {
        let mut ids: Vec<&str> = calls().map(|c| c.id).collect();
        ids.push("client.login");
        ids.sort_unstable();
        let mut table: Vec<&str> = smtpprovider::ENDPOINTS.iter().map(|e| e.id).collect();
        table.sort_unstable();
        assert_eq!(ids, table);
    }

    #[test]
    fn argument_shapes_follow_the_table_kinds() {
        let find = |id: &str| calls().find(|c| c.id == id).unwrap();
        let add = find("domains.add");
        assert_eq!(
            (add.args[0].name, add.args[0].shape),
            ("domain_name", ArgShape::Text)
        );
        let update = find("templates.update");
        assert_eq!(
            update.args.iter().map(|a| a.shape).collect::<Vec<_>>(),
            [ArgShape::Id, ArgShape::Request]
        );
        assert_eq!(update.args[1].kind, "TemplateChanges");
        let welcome = find("mail.send_welcome");
        assert_eq!(welcome.args[2].shape, ArgShape::OptionalText);
        assert!(find("domains.list").args.is_empty());
    }
}
