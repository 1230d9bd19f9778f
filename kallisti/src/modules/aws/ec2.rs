//! `aws.ec2`: instances (stop, start, reboot, terminate, tag, count) and
//! their EBS volumes (detach one at random, re-attach what was detached).
//!
//! Instances are named by id, or selected with `az` and boto-style
//! `filters`; stop and terminate pick among running instances only. Spot
//! instances cannot be stopped: their request is cancelled and they are
//! terminated, as AWS requires.

use super::boto::{self, boto, boto_pages};
use super::client::{
    all_pages, dry_run, how_many, parse_filters, parse_tags, pick, Connection, OrFail,
};
use crate::action::StepContext;
use crate::action::{ActionArgs, ActionSet};
use crate::error::Error;
use aws_sdk_ec2::types::{Filter, Instance, Tag, VolumeState};
use aws_sdk_ec2::Client;
use serde::Deserialize;
use serde_json::{json, Value};
use std::time::Duration;

/// The tag kallisti (and the Chaos Toolkit) leaves on a volume it
/// detached, saying where to re-attach it: `DeviceName=..;InstanceId=..`.
const DETACHED_TAG: &str = "ChaosToolkitDetached";

/// The `aws.ec2` namespace, ready to register.
pub fn namespace() -> ActionSet {
    ActionSet::new(&kallisti_catalog::aws::ec2::EC2)
        .with_common::<Connection>()
        .action("attach_volume", attach_volume)
        .action("count_instances", count_instances)
        .action("count_min_instances", count_min_instances)
        .action("describe_instances", describe_instances)
        .action("detach_random_volume", detach_random_volume)
        .action("instance_state", instance_state)
        .action("remove_tags_from_instances", remove_tags_from_instances)
        .action("restart_instances", restart_instances)
        .action("set_tags_on_instances", set_tags_on_instances)
        .action("start_instances", start_instances)
        .action("stop_instance", stop_instance)
        .action("stop_instances", stop_instances)
        .action(
            "stop_instances_by_incremental_steps",
            stop_instances_by_incremental_steps,
        )
        .action("terminate_instance", terminate_instance)
        .action("terminate_instances", terminate_instances)
        .into()
}

async fn ec2(connection: &Connection, ctx: &StepContext) -> Result<Client, Error> {
    connection.client(ctx, Client::new).await
}

fn filters(argument: &str, given: &[Value]) -> Result<Vec<Filter>, Error> {
    Ok(parse_filters(argument, given)?
        .into_iter()
        .map(|(name, values)| {
            Filter::builder()
                .name(name)
                .set_values(Some(values))
                .build()
        })
        .collect())
}

fn filter(name: &str, value: &str) -> Filter {
    Filter::builder().name(name).values(value).build()
}

/// Every instance matching `filters` (all pages).
async fn list(ec2: &Client, filters: Vec<Filter>) -> Result<Vec<Instance>, Error> {
    Ok(all_pages!(
        ec2.describe_instances().set_filters(Some(filters)),
        set_next_token,
        next_token,
        "DescribeInstances",
        |page| page
            .reservations()
            .iter()
            .flat_map(|r| r.instances().iter().cloned())
    ))
}

/// The instances with these ids; an id AWS does not know is an error.
async fn by_ids(ec2: &Client, ids: &[String]) -> Result<Vec<Instance>, Error> {
    let page = ec2
        .describe_instances()
        .set_instance_ids(Some(ids.to_vec()))
        .send()
        .await
        .or_fail("DescribeInstances")?;
    Ok(page
        .reservations()
        .iter()
        .flat_map(|r| r.instances().iter().cloned())
        .collect())
}

fn id(instance: &Instance) -> String {
    instance.instance_id().unwrap_or_default().to_string()
}

fn state_name(instance: &Instance) -> &str {
    instance
        .state()
        .and_then(|s| s.name())
        .map(|n| n.as_str())
        .unwrap_or("unknown")
}

/// Instance ids, an availability zone and filters: how most actions
/// choose their instances.
#[derive(Debug, Deserialize)]
struct Selection {
    instance_ids: Option<Vec<String>>,
    az: Option<String>,
    filters: Option<Vec<Value>>,
}

impl Selection {
    fn check(&self, what: &str) -> Result<(), Error> {
        if let Some(f) = &self.filters {
            parse_filters("filters", f)?;
        }
        if matches!(&self.instance_ids, Some(ids) if ids.is_empty()) {
            return Err(Error::invalid_argument(
                "instance_ids",
                "is empty: give at least one id, or leave it out and select with `az`/`filters`",
            ));
        }
        if self.instance_ids.is_none() && self.az.is_none() && self.filters.is_none() {
            return Err(Error::invalid_argument(
                "instance_ids",
                format!("to {what} instances, give `instance_ids`, an `az`, or `filters`"),
            ));
        }
        Ok(())
    }

    /// The instances named, or those in `az` matching `filters` (and in
    /// `state`, when given).
    async fn instances(&self, ec2: &Client, state: Option<&str>) -> Result<Vec<Instance>, Error> {
        if let Some(ids) = &self.instance_ids {
            return by_ids(ec2, ids).await;
        }
        let mut all = filters("filters", self.filters.as_deref().unwrap_or_default())?;
        if let Some(az) = &self.az {
            all.push(filter("availability-zone", az));
        }
        if let Some(state) = state {
            all.push(filter("instance-state-name", state));
        }
        let found = list(ec2, all).await?;
        if found.is_empty() {
            return Err(Error::failed_action(format!(
                "no {}instance{}{}",
                state.map(|s| format!("{s} ")).unwrap_or_default(),
                self.az
                    .as_ref()
                    .map(|az| format!(" in availability zone `{az}`"))
                    .unwrap_or_default(),
                if self.filters.is_some() {
                    " matches the filters"
                } else {
                    ""
                }
            )));
        }
        Ok(found)
    }
}

#[derive(Debug, Deserialize)]
struct SelectArgs {
    #[serde(flatten)]
    selection: Selection,
    /// Declared by only some of the actions these arguments serve.
    force: Option<bool>,
}

impl ActionArgs for SelectArgs {
    fn check(&self) -> Result<(), Error> {
        self.selection.check("change")
    }
}

/// Stops instances: `stop_instances` for on-demand ones; spot instances
/// have their request cancelled and are terminated.
async fn stop(
    ec2: &Client,
    ctx: &StepContext,
    instances: &[Instance],
    force: bool,
) -> Result<Value, Error> {
    let ids: Vec<String> = instances.iter().map(id).collect();
    if let Some(report) = dry_run(ctx, format!("stop instances {ids:?}"), json!(ids)) {
        return Ok(report);
    }
    let (spot, normal): (Vec<&Instance>, Vec<&Instance>) = instances
        .iter()
        .partition(|i| i.instance_lifecycle().map(|l| l.as_str()) == Some("spot"));
    let mut responses = Vec::new();
    if !normal.is_empty() {
        let ids: Vec<String> = normal.iter().map(|i| id(i)).collect();
        let (_, response) = boto!(
            boto::ec2,
            "StopInstances",
            ec2.stop_instances()
                .set_instance_ids(Some(ids.clone()))
                .force(force)
        );
        ctx.log(format!("stopping instances {ids:?}"));
        responses.push(response);
    }
    if !spot.is_empty() {
        let requests: Vec<String> = spot
            .iter()
            .filter_map(|i| i.spot_instance_request_id().map(str::to_string))
            .collect();
        if !requests.is_empty() {
            ec2.cancel_spot_instance_requests()
                .set_spot_instance_request_ids(Some(requests))
                .send()
                .await
                .or_fail("CancelSpotInstanceRequests")?;
        }
        let ids: Vec<String> = spot.iter().map(|i| id(i)).collect();
        responses.push(terminate_ids(ec2, ctx, ids).await?);
    }
    Ok(Value::Array(responses))
}

async fn terminate_ids(ec2: &Client, ctx: &StepContext, ids: Vec<String>) -> Result<Value, Error> {
    let (_, response) = boto!(
        boto::ec2,
        "TerminateInstances",
        ec2.terminate_instances().set_instance_ids(Some(ids.clone()))
    );
    ctx.log(format!("terminating instances {ids:?}"));
    Ok(response)
}

async fn terminate(
    ec2: &Client,
    ctx: &StepContext,
    instances: &[Instance],
) -> Result<Value, Error> {
    let ids: Vec<String> = instances.iter().map(id).collect();
    if let Some(report) = dry_run(ctx, format!("terminate instances {ids:?}"), json!(ids)) {
        return Ok(report);
    }
    Ok(json!([terminate_ids(ec2, ctx, ids).await?]))
}

/// One instance by id, or a random running one of the selection.
#[derive(Debug, Deserialize)]
struct OneArgs {
    instance_id: Option<String>,
    az: Option<String>,
    filters: Option<Vec<Value>>,
    /// Declared by only some of the actions these arguments serve.
    force: Option<bool>,
}

impl ActionArgs for OneArgs {
    fn check(&self) -> Result<(), Error> {
        self.selection().check("pick")
    }
}

impl OneArgs {
    fn selection(&self) -> Selection {
        Selection {
            instance_ids: self.instance_id.clone().map(|i| vec![i]),
            az: self.az.clone(),
            filters: self.filters.clone(),
        }
    }

    async fn pick(&self, ec2: &Client, ctx: &StepContext) -> Result<Vec<Instance>, Error> {
        // A named instance is taken in whatever state it is.
        let state = self.instance_id.is_none().then_some("running");
        let found = self.selection().instances(ec2, state).await?;
        let chosen = pick(ctx, found, 1);
        ctx.log(format!("picked instance {}", id(&chosen[0])));
        Ok(chosen)
    }
}

async fn stop_instance(args: OneArgs, aws: Connection, ctx: StepContext) -> Result<Value, Error> {
    let ec2 = ec2(&aws, &ctx).await?;
    let chosen = args.pick(&ec2, &ctx).await?;
    stop(&ec2, &ctx, &chosen, args.force == Some(true)).await
}

async fn terminate_instance(
    args: OneArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let ec2 = ec2(&aws, &ctx).await?;
    let chosen = args.pick(&ec2, &ctx).await?;
    terminate(&ec2, &ctx, &chosen).await
}

async fn stop_instances(
    args: SelectArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let ec2 = ec2(&aws, &ctx).await?;
    let found = args.selection.instances(&ec2, Some("running")).await?;
    stop(&ec2, &ctx, &found, args.force == Some(true)).await
}

async fn terminate_instances(
    args: SelectArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let ec2 = ec2(&aws, &ctx).await?;
    let found = args.selection.instances(&ec2, Some("running")).await?;
    terminate(&ec2, &ctx, &found).await
}

async fn start_instances(
    args: SelectArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let ec2 = ec2(&aws, &ctx).await?;
    let found = args.selection.instances(&ec2, Some("stopped")).await?;
    let ids: Vec<String> = found.iter().map(id).collect();
    if let Some(report) = dry_run(&ctx, format!("start instances {ids:?}"), json!(ids)) {
        return Ok(report);
    }
    let (_, response) = boto!(
        boto::ec2,
        "StartInstances",
        ec2.start_instances().set_instance_ids(Some(ids.clone()))
    );
    ctx.log(format!("starting instances {ids:?}"));
    // The driver joins the calls' state changes into one list.
    Ok(response["StartingInstances"].clone())
}

async fn restart_instances(
    args: SelectArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let ec2 = ec2(&aws, &ctx).await?;
    let found = args.selection.instances(&ec2, Some("running")).await?;
    let ids: Vec<String> = found.iter().map(id).collect();
    if let Some(report) = dry_run(&ctx, format!("reboot instances {ids:?}"), json!(ids)) {
        return Ok(report);
    }
    ec2.reboot_instances()
        .set_instance_ids(Some(ids.clone()))
        .send()
        .await
        .or_fail("RebootInstances")?;
    ctx.log(format!("rebooting instances {ids:?}"));
    // EC2 answers a reboot with nothing to report, so the driver returns [].
    Ok(json!([]))
}

#[derive(Debug, Deserialize)]
struct FilterArgs {
    filters: Vec<Value>,
    /// Declared by only some of the actions these arguments serve.
    min_count: Option<i64>,
}

impl ActionArgs for FilterArgs {
    fn check(&self) -> Result<(), Error> {
        parse_filters("filters", &self.filters).map(|_| ())
    }
}

/// Counts instances, not reservations (one `RunInstances` call is one
/// reservation however many instances it launched).
async fn count_instances(
    args: FilterArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<usize, Error> {
    let ec2 = ec2(&aws, &ctx).await?;
    Ok(list(&ec2, filters("filters", &args.filters)?).await?.len())
}

async fn count_min_instances(
    args: FilterArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<bool, Error> {
    let min = args.min_count.unwrap_or_default();
    let count = count_instances(args, aws, ctx).await?;
    Ok(count as i64 >= min)
}

async fn describe_instances(
    args: FilterArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let ec2 = ec2(&aws, &ctx).await?;
    let wanted = filters("filters", &args.filters)?;
    // Every page, where the driver reads the first only.
    let (_, response) = boto_pages!(
        boto::ec2,
        "DescribeInstances",
        ec2.describe_instances().set_filters(Some(wanted)),
        set_next_token,
        next_token,
        "NextToken"
    );
    Ok(response)
}

#[derive(Debug, Deserialize)]
struct StateArgs {
    state: String,
    #[serde(flatten)]
    selection: Selection,
}

impl ActionArgs for StateArgs {
    fn check(&self) -> Result<(), Error> {
        self.selection.check("check")
    }
}

/// Checks every matching instance, in every reservation.
async fn instance_state(args: StateArgs, aws: Connection, ctx: StepContext) -> Result<bool, Error> {
    let ec2 = ec2(&aws, &ctx).await?;
    let found = args.selection.instances(&ec2, None).await?;
    let off: Vec<String> = found
        .iter()
        .filter(|i| state_name(i) != args.state)
        .map(|i| format!("{} is {}", id(i), state_name(i)))
        .collect();
    if !off.is_empty() {
        ctx.log(format!("not {}: {}", args.state, off.join(", ")));
    }
    Ok(off.is_empty())
}

#[derive(Debug, Deserialize)]
struct VolumeArgs {
    instance_ids: Option<Vec<String>>,
    filters: Option<Vec<Value>>,
    /// Declared by only some of the actions these arguments serve.
    force: Option<bool>,
}

impl ActionArgs for VolumeArgs {
    fn check(&self) -> Result<(), Error> {
        self.selection().check("change the volumes of")
    }
}

impl VolumeArgs {
    fn selection(&self) -> Selection {
        Selection {
            instance_ids: self.instance_ids.clone(),
            az: None,
            filters: self.filters.clone(),
        }
    }
}

async fn detach_random_volume(
    args: VolumeArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let ec2 = ec2(&aws, &ctx).await?;
    let found = args.selection().instances(&ec2, None).await?;
    let members: Vec<(Instance, Option<String>)> = found.into_iter().map(|i| (i, None)).collect();
    detach_one_volume_each(&ec2, &ctx, &members, args.force != Some(false)).await
}

/// A volume to detach: (instance, device, volume, Auto Scaling group).
type Target = (String, String, String, Option<String>);

/// One random non-root EBS volume of each instance that has one.
fn one_volume_each(ctx: &StepContext, instances: &[(Instance, Option<String>)]) -> Vec<Target> {
    let mut chosen = Vec::new();
    for (instance, group) in instances {
        let root = instance.root_device_name().unwrap_or_default();
        let volumes: Vec<(String, String)> = instance
            .block_device_mappings()
            .iter()
            .filter(|b| b.device_name() != Some(root))
            .filter_map(|b| {
                Some((
                    b.device_name()?.to_string(),
                    b.ebs()?.volume_id()?.to_string(),
                ))
            })
            .collect();
        if let Some((device, volume)) = pick(ctx, volumes, 1).pop() {
            chosen.push((id(instance), device, volume, group.clone()));
        }
    }
    chosen
}

/// Detaches one random non-root EBS volume of each instance, tagging each
/// so it can be re-attached where it was (and, for an instance of an Auto
/// Scaling group, naming the group).
pub(crate) async fn detach_one_volume_each(
    ec2: &Client,
    ctx: &StepContext,
    instances: &[(Instance, Option<String>)],
    force: bool,
) -> Result<Value, Error> {
    let chosen = one_volume_each(ctx, instances);
    if chosen.is_empty() {
        // As the driver: instances without a data volume leave nothing to
        // detach, which is no failure.
        ctx.log("none of the instances has a non-root EBS volume to detach");
        return Ok(json!([]));
    }
    let targets: Vec<Value> = chosen
        .iter()
        .map(|(i, d, v, _)| json!({"InstanceId": i, "Device": d, "VolumeId": v}))
        .collect();
    if let Some(report) = dry_run(
        ctx,
        "detach one volume of each instance".into(),
        json!(targets),
    ) {
        return Ok(report);
    }
    let mut responses = Vec::new();
    for (instance, device, volume, group) in chosen {
        let place = Detached {
            volume: volume.clone(),
            device: device.clone(),
            instance: instance.clone(),
            group,
        };
        ec2.create_tags()
            .resources(&volume)
            .tags(Tag::builder().key(DETACHED_TAG).value(place.tag()).build())
            .send()
            .await
            .or_fail("CreateTags")?;
        let (_, response) = boto!(
            boto::ec2,
            "DetachVolume",
            ec2.detach_volume()
                .volume_id(&volume)
                .instance_id(&instance)
                .device(&device)
                .force(force)
        );
        ctx.log(format!(
            "detached volume {volume} ({device}) from {instance}"
        ));
        responses.push(response);
    }
    Ok(Value::Array(responses))
}

async fn attach_volume(
    args: VolumeArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let ec2 = ec2(&aws, &ctx).await?;
    let instances: Vec<String> = args
        .selection()
        .instances(&ec2, None)
        .await?
        .iter()
        .map(id)
        .collect();
    reattach(&ec2, &ctx, &|d| instances.contains(&d.instance)).await
}

/// Where a detached volume goes back, as its `ChaosToolkitDetached` tag
/// says: `DeviceName=..;InstanceId=..`, then `;ASG=..` when an Auto
/// Scaling group's step detached it (the form both drivers read).
pub(crate) struct Detached {
    pub(crate) volume: String,
    pub(crate) device: String,
    pub(crate) instance: String,
    pub(crate) group: Option<String>,
}

impl Detached {
    fn tag(&self) -> String {
        let mut tag = format!("DeviceName={};InstanceId={}", self.device, self.instance);
        if let Some(group) = &self.group {
            tag.push_str(&format!(";ASG={group}"));
        }
        tag
    }

    fn parse(volume: &str, tag: &str) -> Option<Detached> {
        let (mut device, mut instance, mut group) = (None, None, None);
        for part in tag.split(';') {
            match part.split_once('=') {
                Some(("DeviceName", d)) => device = Some(d.to_string()),
                Some(("InstanceId", i)) => instance = Some(i.to_string()),
                Some(("ASG", g)) => group = Some(g.to_string()),
                _ => {}
            }
        }
        Some(Detached {
            volume: volume.to_string(),
            device: device?,
            instance: instance?,
            group,
        })
    }
}

/// The volumes tagged as detached that are free to attach again.
async fn detached_volumes(ec2: &Client, ctx: &StepContext) -> Result<Vec<Detached>, Error> {
    let volumes = all_pages!(
        ec2.describe_volumes()
            .filters(filter("tag-key", DETACHED_TAG)),
        set_next_token,
        next_token,
        "DescribeVolumes",
        |page| page.volumes().iter().cloned()
    );
    let mut found = Vec::new();
    for volume in volumes {
        let id = volume.volume_id().unwrap_or_default();
        // The tag stays once a volume is back, as the driver leaves it; a
        // volume in use is back already, and attaching it again would fail.
        if volume.state() != Some(&VolumeState::Available) {
            ctx.log(format!("volume {id} is attached already: left as it is"));
            continue;
        }
        let tag = volume
            .tags()
            .iter()
            .find(|t| t.key() == Some(DETACHED_TAG))
            .and_then(|t| t.value());
        found.extend(tag.and_then(|tag| Detached::parse(id, tag)));
    }
    Ok(found)
}

/// Re-attaches the detached volumes `wanted` accepts, where they were.
pub(crate) async fn reattach(
    ec2: &Client,
    ctx: &StepContext,
    wanted: &(dyn Fn(&Detached) -> bool + Sync),
) -> Result<Value, Error> {
    let plan: Vec<Detached> = detached_volumes(ec2, ctx)
        .await?
        .into_iter()
        .filter(|d| wanted(d))
        .collect();
    let targets: Vec<Value> = plan
        .iter()
        .map(|d| json!({"VolumeId": d.volume, "InstanceId": d.instance, "Device": d.device}))
        .collect();
    if let Some(report) = dry_run(ctx, "re-attach detached volumes".into(), json!(targets)) {
        return Ok(report);
    }
    let mut responses = Vec::new();
    for d in plan {
        let (_, response) = boto!(
            boto::ec2,
            "AttachVolume",
            ec2.attach_volume()
                .volume_id(&d.volume)
                .instance_id(&d.instance)
                .device(&d.device)
        );
        ctx.log(format!(
            "attached volume {} to {} as {}",
            d.volume, d.instance, d.device
        ));
        responses.push(response);
    }
    Ok(Value::Array(responses))
}

fn sdk_tags(pairs: &[(String, String)]) -> Vec<Tag> {
    pairs
        .iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build())
        .collect()
}

#[derive(Debug, Deserialize)]
struct SetTagsArgs {
    tags: Value,
    percentage: i64,
    az: Option<String>,
    filters: Option<Vec<Value>>,
}

impl ActionArgs for SetTagsArgs {
    fn check(&self) -> Result<(), Error> {
        parse_tags("tags", &self.tags)?;
        if let Some(f) = &self.filters {
            parse_filters("filters", f)?;
        }
        if !(1..=100).contains(&self.percentage) {
            return Err(Error::invalid_argument(
                "percentage",
                format!("must be between 1 and 100, not {}", self.percentage),
            ));
        }
        Ok(())
    }
}

async fn set_tags_on_instances(
    args: SetTagsArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let ec2 = ec2(&aws, &ctx).await?;
    let selection = Selection {
        instance_ids: None,
        az: args.az.clone(),
        filters: Some(args.filters.clone().unwrap_or_default()),
    };
    // Every state: a stopped instance is tagged too, as the driver does.
    let found = selection.instances(&ec2, None).await?;
    let n = how_many(found.len(), None, Some(args.percentage));
    let ids: Vec<String> = pick(&ctx, found, n).iter().map(id).collect();
    let tags = parse_tags("tags", &args.tags)?;
    if let Some(report) = dry_run(
        &ctx,
        format!("tag instances {ids:?} with {tags:?}"),
        json!(ids),
    ) {
        return Ok(report);
    }
    let (_, response) = boto!(
        boto::ec2,
        "CreateTags",
        ec2.create_tags()
            .set_resources(Some(ids.clone()))
            .set_tags(Some(sdk_tags(&tags)))
    );
    ctx.log(format!("tagged instances {ids:?}"));
    Ok(response)
}

#[derive(Debug, Deserialize)]
struct RemoveTagsArgs {
    tags: Value,
    az: Option<String>,
}

impl ActionArgs for RemoveTagsArgs {
    fn check(&self) -> Result<(), Error> {
        parse_tags("tags", &self.tags).map(|_| ())
    }
}

async fn remove_tags_from_instances(
    args: RemoveTagsArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let ec2 = ec2(&aws, &ctx).await?;
    let tags = parse_tags("tags", &args.tags)?;
    let mut wanted: Vec<Filter> = tags
        .iter()
        .map(|(k, v)| filter(&format!("tag:{k}"), v))
        .collect();
    if let Some(az) = &args.az {
        wanted.push(filter("availability-zone", az));
    }
    let ids: Vec<String> = list(&ec2, wanted).await?.iter().map(id).collect();
    if ids.is_empty() {
        return Err(Error::failed_action(format!(
            "no instance carries the tags {tags:?}"
        )));
    }
    if let Some(report) = dry_run(
        &ctx,
        format!("remove {tags:?} from instances {ids:?}"),
        json!(ids),
    ) {
        return Ok(report);
    }
    let (_, response) = boto!(
        boto::ec2,
        "DeleteTags",
        ec2.delete_tags()
            .set_resources(Some(ids.clone()))
            .set_tags(Some(sdk_tags(&tags)))
    );
    ctx.log(format!("removed tags from instances {ids:?}"));
    Ok(response)
}

#[derive(Debug, Deserialize)]
struct StepsArgs {
    volume: i64,
    step_quantity: i64,
    step_duration: i64,
    az: Option<String>,
    tags: Option<Value>,
    force: bool,
}

impl ActionArgs for StepsArgs {
    fn check(&self) -> Result<(), Error> {
        if !(1..=100).contains(&self.volume) {
            return Err(Error::invalid_argument(
                "volume",
                format!("is a percentage between 1 and 100, not {}", self.volume),
            ));
        }
        if self.step_quantity < 1 {
            return Err(Error::invalid_argument(
                "step_quantity",
                format!("must be 1 or more, not {}", self.step_quantity),
            ));
        }
        if self.step_duration < 0 {
            return Err(Error::invalid_argument(
                "step_duration",
                format!("must be 0 or more seconds, not {}", self.step_duration),
            ));
        }
        if let Some(tags) = &self.tags {
            parse_tags("tags", tags)?;
        }
        Ok(())
    }
}

async fn stop_instances_by_incremental_steps(
    args: StepsArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let ec2 = ec2(&aws, &ctx).await?;
    let mut wanted = vec![filter("instance-state-name", "running")];
    if let Some(az) = &args.az {
        wanted.push(filter("availability-zone", az));
    }
    if let Some(tags) = &args.tags {
        for (k, v) in parse_tags("tags", tags)? {
            wanted.push(filter(&format!("tag:{k}"), &v));
        }
    }
    let found = list(&ec2, wanted).await?;
    if found.is_empty() {
        return Err(Error::failed_action(
            "no running instance matches `az` and `tags`",
        ));
    }
    let total = how_many(found.len(), None, Some(args.volume));
    let chosen = pick(&ctx, found, total);
    let batches: Vec<&[Instance]> = chosen.chunks(args.step_quantity as usize).collect();
    if ctx.dry_run() {
        let plan: Vec<Vec<String>> = batches.iter().map(|b| b.iter().map(id).collect()).collect();
        return Ok(dry_run(
            &ctx,
            format!("stop instances in steps {plan:?}"),
            json!(plan),
        )
        .unwrap_or_default());
    }
    let mut responses = Vec::new();
    for (i, batch) in batches.iter().enumerate() {
        if i > 0 {
            tokio::time::sleep(Duration::from_secs(args.step_duration as u64)).await;
        }
        if let Value::Array(out) = stop(&ec2, &ctx, batch, args.force).await? {
            responses.extend(out);
        }
    }
    Ok(Value::Array(responses))
}
