//! IAM (the `awsQuery` protocol): roles and the policies attached to them.

use super::wire::{dispatch, tag, wrap, Call, Operation, Reply};
use super::{State, ACCOUNT};

/// An IAM role of the fake.
#[derive(Debug, Clone)]
pub(crate) struct FakeRole {
    pub(crate) name: String,
    pub(crate) policies: Vec<String>,
}

impl FakeRole {
    pub(crate) fn new(name: &str) -> Self {
        FakeRole {
            name: name.into(),
            policies: Vec::new(),
        }
    }
}

/// An IAM policy of the fake.
#[derive(Debug, Clone)]
pub(crate) struct FakePolicy {
    name: String,
    path: String,
}

impl FakePolicy {
    fn arn(&self) -> String {
        format!("arn:aws:iam::{ACCOUNT}:policy{}{}", self.path, self.name)
    }
}

const IAM: &str = "https://iam.amazonaws.com/doc/2010-05-08/";

fn policy_xml(p: &FakePolicy) -> String {
    wrap(
        "Policy",
        tag("PolicyName", &p.name)
            + &tag("PolicyId", format!("ANPA{}", p.name.len()))
            + &tag("Arn", p.arn())
            + &tag("Path", &p.path)
            + &tag("DefaultVersionId", "v1")
            + &tag("AttachmentCount", 0),
    )
}

const OPERATIONS: &[Operation] = &[
    ("GetRole", get_role),
    ("AttachRolePolicy", |s, c| change_role_policy(s, c, true)),
    ("DetachRolePolicy", |s, c| change_role_policy(s, c, false)),
    ("CreatePolicy", create_policy),
    ("GetPolicy", get_policy),
];

pub(super) fn iam(state: &mut State, call: &Call) -> Reply {
    dispatch(OPERATIONS, &call.operation, state, call, |op| {
        Reply::query_error(
            400,
            "InvalidAction",
            &format!("Could not find operation {op}"),
        )
    })
}

fn no_role(call: &Call) -> Reply {
    let name = call.param("RoleName").unwrap_or_default();
    Reply::query_error(
        404,
        "NoSuchEntity",
        &format!("The role with name {name} cannot be found."),
    )
}

fn get_role(state: &mut State, call: &Call) -> Reply {
    let name = call.param("RoleName").unwrap_or_default();
    let Some(r) = state.roles.iter().find(|r| r.name == name) else {
        return no_role(call);
    };
    Reply::query(
        IAM,
        &call.operation,
        wrap(
            "Role",
            tag("Path", "/")
                + &tag("RoleName", &r.name)
                + &tag("RoleId", "AROAKALLISTI")
                + &tag("Arn", format!("arn:aws:iam::{ACCOUNT}:role/{}", r.name))
                + &tag("CreateDate", "2024-01-01T00:00:00Z"),
        ),
    )
}

/// Attaches (`attach`) or detaches an AWS-managed policy or one created
/// through the fake.
fn change_role_policy(state: &mut State, call: &Call, attach: bool) -> Reply {
    let arn = call.param("PolicyArn").unwrap_or_default().to_string();
    if !arn.starts_with("arn:aws:iam::aws:policy/")
        && !state.policies.iter().any(|p| p.arn() == arn)
    {
        return Reply::query_error(
            404,
            "NoSuchEntity",
            &format!("Policy {arn} does not exist or is not attachable."),
        );
    }
    let name = call.param("RoleName").unwrap_or_default();
    let Some(role) = state.roles.iter_mut().find(|r| r.name == name) else {
        return no_role(call);
    };
    if attach {
        if !role.policies.contains(&arn) {
            role.policies.push(arn);
        }
    } else if role.policies.contains(&arn) {
        role.policies.retain(|p| *p != arn);
    } else {
        return Reply::query_error(404, "NoSuchEntity", &format!("Policy {arn} was not found."));
    }
    Reply::query(IAM, &call.operation, String::new())
}

fn create_policy(state: &mut State, call: &Call) -> Reply {
    let policy = FakePolicy {
        name: call.param("PolicyName").unwrap_or_default().to_string(),
        path: call.param("Path").unwrap_or("/").to_string(),
    };
    if state.policies.iter().any(|p| p.arn() == policy.arn()) {
        return Reply::query_error(
            409,
            "EntityAlreadyExists",
            &format!("A policy called {} already exists.", policy.name),
        );
    }
    let body = policy_xml(&policy);
    state.policies.push(policy);
    Reply::query(IAM, &call.operation, body)
}

fn get_policy(state: &mut State, call: &Call) -> Reply {
    let arn = call.param("PolicyArn").unwrap_or_default();
    match state.policies.iter().find(|p| p.arn() == arn) {
        Some(p) => Reply::query(IAM, &call.operation, policy_xml(p)),
        None => Reply::query_error(404, "NoSuchEntity", &format!("Policy {arn} was not found.")),
    }
}
