#!/usr/bin/env python3
"""Speed at a million statements: the service against the cost of sending the same bytes, measured with wrk.

Called by bench/run.sh, which builds the service and the baseline in Release and installs wrk first. In one run:

  1. two databases, a big one (--size, default 1,000,000 statements) and a 10,000-statement one, generated the same
     way by bench/gen_db.py (deterministic from --seed, cached in .tools/bench-data/ by size, seed and schema);
  2. the service started on a copy of each (Production, rate limits lifted, no demo data, a bootstrap admin key),
     its cold start timed from the process's start to the first 200 from /health, and its peak resident memory
     (VmHWM) polled over the whole run; after the writes, five more cold starts on the big database, taking turns
     with the bare baseline's, their medians reported (not with --quick, which keeps to its minute);
  3. the scenarios' URLs found from the data (the busiest person, a deep cursor of their timeline, a statement, the
     topic with the most stances, the most common word), each answer captured with curl and handed to the baseline
     (bench/baseline: a bare Kestrel app that serves those exact bytes from memory, and a JSON hello-world);
  4. every read scenario driven by `wrk -t2 -c32` on loopback against the big database, the same database with the
     read cache off ("uncached": every request made by its handler), the small one and the baseline, taking turns in
     --rounds rounds (3; a different one first in each, so a busy moment on a shared machine falls on all of them
     alike), after a warm-up; the medians of the rounds are reported, with the CPU time each process spent per request;
  5. the 100,000-row CSV export timed with curl (one request takes seconds; wrk's fixed connections would only
     queue them), then the writes: POST /v1/statements with a key at 32 connections beside a bare loop of durable
     single-row SQLite inserts, and one writer posting stances for the busiest person and for one with about 100
     statements; then the command-line import of a generated NDJSON file into a new database.

The table goes to standard output and to bench/results/run-<date>-<size>.md (-2, -3, ... for a later run that day)
with the machine, commit and settings.
Talks only to 127.0.0.1.
"""
import argparse, datetime, importlib, json, os, platform, random, re, shutil, signal, sqlite3, statistics, subprocess, sys
import tempfile, threading, time, urllib.parse, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_db  # noqa: E402

ROOT = gen_db.ROOT
DLL = gen_db.DLL
BASELINE_DLL = os.path.join(ROOT, "bench", "baseline", "bin", "Release", "net10.0", "Baseline.dll")
CACHE = os.path.join(ROOT, ".tools", "bench-data")
WRK_DIR = os.path.join(ROOT, "bench", "wrk")
KEY = "stk_bench_run_sh_0123456789abcdef0123456789abcdef"
CURSOR_KEY = "YmVuY2gvcnVuLnNoIHNpZ25zIGl0cyBjdXJzb3JzIHdpdGggdGhpcyBrZXku"
# BENCH_PORT_BASE moves the four ports together, so two checkouts can run benchmarks side by side.
_BASE = int(os.environ.get("BENCH_PORT_BASE", "5481"))
PORTS = {"big": _BASE, "small": _BASE + 1, "baseline": _BASE + 2, "uncached": _BASE + 3}
EXPORT_ROWS = 100_000


def log(*args):
    print(*args, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------------- processes

class PeakRss:
    """Polls a process's VmHWM, the kernel's own high-water mark of its resident memory, until stopped."""

    def __init__(self, pid):
        self.pid, self.kb, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            self.read()
            self._stop.wait(0.2)

    def read(self):
        try:
            with open(f"/proc/{self.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        self.kb = max(self.kb, int(line.split()[1]))
        except (OSError, ValueError):
            pass

    def stop(self):
        self.read()
        self._stop.set()
        self._thread.join()
        return self.kb / 1024


def service_env(db):
    return dict(os.environ, ConnectionStrings__StatementTracker=f"Data Source={db}", ASPNETCORE_ENVIRONMENT="Production",
                StatementTracker__SeedDemoData="false", Logging__LogLevel__Default="Warning",
                RateLimits__ReadPerMinute="0", RateLimits__WritePerMinute="0",   # measure the service, not its limiter
                Auth__BootstrapKey=KEY, DOTNET_CLI_TELEMETRY_OPTOUT="1",
                # One cursor key for every service, so the deep cursor found on the big database reads on its uncached twin.
                StatementTracker__CursorKey=CURSOR_KEY)


def wait_healthy(proc, port, timeout=120):
    """Seconds from now until /health answers 200; fails when the process dies first."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"the process on port {port} exited with {proc.returncode} before answering")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except Exception:
            time.sleep(0.01)
    raise RuntimeError(f"nothing answered 200 on port {port} within {timeout} s")


class Service:
    def __init__(self, label, db, port, work, **settings):
        self.label, self.db, self.port = label, db, port
        self.base = f"http://127.0.0.1:{port}"
        self.log = open(os.path.join(work, f"service-{label}.log"), "w")
        started = time.perf_counter()
        self.proc = subprocess.Popen(["dotnet", DLL, "--urls", self.base], env=dict(service_env(db), **settings), cwd=os.path.dirname(DLL),
                                     stdout=self.log, stderr=subprocess.STDOUT)
        self.rss = PeakRss(self.proc.pid)
        wait_healthy(self.proc, port)
        self.cold_start = time.perf_counter() - started
        self.peak_mb = None

    def peak_so_far(self):
        """For the progress log: which phase sets the peak that the results report."""
        self.rss.read()
        return f"  (big service's peak so far {self.rss.kb / 1024:.0f} MB)"

    def stop(self):
        if self.proc.poll() is None:
            self.peak_mb = self.rss.stop()
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def cold_starts(db, bodies, work, turns):
    """
    Seconds from the process's start to the first 200, the service on db and the bare baseline taking turns; the
    medians of each. The start at the top of a run follows the copy of a 2 GB database, so it times the disk's
    flush as much as the service, and one start on a shared machine is one sample of its load.
    """
    service, bare = [], []
    for _ in range(turns):
        started = Service("cold", db, PORTS["big"], work)
        service.append(started.cold_start)
        started.stop()
        began = time.perf_counter()
        plain = Baseline(bodies, PORTS["baseline"], work)
        bare.append(time.perf_counter() - began)
        plain.stop()
    return {"service": statistics.median(service), "baseline": statistics.median(bare), "runs": service, "baseline_runs": bare}


class Baseline:
    def __init__(self, folder, port, work):
        self.base = f"http://127.0.0.1:{port}"
        self.log = open(os.path.join(work, "baseline.log"), "w")
        self.proc = subprocess.Popen(["dotnet", BASELINE_DLL, folder, "--urls", self.base], cwd=os.path.dirname(BASELINE_DLL),
                                     env=dict(os.environ, ASPNETCORE_ENVIRONMENT="Production"), stdout=self.log, stderr=subprocess.STDOUT)
        wait_healthy(self.proc, port)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


# --------------------------------------------------------------------------------------------------------------- http

def get_json(url):
    with urllib.request.urlopen(url, timeout=300) as response:
        return json.loads(response.read())


def capture(url, body_path):
    """One GET with curl, the body as sent; returns (status, content type, bytes, seconds)."""
    out = subprocess.run(["curl", "-s", "-o", body_path, "-w", "%{http_code} %{size_download} %{time_total} %{content_type}",
                          "--max-time", "600", url], capture_output=True, text=True, check=True).stdout
    status, size, seconds, ctype = out.split(" ", 3)
    return int(status), ctype.strip(), int(size), float(seconds)


def cpu_seconds(pid):
    """User and system CPU time a process has used so far (/proc/PID/stat, fields 14 and 15)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk(url, seconds, threads=2, connections=32, script="report.lua", script_args=(), pid=None):
    """One wrk run; with pid, also the CPU time that process spent per request (cpu_ms), which a shared machine's
    load moves far less than requests per second."""
    before = cpu_seconds(pid) if pid else None
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "60s",
               "-s", os.path.join(WRK_DIR, script), url]
    if script_args:
        command += ["--", *map(str, script_args)]
    out = subprocess.run(command, capture_output=True, text=True)
    match = re.search(r"^WRKJSON (\{.*\})$", out.stdout, re.MULTILINE)
    if out.returncode != 0 or match is None:
        raise RuntimeError(f"wrk failed on {url}:\n{out.stdout}\n{out.stderr}")
    r = json.loads(match.group(1))
    r["rps"] = r["requests"] / (r["duration_us"] / 1e6) if r["duration_us"] else 0
    r["errors"] = r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"]
    r["cpu_ms"] = (cpu_seconds(pid) - before) * 1000 / r["requests"] if pid and r["requests"] else None
    return r


def combine(runs):
    """Rounds of one target: the median of their rates, p50s and CPU per request, the worst p99, every error."""
    cpu = [x["cpu_ms"] for x in runs if x["cpu_ms"] is not None]
    # A round that finished nothing has no p50 (report.lua writes 0), only a rate of 0.
    answered = [x for x in runs if x["requests"]] or runs
    return {"rps": statistics.median(x["rps"] for x in runs), "p50_us": statistics.median(x["p50_us"] for x in answered),
            "p99_us": max(x["p99_us"] for x in runs), "errors": sum(x["errors"] for x in runs),
            "requests": sum(x["requests"] for x in runs), "cpu_ms": statistics.median(cpu) if cpu else None,
            "rounds": [round(x["rps"]) for x in runs]}


# ---------------------------------------------------------------------------------------------------------- scenarios

def most_common_word(db):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute("SELECT term FROM statements_fts_vocabulary WHERE length(term) > 1 ORDER BY doc DESC, term LIMIT 1").fetchone()[0]
    finally:
        con.close()


def export_from(db, rows):
    """The UTC day from which the newest `rows` statements (a few more: the whole day) run, and how many rows that is."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        total = con.execute("SELECT COUNT(*) FROM statements WHERE retracted_at IS NULL").fetchone()[0]
        if total <= rows:
            return None, total
        ms = con.execute("SELECT sort_utc_ms FROM statements WHERE retracted_at IS NULL ORDER BY sort_utc_ms DESC LIMIT 1 OFFSET ?",
                         (rows - 1,)).fetchone()[0]
        day = ms - ms % 86_400_000
        count = con.execute("SELECT COUNT(*) FROM statements WHERE retracted_at IS NULL AND sort_utc_ms >= ?", (day,)).fetchone()[0]
        return time.strftime("%Y-%m-%d", time.gmtime(day / 1000)), count
    finally:
        con.close()


def top_topic(db, slug):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute("""SELECT t.slug FROM statement_positions sp JOIN topics t ON t.id = sp.topic_id
                              JOIN people p ON p.id = sp.person_id WHERE p.slug = ? GROUP BY t.id ORDER BY COUNT(*) DESC, t.slug LIMIT 1""",
                           (slug,)).fetchone()[0]
    finally:
        con.close()


def deep_cursor(base, slug, pages, budget):
    """Follows the busiest person's timeline 200 at a time, `pages` pages deep or for `budget` seconds: a deep cursor."""
    url = f"{base}/v1/people/{slug}/timeline?limit=200"
    cursor, walked, started = None, 0, time.perf_counter()
    while walked < pages and time.perf_counter() - started < budget:
        page = get_json(url + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else ""))
        if not page.get("nextCursor"):
            break
        cursor, walked = page["nextCursor"], walked + 1
    return cursor, walked * 200


def read_scenarios(service, meta, db, args):
    busiest = meta["busiest"]["slug"]
    depth_pages = max(1, meta["busiest"]["statements"] // 2 // 200)
    cursor, depth = deep_cursor(service.base, busiest, min(depth_pages, args.deep_pages), args.deep_budget)
    word = most_common_word(db)
    rare = urllib.parse.quote(f'"{meta["rare_phrase"]}"')
    scenarios = [
        ("health", "GET /health", "/health"),
        ("timeline", "timeline, first page of 50, busiest person", f"/v1/people/{busiest}/timeline?limit=50"),
        ("timeline_deep", f"timeline, a page of 50 {depth:,} statements deep, busiest person",
         f"/v1/people/{busiest}/timeline?limit=50" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else "")),
        ("statement", "one statement by id", f"/v1/statements/{meta['statement']}"),
        ("person_positions", "a person's positions (busiest)", f"/v1/people/{busiest}/positions"),
        ("topic_positions", f"a topic's positions (most stances)", f"/v1/topics/{meta['busiest_topic']['slug']}/positions"),
        ("reversals", "reversals feed, first page", "/v1/reversals"),
        ("search_rare", f"search, a rare phrase ({meta['rare_phrase']!r})", f"/v1/statements?q={rare}"),
        ("search_common", f"search, the most common word ({word!r})", f"/v1/statements?q={urllib.parse.quote(word)}"),
    ]
    return scenarios


# ------------------------------------------------------------------------------------------------------------ writes

def bare_inserts(folder, seconds):
    """The physical limit of a durable write here: single-row INSERT + COMMIT into a WAL file with synchronous=FULL."""
    path = os.path.join(folder, "bare-inserts.db")
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = FULL")
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, quote TEXT NOT NULL)")
    n, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        con.execute("BEGIN")
        con.execute("INSERT INTO t (quote) VALUES (?)", (f"A benchmark statement, number {n}.",))
        con.execute("COMMIT")
        n += 1
    elapsed = time.perf_counter() - started
    con.close()
    return n / elapsed


def post_args(person, topic, nonce):
    return (person, topic, KEY, gen_db.START_MS, gen_db.END_MS, nonce)


def run_import(work, count):
    importer = importlib.import_module("import")  # bench/import.py: its generator and its timed run
    corpus, _ = importer.texts()
    path = os.path.join(work, f"import-{count}.ndjson")
    lines = importer.generate(path, count, corpus)
    result = importer.run_import(DLL, os.path.join(work, "import.db"), path, [])
    result["lines"] = lines
    return result


# ------------------------------------------------------------------------------------------------------------ report

_MACHINE = {}


def machine():
    if _MACHINE:
        return _MACHINE["text"], " ".join(open("/proc/loadavg").read().split()[:3])
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    memory = subprocess.run(["free", "-g"], capture_output=True, text=True).stdout.splitlines()
    total = memory[1].split()[1] + " GiB RAM" if len(memory) > 1 else ""
    load = open("/proc/loadavg").read().split()[:3] if os.path.exists("/proc/loadavg") else []
    dotnet = subprocess.run(["dotnet", "--version"], capture_output=True, text=True).stdout.strip()
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    wrk_version = (wrk_version.stdout + wrk_version.stderr).split("\n")[0].split(" Copyright")[0].strip()
    _MACHINE["text"] = f"{platform.system()} {platform.release()}, {cpu}, {cores} cores (nproc), {total}, .NET SDK {dotnet}, {wrk_version}"
    return _MACHINE["text"], " ".join(load)


def commit():
    rev = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip()
    return (rev or "unknown") + ("-dirty" if dirty else "")


def ms(us):
    return f"{us / 1000:.1f}" if us < 100_000 else f"{us / 1000:,.0f}"


def ratio(a, b):
    if not a or not b:
        return "–"
    x = a / b
    return f"{x:.2f}" if x >= 0.1 else f"{x:.2g}"


def cpu_ms(r, digits):
    """CPU per request, or a dash when no request finished."""
    return "–" if r.get("cpu_ms") is None else f"{r['cpu_ms']:.{digits}f}"


def rps(r):
    """Requests/s, or a plain word when not one request finished within the run (its latency is then unknown)."""
    return f"{r['rps']:,.0f}" if r["requests"] else "0 (none finished)"


def render(r, args, command):
    big, small = r["sizes"]
    lines = []
    lines.append(f"# Speed at {big:,} statements (bench/run.sh{' --quick' if args.quick else ''}), {r['date']}")
    lines.append("")
    lines.append(f"- command: `{command}`")
    lines.append(f"- commit: {r['commit']}; date: {r['started']} UTC; whole run {r['elapsed']:.0f} s (the Release builds excluded)")
    lines.append(f"- machine: {r['machine']}; load average at the start {r['load_start']}, at the end {r['load_end']} "
                 "(the machine is shared: read the ratios, measured side by side, not the absolute figures)")
    lines.append(f"- data: {big:,} and {small:,} statements, seed {args.seed}, {r['meta']['big']['text']}; "
                 f"{r['meta']['big']['people']:,} people, busiest {r['meta']['big']['busiest']['slug']} with "
                 f"{r['meta']['big']['busiest']['statements']:,} statements ({r['meta']['small']['busiest']['statements']:,} in the small one), "
                 f"{r['meta']['big']['reversals']:,} reversals, {r['meta']['big']['revisions']:,} revisions; schema {r['meta']['big']['schema']}")
    lines.append(f"- load: `wrk -t2 -c32 -d{args.duration}s --latency` on loopback, after a warm-up of "
                 f"{'3 requests' if args.quick else f'wrk -d{args.warmup}s'}; for each read the big database, the big one uncached, the small one and the baseline "
                 + (f"take turns, {args.rounds} rounds, a different one first in each; the table gives the median of the rounds' req/s and p50 and the worst round's p99. "
                    if args.rounds > 1 else "back to back. ") + f"POSTs: one wrk run of {args.duration * args.rounds} s each. "
                 "Service settings: `ASPNETCORE_ENVIRONMENT=Production`, `RateLimits__ReadPerMinute=0`, `RateLimits__WritePerMinute=0`, "
                 "`StatementTracker__SeedDemoData=false`, `Auth__BootstrapKey` set (writes use that admin key), logging at Warning")
    lines.append("- uncached: the big database once more with the read cache off (`StatementTracker__ReadCacheBytes=0`), so every "
                 "request is made by its handler, as the first read after a write is; req/s and req/s at the small size are warm, "
                 "served from the cache, since wrk repeats one URL")
    lines.append(f"- baseline: bench/baseline, a bare Kestrel app serving from memory the exact bytes and content type the service "
                 "answered on the big database (`/same/{scenario}`), and a JSON hello-world for /health")
    lines.append("")
    lines.append(f"| scenario | bytes | req/s | p50 ms | p99 ms | errors | baseline req/s | ratio to baseline | uncached req/s | uncached p99 ms | uncached ratio | req/s at {small:,} | p99 ms at {small:,} | {big // 1000:,}k / {small // 1000:,}k |")
    lines.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    cpu_rows = []  # the second table's, below the notes
    for s in r["reads"]:
        b, sm, base, un = s["big"], s["small"], s["baseline"], s["uncached"]
        lat = lambda r, q: ms(r[q]) if r["requests"] else "–"
        lines.append(f"| {s['title']} | {s['bytes']:,} | {rps(b)} | {lat(b, 'p50_us')} | {lat(b, 'p99_us')} | {b['errors']} | "
                     f"{rps(base)} | {ratio(b['rps'], base['rps'])} | {rps(un)} | {lat(un, 'p99_us')} | {ratio(un['rps'], base['rps'])} | "
                     f"{rps(sm)} | {lat(sm, 'p99_us')} | {ratio(b['rps'], sm['rps'])} |")
        cpu_rows.append(f"| {s['title']} | {cpu_ms(b, 3)} | {cpu_ms(un, 3)} | {cpu_ms(sm, 3)} | {cpu_ms(base, 3)} | "
                        f"{ratio(base.get('cpu_ms'), un.get('cpu_ms'))} |")
    e = r["export"]
    runs = e["big"]["runs"]
    lines.append(f"| CSV export, {e['big']['rows']:,} rows (curl, {runs} run{'s' if runs > 1 else ''}{', median' if runs > 1 else ''}) | {e['big']['bytes']:,} | "
                 f"{e['big']['rows'] / e['big']['seconds']:,.0f} rows/s | {e['big']['seconds'] * 1000:,.0f} | | {e['big']['errors']} | "
                 f"{e['big']['rows'] / e['baseline']['seconds']:,.0f} rows/s | {ratio(e['baseline']['seconds'], e['big']['seconds'])} | | | | "
                 f"{e['small']['rows'] / e['small']['seconds']:,.0f} rows/s ({e['small']['rows']:,} rows) | | "
                 f"{ratio(e['big']['rows'] / e['big']['seconds'], e['small']['rows'] / e['small']['seconds'])} |")
    w = r["writes"]
    lines.append(f"| POST /v1/statements with a stance, 32 connections ({r['meta']['big']['median']['slug']}, "
                 f"{r['meta']['big']['median']['statements']:,} statements) | | {w['post']['big']['rps']:,.0f} | {ms(w['post']['big']['p50_us'])} | "
                 f"{ms(w['post']['big']['p99_us'])} | {w['post']['big']['errors']} | {w['bare_inserts']:,.0f} inserts/s | "
                 f"{ratio(w['post']['big']['rps'], w['bare_inserts'])} | | | | {w['post']['small']['rps']:,.0f} | {ms(w['post']['small']['p99_us'])} | "
                 f"{ratio(w['post']['big']['rps'], w['post']['small']['rps'])} |")
    for key, title in (("busy", "busiest"), ("few", "small")):
        c = w["cost"][key]
        lines.append(f"| POST with a stance, 1 connection, {title} person ({c['slug']}, {c['statements']:,} statements) | | {c['rps']:,.0f} | "
                     f"{ms(c['p50_us'])} | {ms(c['p99_us'])} | {c['errors']} | | | | | | | | |")
    lines.append("")
    cpu_lines = [""]
    cpu_lines.append("CPU time per request in ms, from /proc/PID/stat around each wrk run (median of the rounds): what each request cost the "
                     "process that answered it, which the shared machine's load moves far less than req/s. The cost ratio is the baseline's "
                     "CPU per request against the uncached service's: the uncached ratio with the machine's load taken out.")
    cpu_lines.append("")
    cpu_lines.append(f"| scenario | service, warm | service, uncached | service at {small:,}, warm | baseline | uncached cost ratio |")
    cpu_lines.append("|---|--:|--:|--:|--:|--:|")
    cpu_lines += cpu_rows
    few, busy = w["cost"]["few"], w["cost"]["busy"]
    lines.append(f"- write cost by history: one writer posting stances for a person with {busy['statements']:,} statements manages "
                 f"{ratio(busy['rps'], few['rps'])} of the rate for one with {few['statements']:,} (median {ms(busy['p50_us'])} ms against {ms(few['p50_us'])} ms; "
                 f"{'one turn each' if args.quick else 'two turns each, alternating, averaged; p99 the worse turn'})")
    lines.append(f"- bare loop of durable single-row SQLite inserts (WAL, synchronous=FULL, same disk): {w['bare_inserts']:,.0f} inserts/s; "
                 f"POST at 32 connections reaches {ratio(w['post']['big']['rps'], w['bare_inserts'])} of it, at "
                 f"{cpu_ms(w['post']['big'], 2)} ms of the service's CPU per request ({cpu_ms(w['post']['small'], 2)} on the small database)")
    lines.append(f"- CSV export: `/v1/statements?format=csv{('&from=' + e['from']) if e['from'] else ''}` timed with curl, not wrk "
                 f"(a {e['big']['bytes'] / 1e6:.0f} MB answer takes seconds, and wrk's 32 fixed connections would only queue them); "
                 f"the baseline sends the same {e['big']['bytes'] / 1e6:.1f} MB from memory")
    first = f"{r['cold']['big']:.2f} s on {big:,}, {r['cold']['small']:.2f} s on {small:,}"
    if c := r["cold_turns"]:
        lines.append(f"- cold start to the first 200 from /health: median {c['service']:.2f} s on the big database ({big:,} statements and the run's "
                     f"writes) over {len(c['runs'])} starts ({', '.join(f'{x:.2f}' for x in c['runs'])}) taking turns with the bare baseline, "
                     f"whose median was {c['baseline']:.2f} s ({', '.join(f'{x:.2f}' for x in c['baseline_runs'])}); "
                     f"the first start of the run, just after copying the databases: {first}")
    else:
        lines.append(f"- cold start to the first 200 from /health (the first start of the run, one sample): {first}")
    lines.append(f"- peak resident memory (VmHWM) over the whole run: {r['peak']['big']:.0f} MB on {big:,} statements, {r['peak']['small']:.0f} MB on {small:,}")
    imp = r["import"]
    lines.append(f"- command-line import of a generated NDJSON file (bench/import.py's generator, {imp['count']:,} statements, "
                 f"{imp['records']:,} records, into a new database, the whole process timed): {imp['seconds']:.1f} s, "
                 f"{imp['records'] / imp['seconds']:,.0f} records/s, peak {imp['rss_mb']:.0f} MB, {imp['errors']} errors")
    lines.append(f"- data generation (cached in .tools/bench-data/): {r['generation']}")
    lines += cpu_lines
    return "\n".join(lines) + "\n"


# -------------------------------------------------------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="10,000 against 2,000 statements, 1 s per scenario: under a minute")
    parser.add_argument("--size", type=int, help="statements in the big database (default 1,000,000; --quick 10,000)")
    parser.add_argument("--small", type=int, help="statements in the small database (default 10,000; --quick 2,000)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--engine", default="sqlite", help="only sqlite for now")
    parser.add_argument("--duration", type=int, help="wrk seconds per round of a scenario (default 4; --quick 1)")
    parser.add_argument("--rounds", type=int, help="rounds of each read scenario, the targets taking turns (default 3; --quick 1)")
    parser.add_argument("--import-size", type=int, help="statements in the import file (default 100,000; --quick 500)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (database copies, bodies, logs)")
    args = parser.parse_args()
    if args.engine != "sqlite":
        sys.exit(f"--engine {args.engine}: only sqlite is measured so far (the data is filled straight into the SQLite file)")
    args.size = args.size or (10_000 if args.quick else 1_000_000)
    args.small = args.small or (2_000 if args.quick else 10_000)
    args.duration = args.duration or (1 if args.quick else 4)
    args.rounds = args.rounds or (1 if args.quick else 3)
    if args.rounds < 1:
        sys.exit("--rounds must be at least 1")
    args.warmup = 0 if args.quick else 2
    args.import_size = args.import_size or (500 if args.quick else 100_000)
    args.deep_pages = 3 if args.quick else 400
    args.deep_budget = 2 if args.quick else 30
    export_runs = 1 if args.quick else 3
    args.export_rows = 5_000 if args.quick else EXPORT_ROWS
    for path, what in ((DLL, "the service"), (BASELINE_DLL, "the baseline")):
        if not os.path.exists(path):
            sys.exit(f"{what} is not built ({path}): run bench/run.sh, which builds both in Release")

    run_started = time.perf_counter()
    machine_text, load_start = machine()
    r = {"sizes": (args.size, args.small), "date": datetime.date.today().isoformat(),
         "started": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M"), "commit": commit(),
         "machine": machine_text, "load_start": load_start, "meta": {}}
    dbs, generation = {}, []
    for label, size in (("small", args.small), ("big", args.size)):
        path, meta, made = gen_db.cached(CACHE, size, args.seed, DLL, log)
        dbs[label], r["meta"][label] = path, meta
        s = meta["seconds"]
        generation.append(f"{size:,} statements {'generated now' if made else 'from the cache, generated'} in "
                          f"{s['migrate'] + s['fill'] + s['rebuild_reversals']:.0f} s (fill {s['fill']:.0f} s, --rebuild-reversals {s['rebuild_reversals']:.0f} s)")
    r["generation"] = "; ".join(generation)

    work = tempfile.mkdtemp(prefix="st-wrk-")
    services, baseline, uncached = {}, None, None
    try:
        # Each service runs on a copy: the writes at the end change it, and the cache must stay as generated.
        for label in ("big", "small"):
            copy = os.path.join(work, f"{label}.db")
            shutil.copyfile(dbs[label], copy)
            dbs[label + "_copy"] = copy
        for label in ("big", "small"):
            services[label] = Service(label, dbs[label + "_copy"], PORTS[label], work)
            log(f"{label}: {r['meta'][label]['size']:,} statements, cold start {services[label].cold_start:.2f} s")
        r["cold"] = {label: services[label].cold_start for label in services}
        # The big database once more with the read cache off (on a copy of its own): every request is made by its
        # handler, which is what a read costs the first time after a write. Only the reads are driven against it.
        copy = os.path.join(work, "uncached.db")
        shutil.copyfile(dbs["big"], copy)
        uncached = Service("uncached", copy, PORTS["uncached"], work, StatementTracker__ReadCacheBytes="0")

        # The scenarios on each database, and the bytes the big one answers, for the baseline to serve.
        bodies = os.path.join(work, "bodies")
        os.makedirs(bodies)
        plans = {label: read_scenarios(services[label], r["meta"][label], dbs[label + "_copy"], args) for label in services}
        sizes = {}
        for label in services:
            for name, title, path in plans[label]:
                target = os.path.join(bodies, name + ".body") if label == "big" else os.path.join(work, f"{label}-{name}.body")
                status, ctype, size, _ = capture(services[label].base + path, target)
                if not 200 <= status < 300:
                    raise RuntimeError(f"{label}: {path} answered {status}: {open(target, errors='replace').read()[:500]}")
                if label == "big":
                    sizes[name] = size
                    with open(os.path.join(bodies, name + ".type"), "w") as f:
                        f.write(ctype)
        # The export, captured too: its bytes are the baseline's.
        export_from_day, export_rows = {}, {}
        for label in services:
            export_from_day[label], export_rows[label] = export_from(dbs[label + "_copy"], args.export_rows)
        export_url = {label: "/v1/statements?format=csv" + (f"&from={export_from_day[label]}" if export_from_day[label] else "")
                      for label in services}
        status, ctype, size, first_export = capture(services["big"].base + export_url["big"], os.path.join(bodies, "export.body"))
        if status != 200:
            raise RuntimeError(f"the export answered {status}")
        with open(os.path.join(bodies, "export.type"), "w") as f:
            f.write(ctype)
        baseline = Baseline(bodies, PORTS["baseline"], work)

        # A first burst at 32 connections on each service, so the thread pool has grown and the hot paths are
        # compiled before anything is measured (the per-scenario warm-up then only touches that scenario's data).
        for label in services:
            wrk(services[label].base + plans[label][3][2], 1)
        wrk(uncached.base + plans["big"][3][2], 1)
        wrk(baseline.base + "/same/statement", 1)

        # Reads: big, small, baseline back to back for each scenario.
        r["reads"] = []
        for i, (name, title, _) in enumerate(plans["big"]):
            row = {"name": name, "title": title, "bytes": sizes[name]}
            targets = [("big", services["big"].base + plans["big"][i][2], services["big"].proc.pid),
                       ("uncached", uncached.base + plans["big"][i][2], uncached.proc.pid),
                       ("small", services["small"].base + plans["small"][i][2], services["small"].proc.pid),
                       ("baseline", baseline.base + ("/hello" if name == "health" else f"/same/{name}"), baseline.proc.pid)]
            for label, url, _ in targets:
                if args.quick:
                    for _ in range(3):
                        urllib.request.urlopen(url, timeout=60).read()
                else:
                    wrk(url, args.warmup)
            # Rounds, each target once per round and first in a different round: the load of a shared machine drifts
            # over a scenario's minute, and whichever target ran in its worst seconds would carry it alone.
            runs = {label: [] for label, _, _ in targets}
            for round_ in range(args.rounds):
                for label, url, pid in targets[round_ % len(targets):] + targets[:round_ % len(targets)]:
                    runs[label].append(wrk(url, args.duration, pid=pid))
            for label, _, _ in targets:
                row[label] = combine(runs[label])
                log(f"{name:16} {label:8} {row[label]['rps']:10,.0f} req/s  p50 {ms(row[label]['p50_us']):>7} ms  "
                    f"p99 {ms(row[label]['p99_us']):>7} ms  {cpu_ms(row[label], 3)} ms CPU/request  errors {row[label]['errors']}  "
                    f"rounds {row[label]['rounds']}{services['big'].peak_so_far()}")
            if name == "health":
                row["title"] = "GET /health (baseline: JSON hello-world)"
            r["reads"].append(row)

        uncached.stop()

        # The export, timed whole with curl: the service on both databases, and the same bytes from memory.
        r["export"] = {"runs": export_runs, "from": export_from_day["big"]}
        for label, url, rows in (("big", services["big"].base + export_url["big"], export_rows["big"]),
                                 ("small", services["small"].base + export_url["small"], export_rows["small"]),
                                 ("baseline", baseline.base + "/same/export", export_rows["big"])):
            # The capture above was the big database's first timed export already.
            timings, errors, size = ([first_export], 0, os.path.getsize(os.path.join(bodies, "export.body"))) if label == "big" else ([], 0, 0)
            # Up to `export_runs` times, but no more once 30 s went on it: at a million statements one export can
            # take minutes, and one timing of minutes says enough.
            while len(timings) < export_runs and sum(timings) < 30:
                status, _, size, seconds = capture(url, os.path.join(work, f"export-{label}.csv"))
                errors += 0 if status == 200 else 1
                timings.append(seconds)
            r["export"][label] = {"seconds": statistics.median(timings), "rows": rows, "bytes": size, "errors": errors, "runs": len(timings)}
            log(f"export           {label:8} {rows:,} rows in {statistics.median(timings):.2f} s ({size / 1e6:.1f} MB){services['big'].peak_so_far()}")

        # Writes, last (they change the data): 32 writers on each database, the bare insert loop between them,
        # then one writer for the busiest person and one for a person with about 100 statements.
        r["writes"] = {"post": {}, "cost": {}}
        nonce = random.Random().randrange(1_000_000_000)
        for label in ("big", "small"):
            meta = r["meta"][label]
            person = meta["median"]["slug"]
            topic = top_topic(dbs[label + "_copy"], person)
            r["writes"]["post"][label] = wrk(services[label].base + "/v1/statements", args.duration * args.rounds, script="post.lua",
                                             script_args=post_args(person, topic, nonce), pid=services[label].proc.pid)
            log(f"post             {label:8} {r['writes']['post'][label]['rps']:10,.0f} req/s  errors {r['writes']['post'][label]['errors']}"
                f"{services['big'].peak_so_far()}")
            if label == "big":
                r["writes"]["bare_inserts"] = bare_inserts(work, args.duration * args.rounds)
                log(f"bare inserts              {r['writes']['bare_inserts']:10,.0f} /s")
        # The two writers take turns, twice each: run once apiece, back to back, their ratio swung from 0.80 to 1.22
        # between runs with nothing changed, as checkpoints and the shared machine's load fell on one or the other.
        # --quick keeps one turn each, to stay under its minute.
        rounds = {"few": [], "busy": []}
        for turn in range(1 if args.quick else 2):
            for key, who in (("few", "small"), ("busy", "busiest")) if turn == 0 else (("busy", "busiest"), ("few", "small")):
                meta = r["meta"]["big"][who]
                topic = top_topic(dbs["big_copy"], meta["slug"])
                result = wrk(services["big"].base + "/v1/statements", args.duration * args.rounds, threads=1, connections=1, script="post.lua",
                             script_args=post_args(meta["slug"], topic, nonce + 1 + turn))
                rounds[key].append(result)
                log(f"post, 1 writer   {key:8} {result['rps']:10,.0f} req/s  p50 {ms(result['p50_us'])} ms  ({meta['statements']:,} statements)"
                    f"{services['big'].peak_so_far()}")
        for key, who in (("few", "small"), ("busy", "busiest")):
            meta, runs = r["meta"]["big"][who], rounds[key]
            r["writes"]["cost"][key] = {"rps": statistics.mean(x["rps"] for x in runs), "p50_us": statistics.mean(x["p50_us"] for x in runs),
                                        "p99_us": max(x["p99_us"] for x in runs), "errors": sum(x["errors"] for x in runs),
                                        "slug": meta["slug"], "statements": meta["statements"]}

        for label in list(services):
            services[label].stop()
        r["peak"] = {label: services[label].peak_mb for label in services}
        baseline.stop()

        # --quick has no time for them: it keeps its minute, and reports the first start only.
        r["cold_turns"] = None if args.quick else cold_starts(dbs["big_copy"], bodies, work, 5)
        if r["cold_turns"]:
            log(f"cold start       big      median {r['cold_turns']['service']:.2f} s   baseline median {r['cold_turns']['baseline']:.2f} s")

        log(f"import: {args.import_size:,} statements through the command line")
        imp = run_import(work, args.import_size)
        imp["count"] = args.import_size
        r["import"] = imp
    finally:
        for service in services.values():
            service.stop()
        if uncached:
            uncached.stop()
        if baseline:
            baseline.stop()
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    r["elapsed"] = time.perf_counter() - run_started
    r["load_end"] = machine()[1]
    command = os.environ.get("BENCH_COMMAND") or " ".join(["python3 bench/run.py", *sys.argv[1:]])
    report = render(r, args, command)
    print(report)
    folder = os.path.join(ROOT, "bench", "results")
    os.makedirs(folder, exist_ok=True)
    out = os.path.join(folder, f"run-{r['date']}-{args.size}.md")
    n = 1
    while os.path.exists(out):  # a second run that day keeps the first's results
        n += 1
        out = os.path.join(folder, f"run-{r['date']}-{args.size}-{n}.md")
    with open(out, "w", encoding="utf-8") as f:
        f.write(report)
    log(f"written to {os.path.relpath(out, ROOT)} in {r['elapsed']:.0f} s")


if __name__ == "__main__":
    main()
