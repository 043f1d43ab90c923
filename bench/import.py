#!/usr/bin/env python3
"""Import benchmark: the command-line bulk import on generated and real files, side by side in one run.

Generates deterministic NDJSON import files (people, topics, then statements with sources, a third with a stance, a
fifth with topics, one in ten with a fact-check after it, one in fifty reversing the person's previous statement),
with real tweet text from ../shared/data when it is there (synthetic sentences otherwise), and runs

    dotnet StatementTracker.Api.dll import FILE [--format ...] [--create-people]

on a fresh database for each, timing the whole process (start-up and migrations included) and reading its peak
resident memory. Scenarios:

    a  10,000 statements                  b  100,000 statements
    c  1,000,000 statements (--full)      d  the 100,000 file a second time: everything unchanged
    e  the LIAR2 test and valid files and the tweet archive with their mappings (when ../shared/data is there)

    python3 bench/import.py                     # a, b, d, e
    python3 bench/import.py --quick             # a only
    python3 bench/import.py --full              # a, b, c, d, e
    python3 bench/import.py --baseline main     # every scenario also on main's build, run by turns, with the ratio

Prints a Markdown table and writes it to bench/results/import-<date>.md (import-<date>-vs-REV.md with --baseline) with
the machine, the commit and the date.
Records/s counts every line of the file (people, topics, statements, reviews, links). Needs python3 and the .NET SDK;
talks to nothing (the import runs in its own process against its own database file).
"""
import argparse, csv, datetime, json, os, platform, random, re, shutil, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "..", "shared", "data")
TWEETS = os.path.join(DATA, "trump-tweets", "trump_tweets.csv")
LIAR2 = [os.path.join(DATA, "liar2", name) for name in ("test.csv", "valid.csv")]
STANCES = ["supports", "leans_support", "undecided", "leans_oppose", "opposes"]
TOPICS = ["trade", "immigration", "russia", "health-care", "taxes", "cyber-unit", "nato", "climate"]
MEDIA = ["tweet", "speech", "interview", "press_conference", "statement"]
RATINGS = ["True", "Mostly True", "Half True", "Mostly False", "False", "Pants on Fire"]
START_MS = 1_427_673_600_000  # 2015-03-30T00:00:00Z, where the tweet archive starts


def texts():
    """Real tweet texts, oldest first, when the shared data is there; otherwise sentences made from a fixed seed."""
    if os.path.exists(TWEETS):
        rows = []
        with open(TWEETS, newline="", encoding="utf-8") as f:
            for row in csv.reader(f):
                if len(row) != 5 or not row[4].isdigit():
                    continue  # the header, and the archive's last line, cut off mid-record
                ms = (int(row[4]) >> 22) + 1288834974657
                rows.append((" ".join(row[0].split()) or "(no text)", ms))
        return sorted(rows, key=lambda r: r[1]), "real tweet texts"
    rnd = random.Random(11)
    words = ("the we our deal great people country trade jobs never will very bad tremendous border taxes china russia "
             "media fake news win again today tonight meeting president congress vote plan cut").split()
    return [(" ".join(rnd.choice(words) for _ in range(rnd.randint(6, 30))).capitalize() + ".", START_MS + i * 3_600_000)
            for i in range(13_000)], "synthetic text"


def generate(path, count, corpus, seed=42):
    """Writes one import file of `count` statements; returns how many lines (records) it holds."""
    rnd = random.Random(seed)
    people = max(10, count // 500)
    lines = 0
    last_by_person = {}
    with open(path, "w", encoding="utf-8") as out:
        def emit(record):
            nonlocal lines
            out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
            lines += 1
        for i in range(people):
            emit({"type": "person", "name": f"Person {i:05d}", "slug": f"person-{i:05d}", "description": "A speaker made up for the benchmark."})
        for t in TOPICS:
            emit({"type": "topic", "name": t.replace("-", " ").title(), "slug": t})
        for n in range(count):
            text, ms = corpus[n % len(corpus)]
            ms += (n // len(corpus)) * 1000  # a later copy of a text is a different instant
            person = n % people
            said = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ms / 1000))
            record = {"type": "statement", "person": f"person-{person:05d}", "quote": text, "saidAt": said, "medium": rnd.choice(MEDIA),
                      "externalId": f"bench:st-{n}", "sources": [{"url": f"https://example.org/statements/{n}", "publisher": "Example"}]}
            if rnd.random() < 0.33:
                record["positions"] = [{"topic": rnd.choice(TOPICS), "stance": rnd.choice(STANCES)}]
            if rnd.random() < 0.2:
                record["topics"] = sorted(set(rnd.sample(TOPICS, rnd.randint(1, 2))))
            emit(record)
            if rnd.random() < 0.1:
                emit({"type": "review", "statement": f"bench:st-{n}", "externalId": f"bench:rv-{n}", "rating": rnd.choice(RATINGS),
                      "publisher": {"name": "PolitiFact", "url": "https://www.politifact.com"}, "url": f"https://example.org/checks/{n}"})
            previous = last_by_person.get(person)
            if previous is not None and previous[1] < ms and rnd.random() < 0.02:
                emit({"type": "link", "statement": f"bench:st-{n}", "target": f"bench:st-{previous[0]}", "relation": "reverses"})
            last_by_person[person] = (n, ms)
    return lines


def build(src_root):
    subprocess.run(["dotnet", "build", "-c", "Release", "-v", "q", "-nologo", os.path.join(src_root, "src", "StatementTracker.Api")],
                   check=True, stdout=subprocess.DEVNULL)
    return os.path.join(src_root, "src", "StatementTracker.Api", "bin", "Release", "net10.0", "StatementTracker.Api.dll")


def baseline_tree(rev, work):
    """The sources of another commit, unpacked from git (no worktree, nothing changes in the repository), for its build."""
    folder = os.path.join(work, "baseline")
    os.makedirs(folder)
    archive = subprocess.run(["git", "-C", ROOT, "archive", "--format=tar", rev], check=True, stdout=subprocess.PIPE).stdout
    subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
    return folder


class PeakRss:
    """Polls the process's VmHWM (the kernel's own high-water mark of resident memory) until it exits."""

    def __init__(self, pid):
        self.pid, self.kb, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            try:
                with open(f"/proc/{self.pid}/status") as f:
                    for line in f:
                        if line.startswith("VmHWM:"):
                            self.kb = max(self.kb, int(line.split()[1]))
            except (FileNotFoundError, ProcessLookupError, ValueError):
                return
            self._stop.wait(0.1)

    def stop(self):
        self._stop.set()
        self._thread.join()
        return self.kb


def run_import(dll, db, path, extra):
    env = dict(os.environ, ConnectionStrings__StatementTracker=f"Data Source={db}", ASPNETCORE_ENVIRONMENT="Production",
               StatementTracker__SeedDemoData="false", Logging__LogLevel__Default="Warning")
    args = ["dotnet", dll, "import", path, *extra]
    timed = os.path.exists("/usr/bin/time")
    log = tempfile.TemporaryFile("w+")
    started = time.perf_counter()
    proc = subprocess.Popen((["/usr/bin/time", "-v"] if timed else []) + args, env=env, cwd=os.path.dirname(dll),
                            stdout=log, stderr=subprocess.PIPE, text=True)
    poll = None if timed else PeakRss(proc.pid)
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    polled = poll.stop() if poll else 0
    log.seek(0)
    output = log.read()
    if proc.returncode not in (0, 3):  # 3: the import ran, and some records were refused (each is printed)
        sys.exit(f"import of {path} failed with exit code {proc.returncode}:\n{output[-3000:]}\n{err[-3000:]}")
    hwm = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    summary = re.search(r"([\d,]+) records in [\d.]+ s \([\d,]+/s\): ([\d,]+) created, ([\d,]+) updated, ([\d,]+) unchanged, "
                        r"([\d,]+) skipped, ([\d,]+) errors", output)
    if summary is None:
        sys.exit(f"import of {path} printed no summary:\n{output[-3000:]}")
    records, created, updated, unchanged, skipped, errors = (int(g.replace(",", "")) for g in summary.groups())
    return {"seconds": seconds, "rss_mb": (int(hwm.group(1)) if hwm else polled) / 1024, "records": records, "created": created,
            "updated": updated, "unchanged": unchanged, "skipped": skipped, "errors": errors}


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        with open("/proc/meminfo") as f:
            memory = f", {int(f.readline().split()[1]) / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    dotnet = subprocess.run(["dotnet", "--version"], capture_output=True, text=True).stdout.strip()
    return f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores{memory}, .NET SDK {dotnet}"


def commit():
    rev = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip()
    return rev + ("-dirty" if dirty else "")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="scenario a only")
    size.add_argument("--full", action="store_true", help="add scenario c, 1,000,000 statements")
    parser.add_argument("--baseline", metavar="REV", help="also run every scenario on the build of this commit, by turns, and print the ratio")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (files and databases)")
    args = parser.parse_args()

    corpus, text_kind = texts()
    builds = [("this", build(ROOT))]
    work = tempfile.mkdtemp(prefix="st-import-bench-")
    try:
        if args.baseline:
            builds.insert(0, (args.baseline, build(baseline_tree(args.baseline, work))))
        sizes = [("a", 10_000)] + ([] if args.quick else [("b", 100_000)]) + ([("c", 1_000_000)] if args.full else [])
        scenarios = []  # (key, label, statements, file, extra args, database per build: fresh, or the one a scenario left)
        files = {}
        for key, count in sizes:
            path = os.path.join(work, f"statements-{count}.ndjson")
            lines = generate(path, count, corpus)
            files[count] = (path, lines)
            scenarios.append((key, f"{count:,} statements, new database", count, path, [], None))
        if not args.quick:
            scenarios.append(("d", "the 100,000 file again (all unchanged)", 100_000, files[100_000][0], [], "b"))
            if all(os.path.exists(p) for p in LIAR2 + [TWEETS]):
                for p in LIAR2:
                    scenarios.append(("e", f"LIAR2 {os.path.basename(p)}", None, p, ["--format", "liar2", "--create-people"], None))
                scenarios.append(("e", "Trump tweet archive", None, TWEETS, ["--format", "trump-tweets", "--create-people"], None))
            else:
                print(f"(no {DATA}: the real-file scenarios are left out)", file=sys.stderr)

        results = []  # (scenario, {build: result})
        for key, label, count, path, extra, reuse in scenarios:
            by_build = {}
            for name, dll in builds:  # by turns, so a busy moment on the shared machine falls on both builds alike
                db = os.path.join(work, f"{name.replace('/', '_')}-{key if reuse is None else reuse}-{len(results)}.db" if reuse is None
                                  else next(r[name]["db"] for s, r in results if s[0] == reuse))
                result = run_import(dll, db, path, extra)
                result["db"] = db
                by_build[name] = result
                print(f"{key} {label} [{name}]: {result['records']:,} records in {result['seconds']:.1f} s, "
                      f"{result['records'] / result['seconds']:,.0f}/s, peak {result['rss_mb']:.0f} MB", file=sys.stderr, flush=True)
            results.append(((key, label, count, path), by_build))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}", file=sys.stderr)

    report = render(results, builds, text_kind, args)
    print(report)
    folder = os.path.join(ROOT, "bench", "results")
    os.makedirs(folder, exist_ok=True)
    # A comparison gets a file of its own, so a plain run and a before/after of the same day both stay.
    suffix = "-vs-" + re.sub(r"[^A-Za-z0-9._-]", "_", args.baseline) if args.baseline else ""
    out = os.path.join(folder, f"import-{datetime.date.today().isoformat()}{suffix}.md")
    with open(out, "w", encoding="utf-8") as f:
        f.write(report)
    print(f"written to {os.path.relpath(out, ROOT)}", file=sys.stderr)


def render(results, builds, text_kind, args):
    names = [name for name, _ in builds]
    current = names[-1]
    flags = " ".join(a for a, on in (("--quick", args.quick), ("--full", args.full)) if on)
    lines = [f"# Import benchmark, {datetime.date.today().isoformat()}", "",
             f"- command: `python3 bench/import.py{' ' + flags if flags else ''}{' --baseline ' + args.baseline if args.baseline else ''}`",
             f"- commit: {commit()}" + (f", compared with {args.baseline}" if args.baseline else ""),
             f"- machine: {machine()}",
             f"- generated files: {text_kind}; every line counts as a record (people, topics, statements, reviews, links);"
             " time is the whole process, start-up and migrations included, Release build, one run each", ""]
    head = "| scenario | records | " + " | ".join(f"{n}: s | {n}: records/s | {n}: peak MB" for n in names)
    head += (f" | {current} / {names[0]} records/s" if len(names) > 1 else "") + " | created / updated / unchanged / errors |"
    lines += [head, "|" + " --- |" * (head.count("|") - 1)]
    for (key, label, _, _), by_build in results:
        cells = [f"{key}: {label}", f"{by_build[current]['records']:,}"]
        for n in names:
            r = by_build[n]
            cells += [f"{r['seconds']:.1f}", f"{r['records'] / r['seconds']:,.0f}", f"{r['rss_mb']:.0f}"]
        if len(names) > 1:
            rate = lambda r: r["records"] / r["seconds"]
            cells.append(f"{rate(by_build[current]) / rate(by_build[names[0]]):.2f}")
        r = by_build[current]
        cells.append(f"{r['created']:,} / {r['updated']:,} / {r['unchanged']:,} / {r['errors']:,}")
        lines.append("| " + " | ".join(cells) + " |")
    rates = {key: by_build for (key, *_), by_build in results}
    if "a" in rates:
        for big in ("b", "c"):
            if big in rates:
                ratios = ", ".join(f"{n}: {rates[big][n]['records'] / rates[big][n]['seconds'] / (rates['a'][n]['records'] / rates['a'][n]['seconds']):.2f}"
                                   for n in names)
                lines.append(f"\nrecords/s of {big} over a (flat is 1.00): {ratios}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
