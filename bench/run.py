#!/usr/bin/env python3
"""kallisti against Chaos Toolkit on the same work, side by side, as ratios.

Run from the repository root:  python3 bench/run.py [--runs N] [--skip-build-cost] [--proxy-only | --ctk-only]

It installs Chaos Toolkit and its Kubernetes driver from PyPI into a venv
under target/, builds kallisti in release mode, and measures:

  step overhead   a 200-step experiment of HTTP probes against one local
                  HTTP server, whole process (`kallisti run` vs `chaos run`);
  pod selection   `terminate_pods` (label selector, rand, qty 10) in a
                  namespace of 10,000 pods on the standalone fake server:
                  wall time and peak memory (RSS);
  probe loop      a `during` probe at full speed for 5 s, against a plain
                  reqwest loop on the same server (the ceiling);
  build cost      clean and incremental build of a small crate with one
                  #[chaos_test] using only `cm`;
  ChaosProxy      examples/bench_proxy.rs: kallisti::net's proxy against
                  direct loopback in the same run (round trips, throughput),
                  and its latency and bandwidth toxics against their settings;
  Chaos Toolkit   experiments of the corpus (tests/fixtures/chaostoolkit),
  experiments     unchanged, whole process: `kallisti run` vs `chaos run`
                  (the pinned chaostoolkit of scripts/test-tools ctk), each
                  run against a fresh demo service and fake cluster.

Each figure is the median of the runs. The tables are printed and written to
bench/RESULTS.md with the machine they ran on; the sections of RESULTS.md
written by hand stay as they are. --proxy-only runs the ChaosProxy benchmark
alone (no Chaos Toolkit needed) and rewrites only its section; --ctk-only runs
the Chaos Toolkit experiments alone and rewrites only theirs.
"""

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
VENV = ROOT / "target" / "bench-venv"
WORK = Path(tempfile.mkdtemp(prefix="kallisti-bench-"))


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


def measure(cmd, env=None, cwd=None, expect=0):
    """Runs cmd; returns (seconds, peak RSS in MiB, exit code). An exit code other than `expect` is an error."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != expect:
        err = proc.stderr.read().decode(errors="replace")[-2000:]
        raise RuntimeError(f"{cmd[0]} exited {code}: {err}")
    return elapsed, usage.ru_maxrss / 1024.0, code


def setup(proxy_only=False, ctk_only=False):
    if proxy_only:
        log("building the ChaosProxy benchmark (release)")
        subprocess.run(["cargo", "build", "-q", "--release", "--features", "net", "--example", "bench_proxy"], cwd=ROOT, check=True)
        return
    if not ctk_only and not (VENV / "bin" / "chaos").exists():
        log("installing chaostoolkit and chaostoolkit-kubernetes into target/bench-venv")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", "chaostoolkit", "chaostoolkit-kubernetes"], check=True)
    log("building kallisti (release)")
    subprocess.run(["cargo", "build", "-q", "--release", "-p", "kallisti", "--features", "k8s,cli,fake,chaostoolkit", "--bin", "kallisti"], cwd=ROOT, check=True)
    if ctk_only:
        subprocess.run(["cargo", "build", "-q", "--release", "--example", "demo_service"], cwd=ROOT, check=True)
        return
    # The examples' required features: `bench` for the probe loop, `net` for the proxy.
    subprocess.run(["cargo", "build", "-q", "--release", "--features", "bench,net", "--example", "bench_probe_loop",
                    "--example", "bench_proxy", "--example", "demo_service"], cwd=ROOT, check=True)


def chaos_cmd(experiment, journal):
    return [str(VENV / "bin" / "chaos"), "--no-version-check", "--log-file", str(WORK / "chaostoolkit.log"),
            "run", "--journal-path", str(journal), str(experiment)]


def ct_env(k8s_host=None):
    env = dict(os.environ)
    home = WORK / "home"
    home.mkdir(exist_ok=True)
    env["HOME"] = str(home)  # no ~/.kube/config: the driver reads KUBERNETES_HOST
    if k8s_host:
        env["KUBERNETES_HOST"] = k8s_host
        env["KUBERNETES_VERIFY_SSL"] = "false"
    return env


def step_overhead(runs):
    port = free_port()
    server = subprocess.Popen([str(TARGET / "release" / "examples" / "demo_service"), str(port)], stdout=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        url = f"http://127.0.0.1:{port}/health"
        ours = WORK / "steps.json"
        ours.write_text(json.dumps({"name": "200 probes", "steps": [
            {"step": f"probe {i}", "do": "cm.http_probe", "where": {"url": url}} for i in range(200)]}))
        theirs = WORK / "ct-steps.json"
        theirs.write_text(json.dumps({"title": "200 probes", "description": "step overhead", "method": [
            {"type": "probe", "name": f"probe-{i}", "provider": {"type": "http", "url": url}} for i in range(200)]}))
        k = [measure([str(TARGET / "release" / "kallisti"), "run", str(ours)])[0] for _ in range(runs)]
        c = [measure(chaos_cmd(theirs, WORK / "journal-steps.json"), env=ct_env())[0] for _ in range(runs)]
        return statistics.median(k), statistics.median(c)
    finally:
        server.terminate()
        server.wait()


def pod_selection(runs):
    results = {"kallisti": [], "chaostoolkit": []}
    for tool in ["kallisti", "chaostoolkit"] * runs:
        port = free_port()
        server = subprocess.Popen([str(TARGET / "release" / "kallisti"), "fake", "k8s", "--port", str(port), "--pods", "10000",
                                   "--namespace", "bench", "--labels", "app=bench"],
                                  stdout=subprocess.DEVNULL)
        try:
            wait_for_port(port)
            host = f"http://127.0.0.1:{port}"
            if tool == "kallisti":
                exp = WORK / "pods.json"
                exp.write_text(json.dumps({"name": "terminate 10 of 10,000", "steps": [
                    {"step": "terminate", "do": "k8s.terminate_pods",
                     "where": {"k8s_api_host": host, "ns": "bench", "label_selector": "app=bench", "rand": True, "qty": 10}}]}))
                results[tool].append(measure([str(TARGET / "release" / "kallisti"), "run", str(exp)], env=ct_env()))
            else:
                exp = WORK / "ct-pods.json"
                exp.write_text(json.dumps({"title": "terminate 10 of 10,000", "description": "pod selection", "method": [
                    {"type": "action", "name": "terminate", "provider": {"type": "python", "module": "chaosk8s.pod.actions",
                     "func": "terminate_pods", "arguments": {"label_selector": "app=bench", "ns": "bench", "rand": True, "qty": 10}}}]}))
                results[tool].append(measure(chaos_cmd(exp, WORK / "journal-pods.json"), env=ct_env(host)))
        finally:
            server.terminate()
            server.wait()
    med = lambda xs, i: statistics.median(x[i] for x in xs)
    return (med(results["kallisti"], 0), med(results["kallisti"], 1),
            med(results["chaostoolkit"], 0), med(results["chaostoolkit"], 1))


def probe_loop(runs):
    ratios, ours, ceilings = [], [], []
    for _ in range(runs):
        out = subprocess.run([str(TARGET / "release" / "examples" / "bench_probe_loop"), "5"], capture_output=True, check=True, text=True)
        line = json.loads(out.stdout.strip().splitlines()[-1])
        ratios.append(line["ratio"])
        ours.append(line["kallisti_probes_per_second"])
        ceilings.append(line["reqwest_requests_per_second"])
    return statistics.median(ours), statistics.median(ceilings), statistics.median(ratios)


CTK_HEADING = "## Chaos Toolkit experiments: kallisti run against chaos run"
CTK_CORPUS = ROOT / "tests" / "fixtures" / "chaostoolkit"
# Representative experiments of the corpus: HTTP and process probes as the
# steady state with a method and a rollback; the HTTP provider's variety; the
# Kubernetes driver's functions, which kallisti runs as its own actions.
CTK_EXPERIMENTS = ["http-process-baseline.json", "http-provider.json", "k8s-terminate-pods.yaml"]
# The cluster the Kubernetes experiment expects, beside the pods `kallisti fake` seeds.
CTK_SEED = [{"apiVersion": "apps/v1", "kind": "Deployment",
             "metadata": {"name": "web", "namespace": "shop", "labels": {"app": "web"}},
             "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
                      "template": {"metadata": {"labels": {"app": "web"}},
                                   "spec": {"containers": [{"name": "main", "image": "example/app:1"}]}}},
             "status": {"replicas": 3, "readyReplicas": 3, "availableReplicas": 3, "updatedReplicas": 3,
                        "unavailableReplicas": 0, "observedGeneration": 1}}]


def ctk_chaos():
    """The `chaos` command of the tests' pinned venv, set up by scripts/test-tools when missing."""
    out = subprocess.run(["bash", str(ROOT / "scripts" / "test-tools"), "ctk"], stdout=subprocess.PIPE, text=True, check=True)
    for line in out.stdout.splitlines():
        if line.startswith("chaos="):
            return line[len("chaos="):]
    raise RuntimeError("scripts/test-tools ctk named no chaos command (see above)")


class CtkWorld:
    """A fresh demo service and fake cluster for one run, and the environment the corpus reads
    (as tests/ctk sets it: see tests/fixtures/chaostoolkit/README.md)."""

    def __init__(self, directory):
        self.dir = directory
        self.procs = []

    def __enter__(self):
        shutil.rmtree(self.dir, ignore_errors=True)
        for sub in ["work", "home"]:
            (self.dir / sub).mkdir(parents=True)
        service, k8s, dead = free_port(), free_port(), free_port()
        seed = self.dir / "seed.json"
        seed.write_text(json.dumps(CTK_SEED))
        self.procs.append(subprocess.Popen([str(TARGET / "release" / "examples" / "demo_service"), str(service)],
                                           stdout=subprocess.DEVNULL))
        self.procs.append(subprocess.Popen([str(TARGET / "release" / "kallisti"), "fake", "k8s", "--port", str(k8s),
                                            "--pods", "3", "--namespace", "shop", "--labels", "app=web",
                                            "--seed", str(seed), "--kubeconfig", str(self.dir / "fake-kubeconfig")],
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_for_port(service)
        wait_for_port(k8s)
        kubeconfig = self.dir / "kubeconfig"
        kubeconfig.write_text(f"""apiVersion: v1
kind: Config
clusters:
- {{name: corpus, cluster: {{server: "http://127.0.0.1:{k8s}"}}}}
- {{name: elsewhere, cluster: {{server: "http://127.0.0.1:{dead}"}}}}
users: [{{name: corpus, user: {{token: corpus-token}}}}]
contexts:
- {{name: fake-cluster, context: {{cluster: corpus, user: corpus}}}}
- {{name: elsewhere, context: {{cluster: elsewhere, user: corpus}}}}
current-context: elsewhere
""")
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("CTK_", "KUBERNETES_", "CHAOSTOOLKIT_")) and k not in ("KUBECONFIG", "PYTHONPATH")}
        env.update({"CTK_BASE_URL": f"http://127.0.0.1:{service}", "CTK_DEAD_URL": f"http://127.0.0.1:{dead}",
                    "CTK_WORK_DIR": str(self.dir / "work"), "CTK_COUNT": "3", "CTK_ENABLED": "no",
                    "CTK_FLAGS": '{"canary": true, "zones": ["a", "b"]}', "CTK_TOKEN": "demo-access-token",
                    "CTK_SERVICE": "fortune", "KUBECONFIG": str(kubeconfig), "HOME": str(self.dir / "home"),
                    "PYTHONPATH": str(CTK_CORPUS), "NO_COLOR": "1"})
        self.env = env
        return self

    def __exit__(self, *exc):
        for proc in self.procs:
            proc.terminate()
            proc.wait()


def ctk_command(tool, chaos, experiment, directory):
    journal = directory / "journal.json"
    if tool == "kallisti":
        return [str(TARGET / "release" / "kallisti"), "run", str(CTK_CORPUS / experiment), "--journal-path", str(journal)]
    return [chaos, "--no-version-check", "--log-file", str(directory / "chaostoolkit.log"),
            "--settings", str(directory / "settings.yaml"), "run", "--journal-path", str(journal), str(CTK_CORPUS / experiment)]


def ctk_ending(directory, code):
    """How a run ended: exit code, status and deviated from its journal."""
    try:
        journal = json.loads((directory / "journal.json").read_text())
    except (OSError, ValueError):
        return code, None, None
    return code, journal.get("status"), journal.get("deviated")


def ctk(runs):
    """Median whole-process seconds of each tool per experiment. A first round, not timed, checks that both tools
    end the experiment alike (exit code, status, deviated): the benchmark times the same work or nothing."""
    chaos = ctk_chaos()
    rows = []
    for experiment in CTK_EXPERIMENTS:
        times, endings = {"kallisti": [], "chaos": []}, {}
        for i in range(runs + 1):
            for tool in ["kallisti", "chaos"]:
                directory = WORK / "ctk" / f"{experiment}-{tool}-{i}"
                with CtkWorld(directory) as world:
                    cmd = ctk_command(tool, chaos, experiment, directory)
                    if i == 0:
                        code = subprocess.run(cmd, env=world.env, cwd=directory, stdout=subprocess.DEVNULL,
                                              stderr=subprocess.DEVNULL).returncode
                        endings[tool] = ctk_ending(directory, code)
                    else:
                        times[tool].append(measure(cmd, env=world.env, cwd=directory, expect=endings[tool][0])[0])
            if i == 0 and endings["kallisti"] != endings["chaos"]:
                raise RuntimeError(f"{experiment}: kallisti run ends (exit, status, deviated) {endings['kallisti']}, "
                                   f"chaos run {endings['chaos']}: not the same work, nothing to compare "
                                   f"(tests/ctk shows how they differ)")
        rows.append((experiment, statistics.median(times["kallisti"]), statistics.median(times["chaos"]), endings["chaos"]))
    return rows


def ctk_section(rows, runs, command):
    header = "| experiment | ends | kallisti run | chaos run | ratio | target |\n|---|---|---|---|---|---|"
    lines = [f"| `{name}` | {status}{', deviated' if deviated else ''} (exit {code}) | {k:.3f} s | {c:.3f} s | {c / k:.1f}x | ≥ 10x |"
             for name, k, c, (code, status, deviated) in rows]
    table = header + "\n" + "\n".join(lines)
    return table, f"""{CTK_HEADING}

Produced by `{command}` on {time.strftime('%Y-%m-%d')}: experiments of `tests/fixtures/chaostoolkit`, unchanged, run
whole-process by `kallisti run` (release) and by `chaos run` (chaostoolkit 1.19.0 on chaostoolkit-lib 1.44.0, the venv
of `scripts/test-tools ctk`), each run against a fresh demo service and `kallisti fake k8s` cluster. Both tools write
their journal; a first round, not timed, checks that they end each experiment alike.

Machine: {machine()}.

Medians of {runs} runs.

{table}
"""


PROXY_HEADING = "## ChaosProxy against direct loopback"


def proxy(runs):
    """Runs examples/bench_proxy `runs` times; the median of each figure it prints."""
    results = []
    for i in range(runs):
        log(f"ChaosProxy run {i + 1} of {runs} (about 35 s)")
        out = subprocess.run([str(TARGET / "release" / "examples" / "bench_proxy")], capture_output=True, check=True, text=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    med = lambda key: statistics.median(r[key] for r in results)
    figures = {key: med(key) for key, value in results[0].items() if isinstance(value, (int, float)) and not isinstance(value, bool)}
    figures["bandwidth"] = [
        {"setting_kb_s": b["setting_kb_s"], "measured_kb_s": statistics.median(r["bandwidth"][i]["measured_kb_s"] for r in results)}
        for i, b in enumerate(results[0]["bandwidth"])]
    return figures


def proxy_rows(f):
    """The ChaosProxy table's rows from the medians; targets as in issue 20."""
    verdict = lambda ok: "PASS" if ok else "FAIL"
    latency_allowed = 100 * 0.05 + 2
    rows = [
        ("no toxic: 64 B round trip, median", f"{f['rtt_proxy_p50_us']:.0f} µs", f"{f['rtt_direct_p50_us']:.0f} µs",
         f"{f['rtt_proxy_p50_us'] - f['rtt_direct_p50_us']:+.0f} µs", "—", "—"),
        ("no toxic: 64 B round trip, p99 added", f"{f['rtt_proxy_p99_us']:.0f} µs", f"{f['rtt_direct_p99_us']:.0f} µs",
         f"{f['rtt_added_p99_us']:+.0f} µs", "≤ +200 µs", verdict(f["rtt_added_p99_us"] <= 200)),
    ]
    for way in ["download", "upload"]:
        ratio = f[f"{way}_ratio"]
        rows.append((f"no toxic: throughput, {way} (128 MiB)", f"{f[f'{way}_proxy_mb_s']:.0f} MB/s", f"{f[f'{way}_direct_mb_s']:.0f} MB/s",
                     f"{ratio * 100:.0f}%", "≥ 80%", verdict(ratio >= 0.8)))
    for label, key in [("median", "latency_added_p50_ms"), ("p99", "latency_added_p99_ms")]:
        error = f[key] - 100
        rows.append((f"latency toxic 100 ms: added delay, {label}", f"{f[key]:.2f} ms", f"direct {f['rtt_direct_p50_us']:.0f} µs",
                     f"{error:+.2f} ms", f"±{latency_allowed:.0f} ms", verdict(abs(error) <= latency_allowed)))
    for b in f["bandwidth"]:
        setting, measured = b["setting_kb_s"], b["measured_kb_s"]
        error = measured / setting - 1
        rows.append((f"bandwidth toxic {setting} KB/s: rate of {setting * 3 // 1000} MB downloads", f"{measured:.0f} KB/s",
                     f"setting {setting} KB/s", f"{error * 100:+.1f}%", "±10%", verdict(abs(error) <= 0.10)))
    return rows


def proxy_section(figures, runs, command):
    header = "| measure | ChaosProxy | peer | ratio or error | target | verdict |\n|---|---|---|---|---|---|"
    table = header + "\n" + "\n".join(f"| {' | '.join(r)} |" for r in proxy_rows(figures))
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return table, f"""{PROXY_HEADING}

Produced by `{command}` on {time.strftime('%Y-%m-%d')}, which runs `examples/bench_proxy.rs` (alone:
`cargo run --release --features net --example bench_proxy`).

Machine: {machine()}.
Load average when the runs ended: {load} (1, 5, 15 min).

Medians of {runs} runs. In each run the client and the dependency are the same tokio code on the 2-worker runtime a
chaos test gets; the peer is the same client talking to the same dependency straight over loopback, measured in the
same run (round trips: 20 blocks of 1000 per path, taking turns; throughput: 15 transfers per path, taking turns, the
ratio being the median of each round's ratio). For the toxics the peer is the setting: added delay is a round trip
through the proxy less the direct median.

{table}
"""


def write_results(head=None, sections=None):
    """Rewrites bench/RESULTS.md: the text before its first `## ` heading with `head` when given, and each section of
    `sections` ({heading line: text}) where it stands, or at the end when new. Sections written by hand stay."""
    path = ROOT / "bench" / "RESULTS.md"
    old = path.read_text() if path.exists() else ""
    parts = re.split(r"(?m)^(?=## )", old)
    out = [head if head is not None else parts[0]]
    sections = dict(sections or {})
    for text in parts[1:]:
        heading = text.splitlines()[0].strip()
        out.append(sections.pop(heading, text))
    out.extend(sections.values())
    path.write_text("\n".join(p.strip("\n") + "\n" for p in out if p.strip()))


def build_cost():
    crate = WORK / "small"
    (crate / "src").mkdir(parents=True)
    (crate / "tests").mkdir()
    (crate / "src" / "lib.rs").write_text("")
    (crate / "Cargo.toml").write_text(f"""[package]
name = "small-chaos"
version = "0.1.0"
edition = "2021"

[dev-dependencies]
kallisti = {{ path = "{ROOT / 'kallisti'}", default-features = false, features = ["cm", "macros"] }}
tokio = {{ version = "1", features = ["time"] }}

[workspace]
""")
    test = crate / "tests" / "resilience.rs"
    test.write_text("""use kallisti::chaos_test;

#[chaos_test(
    parameters(base_url = "http://127.0.0.1:9"),
    dry_run = true,
    before({step: "chaos", do: "cm.http_request", where: {url: "{{ base_url }}/chaos", method: "POST"}}),
    post({step: "restore", do: "cm.http_request", where: {url: "{{ base_url }}/chaos", method: "DELETE"}}),
)]
async fn survives() {
    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
}
""")
    shutil.copy(ROOT / "Cargo.lock", crate / "Cargo.lock")
    env = dict(os.environ)
    env["CARGO_TARGET_DIR"] = str(crate / "target")
    subprocess.run(["cargo", "fetch", "-q"], cwd=crate, env=env, check=True)
    clean = measure(["cargo", "build", "-q", "--tests"], env=env, cwd=crate)[0]
    with open(test, "a") as f:
        f.write("// touched\n")
    incremental = measure(["cargo", "build", "-q", "--tests"], env=env, cwd=crate)[0]
    return clean, incremental


def machine():
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), {rustc}, Python {platform.python_version()}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median reported)")
    parser.add_argument("--skip-build-cost", action="store_true", help="skip the clean build of the small crate")
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--proxy-only", action="store_true",
                      help="only the ChaosProxy benchmark; rewrites only its section of RESULTS.md")
    only.add_argument("--ctk-only", action="store_true",
                      help="only the Chaos Toolkit experiments; rewrites only their section of RESULTS.md")
    args = parser.parse_args()
    command = "python3 bench/run.py " + " ".join(sys.argv[1:])
    setup(proxy_only=args.proxy_only, ctk_only=args.ctk_only)
    if args.ctk_only:
        table, section = ctk_section(ctk(args.runs), args.runs, command.strip())
        print(table)
        write_results(sections={CTK_HEADING: section})
        shutil.rmtree(WORK, ignore_errors=True)
        return
    if args.proxy_only:
        table, section = proxy_section(proxy(args.runs), args.runs, command.strip())
        print(table)
        write_results(sections={PROXY_HEADING: section})
        shutil.rmtree(WORK, ignore_errors=True)
        return
    log("step overhead")
    k_steps, c_steps = step_overhead(args.runs)
    log("pod selection")
    k_pods, k_rss, c_pods, c_rss = pod_selection(args.runs)
    log("probe loop")
    ours, ceiling, ratio = probe_loop(args.runs)
    clean = incremental = None
    if not args.skip_build_cost:
        log("build cost")
        clean, incremental = build_cost()
    log("Chaos Toolkit experiments")
    ctk_table, ctk_text = ctk_section(ctk(args.runs), args.runs, command.strip())
    log("ChaosProxy")
    proxy_table, proxy_text = proxy_section(proxy(args.runs), args.runs, command.strip())
    rows = [
        ("step overhead: 200 HTTP probes, whole process", f"{k_steps:.3f} s", f"{c_steps:.3f} s", f"{c_steps / k_steps:.1f}x", "≥ 10x"),
        ("pod selection: terminate 10 of 10,000 pods, wall time", f"{k_pods:.3f} s", f"{c_pods:.3f} s", f"{c_pods / k_pods:.1f}x", "≥ 5x"),
        ("pod selection: peak memory (RSS)", f"{k_rss:.0f} MiB", f"{c_rss:.0f} MiB", f"{k_rss / c_rss:.2f} of CT", "≤ 0.25"),
        ("probe loop: `during` probes/s vs plain reqwest loop", f"{ours:.0f}/s", f"ceiling {ceiling:.0f}/s", f"{ratio * 100:.0f}% of ceiling", "≥ 90%"),
    ]
    if clean is not None:
        rows.append(("build: small crate, one #[chaos_test], cm only: clean", f"{clean:.1f} s", "—", "", "≤ 60 s"))
        rows.append(("build: the same, incremental (test touched)", f"{incremental:.1f} s", "—", "", "≤ 5 s"))
    header = "| measure | kallisti | Chaos Toolkit | ratio | target |\n|---|---|---|---|---|"
    table = header + "\n" + "\n".join(f"| {' | '.join(r)} |" for r in rows)
    print(table)
    print(ctk_table)
    print(proxy_table)
    write_results(head=f"""# Benchmark results

Produced by `{command.strip()}` on {time.strftime('%Y-%m-%d')}.

Machine: {machine()}.

Medians of {args.runs} runs (probe loop: runs of 5 s; builds: one run). Ratios
compare the two tools on the same work in the same run; absolute times depend on the machine.

{table}
""", sections={CTK_HEADING: ctk_text, PROXY_HEADING: proxy_text})
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
