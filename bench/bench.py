"""Runs the benchmark that bench/run documents: starts each server from a
private config on a loopback port, checks its answers, loads it with wrk and
writes the results as JSON, a markdown table and an SVG chart.

Called by bench/run once packages are installed and our steps are built:
    python3 bench/bench.py --binaries build/default [--quick] [--duration S] [--repeats N] [--only NAMES]
    python3 bench/bench.py --report results.json     (tables and chart again)
"""

import argparse
import datetime
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
SERVERS = os.path.join(BENCH, "servers")
GUIDE = os.path.join(REPO, "guide")  # the guide's three programs, as the course shows them

# The files every static server serves, and what each one must contain.
FILES = {"hello": ("hello.html", 13), "1k": ("1k.bin", 1024), "1m": ("1m.bin", 1 << 20),
         "100m": ("100m.bin", 100 << 20)}
WORKLOAD_NAMES = {"hello": "hello (13 B)", "1k": "1 KiB file", "1m": "1 MiB file", "100m": "100 MiB file"}
MODE_NAMES = {"ka": "keep-alive", "close": "Connection: close"}

# Which (workload, mode, connections) each server is loaded with. A 100 MiB
# file is measured on one keep-alive connection: it is a test of throughput.
ALL_CELLS = [("hello", "ka", 1), ("hello", "close", 1), ("hello", "ka", 50), ("hello", "close", 50),
             ("1k", "ka", 50), ("1k", "close", 50), ("1m", "ka", 50), ("1m", "close", 50),
             ("100m", "ka", 1)]
# A smoke run covers both modes, both counts and a small and a large file.
QUICK_CELLS = {("hello", "ka", 1), ("hello", "close", 1), ("hello", "close", 50), ("1k", "ka", 50),
               ("100m", "ka", 1)}
LOG_CELLS = {("hello", "close", 1), ("hello", "ka", 1), ("hello", "ka", 50), ("hello", "close", 50),
             ("1k", "ka", 50), ("1m", "ka", 50), ("100m", "ka", 1)}


@dataclass
class Server:
    """One server under test: how to start it and what it can serve."""
    name: str
    label: str
    group: str  # ours, python, reference
    workloads: set
    command: list  # with @PORT@, @ROOT@, @TMP@, @CONF@ placeholders
    config: str = ""  # a template in bench/servers/, written to @CONF@
    sequential: bool = False  # serves one connection at a time: loaded with 1 only
    access_log: bool = False  # our steps without -q
    workers_are_children: bool = False  # peak RSS of the worker processes
    how_hello: str = "from memory"
    cells: list = field(default_factory=list)


def build_servers(binaries, quick):
    """Every server the run measures, ours first, with the cells it is loaded with."""
    hello_only = {"hello"}
    static = {"hello", "1k", "1m", "100m"}
    servers = []

    def step(name, label, workloads, extra, sequential=False):
        binary = os.path.abspath(os.path.join(binaries, name, name))
        if not os.access(binary, os.X_OK):
            return
        for logged in (False, True):
            servers.append(Server(
                name=name + ("+log" if logged else ""),
                label=label + (" (access log on)" if logged else ""),
                group="ours", workloads=workloads,
                command=[binary] + extra + ([] if logged else ["-q"]) + ["@PORT@"],
                sequential=sequential, access_log=logged,
                how_hello="from memory" if "-d" not in extra else "13-byte file"))

    step("step1_hello", "step 1", hello_only, [], sequential=True)
    step("step2_threaded", "step 2", hello_only, [])
    step("step3_static", "step 3", static, ["-d", "@ROOT@"])
    step("step4_event_loop", "step 4", static, ["-d", "@ROOT@"])
    python = sys.executable
    servers += [
        Server("guide1", "guide step 1 (python)", "python", hello_only,
               [python, os.path.join(GUIDE, "step1_hello.py"), "@PORT@"], sequential=True),
        Server("guide2", "guide step 2 (python)", "python", hello_only,
               [python, os.path.join(GUIDE, "step2_threaded.py"), "@PORT@"]),
        Server("guide3", "guide step 3 (python)", "python", static,
               [python, os.path.join(GUIDE, "step3_static.py"), "@PORT@", "@ROOT@"], how_hello="13-byte file"),
        Server("http.server", "python3 -m http.server", "python", static,
               [python, "-m", "http.server", "--bind", "127.0.0.1", "--directory", "@ROOT@", "@PORT@"],
               how_hello="13-byte file"),
        Server("nginx", "nginx", "reference", static,
               ["nginx", "-p", "@TMP@", "-e", "@TMP@/nginx-error.log", "-c", "@CONF@"], config="nginx.conf",
               workers_are_children=True, how_hello="from memory (return 200)"),
        Server("apache2", "Apache (mpm_event)", "reference", static,
               ["apache2", "-f", "@CONF@", "-DFOREGROUND"], config="apache2.conf", workers_are_children=True,
               how_hello="13-byte file"),
        Server("lighttpd", "lighttpd", "reference", static, ["lighttpd", "-D", "-f", "@CONF@"],
               config="lighttpd.conf", how_hello="13-byte file"),
        Server("node", "Node.js", "reference", static,
               ["node", os.path.join(SERVERS, "static_server.js"), "@PORT@", "@ROOT@"], how_hello="13-byte file"),
    ]
    for server in servers:
        server.cells = [cell for cell in ALL_CELLS
                        if cell[0] in server.workloads and not (server.sequential and cell[2] > 1)
                        and (not server.access_log or (step_name(server), cell) in TARGET_CELLS)
                        and (not quick or cell in QUICK_CELLS)]
    return servers


# ---------------------------------------------------------------- processes

def free_port():
    """A loopback port nothing listens on now (the kernel's pick)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Running:
    """A server process started in a session of its own, stopped by its PID."""

    def __init__(self, server, tmp, root):
        self.server = server
        self.port = free_port()
        values = {"@PORT@": str(self.port), "@ROOT@": root, "@TMP@": tmp,
                  "@CONF@": os.path.join(tmp, server.name + ".conf")}

        def fill(text):
            for key, value in values.items():
                text = text.replace(key, value)
            return text

        if server.config:
            with open(os.path.join(SERVERS, server.config)) as template:
                with open(values["@CONF@"], "w") as conf:
                    conf.write(fill(template.read()))
        self.eof_framed = False
        self.log_path = os.path.join(tmp, server.name + ".log")
        with open(self.log_path, "ab") as log:
            # start_new_session: our own process group, so stopping it by our
            # PID also reaches nginx's and Apache's workers, and Ctrl-C in the
            # terminal goes to the runner, which stops everything in order.
            self.process = subprocess.Popen([fill(part) for part in server.command], stdin=subprocess.DEVNULL,
                                            stdout=log, stderr=log, cwd=tmp, start_new_session=True)
        self._wait_listening()

    def _wait_listening(self):
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.server.name} exited with status {self.process.returncode}: "
                                   + self.log_tail())
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"{self.server.name} did not listen on port {self.port} within 20 s")

    def log_tail(self):
        with open(self.log_path, "rb") as log:
            log.seek(max(0, os.path.getsize(self.log_path) - 600))
            return log.read().decode(errors="replace").strip()

    def peak_rss_kib(self):
        """VmHWM of the server process, or the sum over its worker processes."""
        pids = [self.process.pid]
        if self.server.workers_are_children:
            pids = children_of(self.process.pid) or pids
        return sum(vm_hwm_kib(pid) for pid in pids)

    def cpu_seconds(self):
        """User and system CPU time used so far by the server process (all
        its threads) and its worker processes."""
        return sum(cpu_seconds(pid) for pid in [self.process.pid] + children_of(self.process.pid))

    def stop(self):
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            except ProcessLookupError:
                pass
        # Workers that outlived their parent are still in its process group.
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def children_of(pid):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    # The command may hold spaces: fields start after the last ')'.
                    fields = stat.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid:
                    found.append(int(entry))
            except (OSError, IndexError):
                continue
    return found


def cpu_seconds(pid):
    """utime + stime of a process, over all its threads, in seconds."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError):
        return 0.0


def vm_hwm_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


# ---------------------------------------------------------------- checks and load

def make_files(root):
    """The served files: the hello page and three files of random bytes."""
    os.makedirs(root)
    contents = {}
    for workload, (name, size) in FILES.items():
        data = b"Hello, World!" if workload == "hello" else os.urandom(size)
        assert len(data) == size
        path = os.path.join(root, name)
        with open(path, "wb") as out:
            out.write(data)
        os.chmod(path, 0o644)
        contents[workload] = data
    return contents


def check(running, contents):
    """Fetches every file the server is loaded with; a message when any is
    wrong. Notes a server whose responses end at the close, without a
    Content-Length (the guide's programs)."""
    for workload in sorted({cell[0] for cell in running.server.cells}):
        name, size = FILES[workload]
        try:
            connection = http.client.HTTPConnection("127.0.0.1", running.port, timeout=30)
            connection.request("GET", "/" + name)
            response = connection.getresponse()
            body = response.read()
            connection.close()
        except (OSError, http.client.HTTPException) as error:
            return f"GET /{name}: {error!r}"
        if response.status != 200:
            return f"GET /{name}: status {response.status}"
        if body != contents[workload]:
            return f"GET /{name}: {len(body)} bytes, not the {size} expected"
        length = response.getheader("Content-Length")
        if length is not None and int(length) != size:
            return f"GET /{name}: Content-Length {length}, not {size}"
        running.eof_framed = running.eof_framed or length is None
    return None


def load(port, workload, mode, connections, duration):
    """One wrk run: one client thread, a bounded duration; its JSON summary."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
               "-s", os.path.join(BENCH, "wrk_report.lua")]
    if mode == "close":
        command += ["-H", "Connection: close"]
    command.append(f"http://127.0.0.1:{port}/{FILES[workload][0]}")
    result = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60)
    for line in reversed(result.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"wrk gave no summary: {result.stdout} {result.stderr}")


# ---------------------------------------------------------------- the run

def machine_facts():
    def first_line(command):
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=10)
            return (result.stdout or result.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return "?"

    cpu = "?"
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(),
        "commit": first_line(["git", "-C", REPO, "rev-parse", "--short", "HEAD"]),
        "versions": {
            "wrk": first_line(["wrk", "--version"]).split(" [")[0].replace("wrk ", ""),
            "nginx": first_line(["nginx", "-v"]).split("/")[-1],
            "apache2": first_line(["apache2", "-v"]).split("/")[-1],
            "lighttpd": first_line(["lighttpd", "-v"]).split(" ")[0].split("/")[-1],
            "node": first_line(["node", "--version"]),
            "python": platform.python_version(),
        },
    }


def run(args):
    servers = build_servers(args.binaries, args.quick)
    if args.only:
        servers = [s for s in servers if s.name in args.only.split(",") or s.name == "nginx"]
    tmp = tempfile.mkdtemp(prefix="http-bench-")
    # Apache's workers run as www-data and must be able to read the files.
    os.chmod(tmp, 0o755)
    root = os.path.join(tmp, "www")
    contents = make_files(root)
    results = {"command": " ".join(["bench/run"] + sys.argv[1:]), "machine": machine_facts(),
               "duration_s": args.duration, "repeats": args.repeats, "quick": args.quick, "load_before": os.getloadavg(),
               "servers": [{"name": s.name, "label": s.label, "group": s.group, "how_hello": s.how_hello,
                            "sequential": s.sequential} for s in servers],
               "runs": [], "rss": [], "failures": [], "eof_framed": []}
    running = []
    started = time.monotonic()
    try:
        for repeat in range(args.repeats):
            # Every server is started afresh for each round and waits, idle,
            # while the others are loaded. Each cell then loads the servers
            # one after the other, seconds apart, in an order that rotates
            # from round to round: a passing disturbance on the machine (a
            # build, a backup) hits a server and nginx alike, and the ratio
            # of the two holds.
            for server in servers:
                if any(f["server"] == server.name for f in results["failures"]):
                    continue
                problem = None
                try:
                    running.append(Running(server, tmp, root))
                    problem = check(running[-1], contents)
                except (OSError, RuntimeError) as error:
                    problem = str(error)
                if problem:
                    print(f"FAIL {server.name}: {problem}", flush=True)
                    results["failures"].append({"server": server.name, "problem": problem})
                    if running and running[-1].server is server:
                        running.pop().stop()
                elif running[-1].eof_framed:
                    results["eof_framed"] = sorted(set(results["eof_framed"]) | {server.name})
            for cell in ALL_CELLS:
                turn = [r for r in running if cell in r.server.cells]
                shift = repeat % len(turn) if turn else 0
                for server_run in turn[shift:] + turn[:shift]:
                    workload, mode, connections = cell
                    # The server's CPU time over the same run: what it spent
                    # per request, which a busy machine blurs less than req/s.
                    cpu_before = server_run.cpu_seconds()
                    summary = load(server_run.port, workload, mode, connections, args.duration)
                    summary["cpu_s"] = server_run.cpu_seconds() - cpu_before
                    summary.update(server=server_run.server.name, workload=workload, mode=mode,
                                   connections=connections, round=repeat)
                    results["runs"].append(summary)
                    print(f"round {repeat + 1}/{args.repeats} {server_run.server.name:18} {workload:5} {mode:5} "
                          f"c{connections:<3} {summary['requests'] * 1e6 / summary['duration_us']:>10.0f} req/s "
                          f"{summary['cpu_s'] * 1e6 / max(summary['requests'], 1):>9.1f} µs CPU/req",
                          flush=True)
            while running:
                server_run = running.pop()
                results["rss"].append({"server": server_run.server.name, "round": repeat,
                                       "kib": server_run.peak_rss_kib()})
                server_run.stop()
    finally:
        for server_run in running:
            server_run.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    results["load_after"] = os.getloadavg()
    results["elapsed_s"] = round(time.monotonic() - started)
    return results


# ---------------------------------------------------------------- the report

def medians(results):
    """Per server and cell: the median of each measure over the rounds."""
    grouped = {}
    # A response that ends at the close (no Content-Length) is complete, yet
    # wrk also counts the end-of-file as a read error: not one for us.
    eof_framed = set(results.get("eof_framed", []))
    for run_ in results["runs"]:
        key = (run_["server"], run_["workload"], run_["mode"], run_["connections"])
        grouped.setdefault(key, []).append(run_)
    table = {}
    for key, runs in grouped.items():
        def median_of(measure):
            return statistics.median(measure(r) for r in runs)
        table[key] = {
            "rps": median_of(lambda r: r["requests"] * 1e6 / r["duration_us"]),
            "mbps": median_of(lambda r: r["bytes"] / r["duration_us"]),
            "p50_us": median_of(lambda r: r["p50_us"]),
            "p99_us": median_of(lambda r: r["p99_us"]),
            "errors": median_of(lambda r: r["status"] + r["connect"] + r["write"] + r["timeout"]
                                + (0 if key[0] in eof_framed else r["read"])),
            "non2xx": median_of(lambda r: r["status"]),
            # Runs saved before CPU time was measured have none.
            "cpu_us": median_of(lambda r: r.get("cpu_s", float("nan")) * 1e6 / max(r["requests"], 1)),
            "rounds": len(runs),
        }
    return table


def peak_rss(results):
    per_server = {}
    for entry in results["rss"]:
        per_server.setdefault(entry["server"], []).append(entry["kib"])
    return {name: statistics.median(values) for name, values in per_server.items()}


def ratios(results):
    """Per server and cell: the speed relative to nginx, as the median over
    the rounds of the ratio within each round, where the two were measured
    seconds apart. Requests/s, or for the 100 MiB file, whose few requests
    per run would round coarsely, bytes/s."""
    speeds = {}
    for run_ in results["runs"]:
        cell = (run_["workload"], run_["mode"], run_["connections"])
        measure = run_["bytes"] if cell[0] == "100m" else run_["requests"]
        speeds[(run_["server"], cell, run_["round"])] = measure * 1e6 / run_["duration_us"]
    per_round = {}
    for (server, cell, round_), speed in speeds.items():
        nginx = speeds.get(("nginx", cell, round_))
        if nginx:
            per_round.setdefault((server,) + cell, []).append(speed / nginx)
    return {key: statistics.median(values) for key, values in per_round.items()}


def ratio(table, server, cell):
    """The entry of ratios() for one server and cell; None when not measured."""
    return table.get((server,) + cell)


def fmt_latency(us):
    if us >= 1e6:
        return f"{us / 1e6:.2f} s"
    if us >= 1000:
        return f"{us / 1000:.1f} ms"
    return f"{us:.0f} µs"


def fmt_cpu(us):
    return "–" if us is None or us != us else (f"{us:.1f} µs" if us < 100 else f"{us:,.0f} µs")


def fmt_ratio(value):
    return "–" if value is None else (f"{value:.2f}x" if value < 10 else f"{value:.0f}x")


TARGETS = [  # the course's targets: server, cell, least ratio to nginx
    ("step1_hello", ("hello", "close", 1), 1.0),
    ("step2_threaded", ("hello", "ka", 1), 1.0),
    ("step2_threaded", ("hello", "ka", 50), 0.75),
    ("step2_threaded", ("hello", "close", 50), 0.8),
    ("step3_static", ("1k", "ka", 50), 1.5),
    ("step3_static", ("1m", "ka", 50), 1.0),
    ("step3_static", ("100m", "ka", 1), 1.5),
    ("step4_event_loop", ("hello", "ka", 50), 1.0),
    ("step4_event_loop", ("hello", "close", 50), 1.0),
    ("step4_event_loop", ("1k", "ka", 50), 1.0),
    ("step4_event_loop", ("1k", "close", 50), 1.0),
    ("step4_event_loop", ("1m", "ka", 50), 1.0),
    ("step4_event_loop", ("100m", "ka", 1), 1.5),
]
# Step 4's CPU time per request, against the lower of nginx's and lighttpd's.
CPU_TARGET_CELLS = [("hello", "ka", 50), ("hello", "close", 50), ("1k", "ka", 50), ("1k", "close", 50)]
# Our steps with the access log on are measured on their target cells only.
TARGET_CELLS = {(server, cell) for server, cell, _ in TARGETS}


def step_name(server):
    return server.name.removesuffix("+log")


PYTHON_PAIRS = [("step1_hello", "guide1", ("hello", "close", 1)),
                ("step2_threaded", "guide2", ("hello", "ka", 50)),
                ("step3_static", "guide3", ("1k", "ka", 50))]


def cell_name(cell):
    workload, mode, connections = cell
    return f"{WORKLOAD_NAMES[workload]}, {MODE_NAMES[mode]}, {connections} connection{'s' if connections > 1 else ''}"


def markdown(results, chart_name):
    table = medians(results)
    vs_nginx = ratios(results)
    rss = peak_rss(results)
    labels = {"step1_hello": "step 1", "step2_threaded": "step 2", "step3_static": "step 3",
              "step4_event_loop": "step 4"}
    labels.update({s["name"]: s["label"] for s in results["servers"]})
    machine = results["machine"]
    out = ["# Benchmark results", ""]
    if results["quick"]:
        out += ["**A smoke run (`bench/run --quick`): one round of 1 s loads. Read it for orders of magnitude, "
                "not for the second digit; `bench/run` gives figures worth quoting.**", ""]
    out += [f"Measured {machine['date']} at commit `{machine['commit']}` by `{results.get('command', 'bench/run')}`: "
            f"{machine['cores']} cores ({machine['cpu']}), Linux {machine['kernel']}; "
            f"each cell is the median of {results['repeats']} runs of {results['duration_s']} s "
            f"of `wrk -t1` (one client thread); load average {results['load_before'][0]:.2f} before, "
            f"{results['load_after'][0]:.2f} after; the whole run took {results['elapsed_s']} s.",
            "", "Versions: " + ", ".join(f"{k} {v}" for k, v in machine["versions"].items()) + ".", ""]
    if results["failures"]:
        out += ["## Servers that failed their check", ""]
        out += [f"- {labels.get(f['server'], f['server'])}: {f['problem']}" for f in results["failures"]] + [""]

    out += ["## Targets", "",
            "Speed as a ratio to nginx: requests per second (for the 100 MiB file, bytes per second), divided "
            "by nginx's in the same round, where the two were measured seconds apart; the median over the "
            "rounds. Our steps with `-q`, and with their access log on.", "",
            "| step | workload | target | measured | met | with access log |", "|---|---|---|---|---|---|"]
    for server, cell, target in TARGETS:
        measured = ratio(vs_nginx, server, cell)
        logged = ratio(vs_nginx, server + "+log", cell)
        met = "–" if measured is None else ("yes" if measured >= target else "**no**")
        out.append(f"| {labels.get(server, server)} | {cell_name(cell)} | >= {target:.2f}x | "
                   f"{fmt_ratio(measured)} | {met} | {fmt_ratio(logged)} |")
    for step in ("step3_static", "step4_event_loop"):
        if step in rss:
            mib = rss[step] / 1024
            out.append(f"| {labels[step]} | peak RSS over all of the above | <= 16 MiB | {mib:.1f} MiB | "
                       f"{'yes' if mib <= 16 else '**no**'} | {rss.get(step + '+log', 0) / 1024:.1f} MiB |")
    cpu_rows = []
    for cell in CPU_TARGET_CELLS:
        ours, nginx, lighttpd = (table.get((name,) + cell) for name in ("step4_event_loop", "nginx", "lighttpd"))
        if ours and nginx and lighttpd:
            best = min(nginx["cpu_us"], lighttpd["cpu_us"])
            cpu_rows.append(f"| {cell_name(cell)} | {fmt_cpu(ours['cpu_us'])} | {fmt_cpu(nginx['cpu_us'])} | "
                            f"{fmt_cpu(lighttpd['cpu_us'])} | {'yes' if ours['cpu_us'] <= best else '**no**'} |")
    if cpu_rows:
        out += ["", "Step 4's server CPU time per request (user + system time of the server's processes and "
                "threads over the run, divided by the requests served; median over the rounds), against the "
                "lower of nginx's and lighttpd's:", "",
                "| workload | step 4 | nginx | lighttpd | met |", "|---|---:|---:|---:|---|"] + cpu_rows
    out += ["", "Each step against the guide's Python program (target: at least 10x):", "",
            "| step | workload | step req/s | python req/s | ratio |", "|---|---|---|---|---|"]
    for mine, theirs, cell in PYTHON_PAIRS:
        a, b = table.get((mine,) + cell), table.get((theirs,) + cell)
        if a and b:
            out.append(f"| {labels[mine]} | {cell_name(cell)} | {a['rps']:,.0f} | {b['rps']:,.0f} | "
                       f"{a['rps'] / b['rps'] if b['rps'] else float('inf'):.0f}x |")
    out += ["", f"![Requests per second relative to nginx]({chart_name})", ""]

    out += ["## Every measurement", "",
            "Medians over the rounds; \"vs nginx\" as in the targets above. CPU/req is the server's user "
            "and system CPU time during the run divided by the requests it served. MB/s counts every byte wrk received (headers too), in 10^6 bytes. "
            "Errors: responses other than 2xx/3xx plus socket errors (connect, read, write, timeout). "
            "The guide's programs send no Content-Length and end each body by closing the connection; wrk "
            "counts that end as a read error too, so read errors are not counted for "
            + (", ".join(labels[name] for name in results.get("eof_framed", [])) or "them") + ".", ""]
    for cell in ALL_CELLS:
        rows = [(name, table[(name,) + cell]) for name in labels if (name,) + cell in table]
        if not rows:
            continue
        out += [f"### {cell_name(cell)}", "",
                "| server | req/s | CPU/req | MB/s | p50 | p99 | errors | vs nginx |",
                "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for name, row in sorted(rows, key=lambda item: -item[1]["rps"]):
            out.append(f"| {labels[name]} | {row['rps']:,.0f} | {fmt_cpu(row.get('cpu_us'))} | {row['mbps']:,.1f} | "
                       f"{fmt_latency(row['p50_us'])} | {fmt_latency(row['p99_us'])} | {row['errors']:.0f} | "
                       f"{fmt_ratio(ratio(vs_nginx, name, cell))} |")
        out.append("")
    out += ["## Peak memory", "",
            "VmHWM (peak resident set) of the server process over one round of all its cells, median over "
            "the rounds; for nginx and Apache, of their worker process(es), without the master.", "",
            "| server | peak RSS | hello is served |", "|---|---:|---|"]
    for server in results["servers"]:
        if server["name"] in rss:
            out.append(f"| {server['label']} | {rss[server['name']] / 1024:.1f} MiB | {server['how_hello']} |")
    out.append("")
    return "\n".join(out)


CHART_CELLS = [("hello", "close", 1), ("hello", "ka", 1), ("hello", "ka", 50), ("hello", "close", 50),
               ("1k", "ka", 50), ("1m", "ka", 50), ("100m", "ka", 1)]
COLOURS = {"ours": "#1f77b4", "python": "#9a9a9a", "reference": "#ff7f0e"}


def svg_chart(results):
    """Horizontal bars of requests/s relative to nginx, on a log scale, one
    panel per workload: written by hand, so the runner needs no plotting library."""
    table = ratios(results)
    cpu = medians(results)
    servers = [s for s in results["servers"] if not s["name"].endswith("+log")]
    left, width, bar, gap = 230, 520, 13, 4
    low, high = 0.01, 10.0
    import math

    def x_of(value):
        value = min(max(value, low), high)
        return left + width * (math.log10(value) - math.log10(low)) / (math.log10(high) - math.log10(low))

    parts, y = [], 40
    for cell in CHART_CELLS:
        rows = [(s, ratio(table, s["name"], cell)) for s in servers]
        rows = [(s, r) for s, r in rows if r is not None]
        if not rows:
            continue
        parts.append(f'<text x="10" y="{y + 12}" font-weight="bold">{escape_xml(cell_name(cell))}</text>')
        y += 20
        top = y
        for server, value in rows:
            parts.append(f'<text x="{left - 6}" y="{y + bar - 3}" text-anchor="end">{escape_xml(server["label"])}</text>')
            parts.append(f'<rect x="{left}" y="{y}" width="{x_of(value) - left:.1f}" height="{bar}" '
                         f'fill="{COLOURS[server["group"]]}"/>')
            row = cpu.get((server["name"],) + cell, {})
            per_request = row.get("cpu_us")
            beside = fmt_ratio(value) + ("" if per_request is None or per_request != per_request
                                         else f" · {fmt_cpu(per_request)} CPU/req")
            parts.append(f'<text x="{x_of(value) + 4:.1f}" y="{y + bar - 3}">{escape_xml(beside)}</text>')
            y += bar + gap
        parts.append(f'<line x1="{x_of(1):.1f}" y1="{top - 2}" x2="{x_of(1):.1f}" y2="{y}" stroke="#000" '
                     f'stroke-dasharray="3,2"/>')
        y += 14
    axis = []
    for tick in (0.01, 0.1, 0.5, 1, 2, 10):
        axis.append(f'<line x1="{x_of(tick):.1f}" y1="{y}" x2="{x_of(tick):.1f}" y2="{y + 5}" stroke="#000"/>')
        axis.append(f'<text x="{x_of(tick):.1f}" y="{y + 18}" text-anchor="middle">{tick:g}x</text>')
    axis.append(f'<line x1="{left}" y1="{y}" x2="{left + width}" y2="{y}" stroke="#000"/>')
    legend = []
    for i, (group, label) in enumerate([("ours", "our steps"), ("python", "Python (guide, http.server)"),
                                        ("reference", "reference servers")]):
        legend.append(f'<rect x="{10 + i * 210}" y="{y + 30}" width="12" height="12" fill="{COLOURS[group]}"/>')
        legend.append(f'<text x="{26 + i * 210}" y="{y + 40}">{label}</text>')
    height = y + 55
    title = (f'<text x="10" y="20" font-size="15" font-weight="bold">Speed relative to nginx: requests/s '
             f'(bytes/s for 100 MiB), log scale, median of {results["repeats"]} rounds; server CPU time per request beside it</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 160}" height="{height}" '
            f'font-family="sans-serif" font-size="12">\n<rect width="100%" height="100%" fill="#fff"/>\n'
            + "\n".join([title] + parts + axis + legend) + "\n</svg>\n")


def escape_xml(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_report(results, directory, stem):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, stem + ".json"), "w") as out:
        json.dump(results, out, indent=1)
    with open(os.path.join(directory, stem + ".svg"), "w") as out:
        out.write(svg_chart(results))
    with open(os.path.join(directory, stem + ".md"), "w") as out:
        out.write(markdown(results, stem + ".svg"))
    print(f"wrote {os.path.relpath(os.path.join(directory, stem + '.md'), REPO)} and its .svg and .json")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binaries", default=os.path.join(REPO, "build", "default"),
                        help="the build directory holding stepN_x/stepN_x")
    parser.add_argument("--quick", action="store_true", help="a smoke run: a few cells, 1 s each, one round")
    parser.add_argument("--duration", type=int, help="whole seconds of load per cell (default 2)")
    parser.add_argument("--repeats", type=int, help="rounds over every server (default 3)")
    parser.add_argument("--only", help="comma-separated server names to measure (nginx always runs)")
    parser.add_argument("--output", help="directory for the results (default bench/results)")
    parser.add_argument("--report", metavar="JSON", help="only write the table and chart of saved results")
    args = parser.parse_args()

    if args.report:
        with open(args.report) as saved:
            results = json.load(saved)
        stem = os.path.splitext(os.path.basename(args.report))[0]
        write_report(results, args.output or os.path.dirname(os.path.abspath(args.report)), stem)
        return 0
    args.duration = args.duration or (1 if args.quick else 2)
    args.repeats = args.repeats or (1 if args.quick else 3)
    # SIGTERM (a CI timeout, kill PID) unwinds like Ctrl-C, through the
    # finally that stops every server we started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    results = run(args)
    output = args.output or os.path.join(BENCH, "results")
    # Only a full run replaces latest.md; a smoke run's numbers mean nothing,
    # and a run of some servers only is for trying things: both go with the
    # ignored scratch files.
    if args.quick or args.only:
        write_report(results, os.path.join(output, "raw"), "quick" if args.quick else "partial")
    else:
        write_report(results, output, "latest")
    return 1 if results["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
