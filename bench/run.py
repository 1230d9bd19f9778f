#!/usr/bin/env python3
"""kallisti against Chaos Toolkit on the same work, side by side, as ratios.

Run from the repository root:  python3 bench/run.py [--runs N] [--quick]

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
                  #[chaos_test] using only `cm`.

Each figure is the median of the runs. The table is printed and written to
bench/RESULTS.md with the machine it ran on.
"""

import argparse
import json
import os
import platform
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


def measure(cmd, env=None, cwd=None):
    """Runs cmd; returns (seconds, peak RSS in MiB, exit code)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        err = proc.stderr.read().decode(errors="replace")[-2000:]
        raise RuntimeError(f"{cmd[0]} exited {code}: {err}")
    return elapsed, usage.ru_maxrss / 1024.0, code


def setup():
    if not (VENV / "bin" / "chaos").exists():
        log("installing chaostoolkit and chaostoolkit-kubernetes into target/bench-venv")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", "chaostoolkit", "chaostoolkit-kubernetes"], check=True)
    log("building kallisti (release)")
    subprocess.run(["cargo", "build", "-q", "--release", "-p", "kallisti", "--features", "k8s,cli,fake", "--bin", "kallisti"], cwd=ROOT, check=True)
    subprocess.run(["cargo", "build", "-q", "--release", "--example", "bench_probe_loop",
                    "--example", "demo_service"], cwd=ROOT, check=True)


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
    args = parser.parse_args()
    setup()
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
    (ROOT / "bench" / "RESULTS.md").write_text(f"""# Benchmark results

Produced by `python3 bench/run.py --runs {args.runs}` on {time.strftime('%Y-%m-%d')}.

Machine: {machine()}.

Medians of {args.runs} runs (probe loop: runs of 5 s; builds: one run). Ratios
compare the two tools on the same work in the same run; absolute times depend on the machine.

{table}
""")
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
