//! Finding orgs, spaces, apps, processes and instances by name, with
//! not-found and ambiguous names as `FailedAction`s that say what was
//! looked for.

use super::client::{describe_place, Cf, Connection};
use crate::action::ActionArgs;
use crate::error::Error;
use serde::Deserialize;
use serde_json::Value;

/// The arguments of every action on one app.
#[derive(Debug, Deserialize)]
pub(super) struct AppArgs {
    pub(super) app_name: String,
    #[serde(default)]
    pub(super) org_name: Option<String>,
    #[serde(default)]
    pub(super) space_name: Option<String>,
}

impl ActionArgs for AppArgs {}

impl AppArgs {
    /// Connects and finds the app.
    pub(super) async fn find<'a>(
        &self,
        connection: &Connection,
        ctx: &'a crate::action::StepContext,
    ) -> Result<(Cf<'a>, Value), Error> {
        let cf = connection.connect(ctx)?;
        let app = app(
            &cf,
            &self.app_name,
            self.org_name.as_deref(),
            self.space_name.as_deref(),
        )
        .await?;
        Ok((cf, app))
    }
}

/// The arguments of every action on a whole org.
#[derive(Debug, Deserialize)]
pub(super) struct OrgArgs {
    pub(super) org_name: String,
}

impl ActionArgs for OrgArgs {}

/// A path with its query, names percent-encoded.
pub(super) fn with_query(path: &str, params: &[(&str, &str)]) -> String {
    let encoded: Vec<String> = params
        .iter()
        .map(|(k, v)| {
            let v = crate::http::percent_encode(v);
            format!("{k}={v}")
        })
        .collect();
    if encoded.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", encoded.join("&"))
    }
}

/// A resource's `guid`.
pub(super) fn guid_of(resource: &Value) -> &str {
    resource["guid"].as_str().unwrap_or_default()
}

/// The org called `name`.
pub(super) async fn org(cf: &Cf<'_>, name: &str) -> Result<Value, Error> {
    let orgs = cf
        .list(&with_query("/v3/organizations", &[("names", name)]))
        .await?;
    orgs.into_iter()
        .next()
        .ok_or_else(|| Error::failed_action(format!("org `{name}` not found")))
}

/// Every app of the org called `name`.
pub(super) async fn apps_of_org(cf: &Cf<'_>, name: &str) -> Result<Vec<Value>, Error> {
    let org = org(cf, name).await?;
    let apps = cf
        .list(&with_query(
            "/v3/apps",
            &[("organization_guids", guid_of(&org)), ("order_by", "name")],
        ))
        .await?;
    let mut checked = std::collections::HashSet::new();
    for app in &apps {
        if checked.insert(space_guid(app).to_string()) {
            check_space(cf, app).await?;
        }
    }
    Ok(apps)
}

fn space_guid(app: &Value) -> &str {
    app["relationships"]["space"]["data"]["guid"]
        .as_str()
        .unwrap_or_default()
}

/// Refuses an app whose org and space the allow-list does not name. The
/// names are read from the API (not from the step's arguments), so an app
/// found by name alone is checked where it really lives.
async fn check_space(cf: &Cf<'_>, app: &Value) -> Result<(), Error> {
    let allow = cf.ctx().allow_list();
    if !allow.restricts_cf_spaces() {
        return Ok(());
    }
    let space = cf.get(&format!("/v3/spaces/{}", space_guid(app))).await?;
    let org_guid = space["relationships"]["organization"]["data"]["guid"]
        .as_str()
        .unwrap_or_default();
    let org = cf.get(&format!("/v3/organizations/{org_guid}")).await?;
    let source = format!("the space of app `{}`", app["name"].as_str().unwrap_or("?"));
    allow.check_cf_space(
        org["name"].as_str(),
        space["name"].as_str().unwrap_or_default(),
        &source,
    )
}

/// The app called `name`, in the org and space when given.
pub(super) async fn app(
    cf: &Cf<'_>,
    name: &str,
    org_name: Option<&str>,
    space_name: Option<&str>,
) -> Result<Value, Error> {
    let place = describe_place(org_name, space_name);
    let org_guid = match org_name {
        Some(o) => Some(guid_of(&org(cf, o).await?).to_string()),
        None => None,
    };
    let mut params = vec![("names", name)];
    let space_guids;
    if let Some(space) = space_name {
        let mut space_params = vec![("names", space)];
        if let Some(o) = &org_guid {
            space_params.push(("organization_guids", o.as_str()));
        }
        let spaces = cf.list(&with_query("/v3/spaces", &space_params)).await?;
        if spaces.is_empty() {
            return Err(Error::failed_action(format!(
                "space `{space}` not found{}",
                describe_place(org_name, None)
            )));
        }
        space_guids = spaces.iter().map(guid_of).collect::<Vec<_>>().join(",");
        params.push(("space_guids", &space_guids));
    }
    if let Some(o) = &org_guid {
        params.push(("organization_guids", o.as_str()));
    }
    let apps = cf.list(&with_query("/v3/apps", &params)).await?;
    match apps.len() {
        0 => Err(Error::failed_action(format!(
            "app `{name}` not found{place}"
        ))),
        1 => {
            let app = apps.into_iter().next().expect("one app");
            check_space(cf, &app).await?;
            Ok(app)
        }
        n => {
            let spaces: Vec<&str> = apps.iter().map(space_guid).collect();
            Err(Error::failed_action(format!(
                "app `{name}` is ambiguous: {n} apps{place} have that name (spaces {}); give org_name and space_name",
                spaces.join(", ")
            )))
        }
    }
}

/// The app's `web` process (else its first one).
pub(super) async fn web_process(cf: &Cf<'_>, app: &Value) -> Result<Value, Error> {
    let processes = cf
        .list(&format!("/v3/apps/{}/processes", guid_of(app)))
        .await?;
    processes
        .iter()
        .find(|p| p["type"] == "web")
        .or_else(|| processes.first())
        .cloned()
        .ok_or_else(|| {
            Error::failed_action(format!(
                "app `{}` has no process",
                app["name"].as_str().unwrap_or_default()
            ))
        })
}

/// The instances of a process (its stats: `index`, `state`, usage).
pub(super) async fn instances(cf: &Cf<'_>, process: &Value) -> Result<Vec<Value>, Error> {
    let stats = cf
        .get(&format!("/v3/processes/{}/stats", guid_of(process)))
        .await?;
    Ok(stats["resources"].as_array().cloned().unwrap_or_default())
}
