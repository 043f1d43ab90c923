#!/usr/bin/env python3
"""Read-path benchmark: the same requests against a small and a large database, side by side in one run, on SQLite,
on PostgreSQL, or on both.

Builds a small and a large database per engine through the service's own migrations (it starts the service once
per database), fills them straight through SQL with real tweet text from ../shared/data (not committed: see its
README), the same rows from the same seed on every engine, then times each endpoint against all of them, request by
request in turns, and prints the ratio large/small (and, with both engines, PostgreSQL/SQLite at each size). Keyset
pages should stay flat (ratio near 1); anything that scans all stances grows with the data (ratio near the size ratio).

    python3 bench/bench.py                      # both engines, 20,000 vs 200,000 statements
    python3 bench/bench.py --engine sqlite --small 5000 --large 50000 --repeat 15

PostgreSQL runs in a throwaway cluster of tools/postgres/cluster.sh (installed from Debian's packages the first
time), removed at the end, also after a failure; rows go in with psql's COPY, so no Python driver is needed. With
both engines each response is compared between them: a difference is reported, and both bodies are kept in
--mismatches (a search's relevance order is allowed to differ: the engines rank alike but not identically).

Needs: python3, the .NET SDK (the script builds the service in Release), the shared data folder.
Talks only to 127.0.0.1 and to the cluster's Unix socket.
"""
import argparse, csv, io, json, os, random, shutil, sqlite3, statistics, subprocess, sys, tempfile, time, urllib.error, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TWEETS = os.path.join(ROOT, "..", "shared", "data", "trump-tweets", "trump_tweets.csv")
DLL = os.path.join(ROOT, "src", "StatementTracker.Api", "bin", "Release", "net10.0", "StatementTracker.Api.dll")
CLUSTER = os.path.join(ROOT, "tools", "postgres", "cluster.sh")
STANCES = ["supports", "leans_support", "undecided", "leans_oppose", "opposes"]
TOPICS = ["trade", "immigration", "russia", "health-care", "taxes", "cyber-unit", "nato", "climate"]
ENGINES = ("sqlite", "postgres")
# Every service signs list cursors with this one key, so a cursor one engine hands out is the same text on the other,
# and the second page's request (and its response) can be compared byte for byte.
CURSOR_KEY = "c3RhdGVtZW50dHJhY2tlci1iZW5jaC1jdXJzb3Ita2V5IQ=="


def tweets():
    with open(TWEETS, newline="", encoding="utf-8") as f:
        rows = []
        for row in csv.reader(f):
            if len(row) != 5 or not row[4].isdigit():
                continue  # the header, and the archive's last line, cut off mid-record
            ms = (int(row[4]) >> 22) + 1288834974657
            rows.append((" ".join(row[0].split()), ms))
    return sorted(rows, key=lambda r: r[1])  # oldest first, so each person's statements, and links, run forward


class Target:
    """One database the service can run on: a SQLite file, or a database in the PostgreSQL cluster."""

    def __init__(self, engine, connection, cluster=None, database=None):
        self.engine, self.connection, self.cluster, self.database = engine, connection, cluster, database

    @staticmethod
    def sqlite(db_path):
        return Target("sqlite", f"Data Source={db_path}")

    def env(self):
        return dict(os.environ, StatementTracker__Database=self.engine, ConnectionStrings__StatementTracker=self.connection,
                    ASPNETCORE_ENVIRONMENT="Production", StatementTracker__SeedDemoData="false",
                    StatementTracker__CursorKey=CURSOR_KEY, Logging__LogLevel__Default="Warning")

    def scalar(self, sql):
        if self.engine == "sqlite":
            with sqlite3.connect(self.connection.removeprefix("Data Source=")) as con:
                return con.execute(sql).fetchone()[0]
        return self.cluster.psql(self.database, sql, capture=True).strip()


def as_target(target):
    return target if isinstance(target, Target) else Target.sqlite(target)  # a path: the SQLite file, as before


def start_service(target, port):
    """The Release service on `target` (a Target, or a SQLite file's path) at 127.0.0.1:port, once it answers /health."""
    env = dict(as_target(target).env(), RateLimits__ReadPerMinute="0", RateLimits__WritePerMinute="0")  # measure the reads, not the limiter
    proc = subprocess.Popen(["dotnet", DLL, "--urls", f"http://127.0.0.1:{port}"], env=env, cwd=os.path.dirname(DLL),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
            return proc
        except Exception:
            if proc.poll() is not None:
                break
            time.sleep(0.2)
    proc.kill()
    sys.exit(f"the service did not start on {as_target(target).engine} (port {port})")


def rebuild_reversals(target):
    """Reversals are derived rows the service keeps; rows written behind its back have none until it rebuilds them."""
    start = time.perf_counter()
    subprocess.run(["dotnet", DLL, "--rebuild-reversals"], env=as_target(target).env(), cwd=os.path.dirname(DLL), check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


class PostgresCluster:
    """A throwaway cluster of tools/postgres/cluster.sh in a new /tmp folder; stop() removes it and its data."""

    def __init__(self, port=55440):
        self.dir = tempfile.mkdtemp(prefix="st-pg.", dir="/tmp")  # short: the socket's path must fit in 107 bytes
        try:
            out = subprocess.run(["bash", CLUSTER, "start", self.dir, str(port)], check=True, stdout=subprocess.PIPE, text=True).stdout
            self.settings = dict(part.split("=", 1) for part in out.strip().split(";") if part)
            self.psql_program = shutil.which("psql") or sys.exit("cluster.sh started PostgreSQL, but psql is not on the PATH")
        except BaseException:
            self.stop()  # also when interrupted: the folder and its server go
            raise

    def connection(self, database):
        return ";".join(f"{k}={database if k == 'Database' else v}" for k, v in self.settings.items())

    def psql(self, database, script, capture=False):
        result = subprocess.run([self.psql_program, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", self.settings["Host"],
                                 "-p", self.settings["Port"], "-U", self.settings["Username"], "-d", database],
                                input=script, text=True, check=True, stdout=subprocess.PIPE if capture else subprocess.DEVNULL)
        return result.stdout

    def create(self, database):
        self.psql("postgres", f"CREATE DATABASE {database} TEMPLATE template0 ENCODING 'UTF8';")
        return Target("postgres", self.connection(database), self, database)

    def stop(self):
        subprocess.run(["bash", CLUSTER, "stop", self.dir], check=False, stdout=subprocess.DEVNULL)


def generate(count, texts):
    """People p0000.., each with a run of tweets as statements; a third carry a stance; some reverses links.
    The rows, per table as (columns, rows), in the order they go in; the same count gives the same rows."""
    rnd = random.Random(42)
    now = "2026-01-01T00:00:00.000Z"
    people = max(10, count // 500)
    statements, sources, positions, links = [], [], [], []
    last_by_person = {}
    for n in range(count):
        text, ms = texts[n % len(texts)]
        ms += (n // len(texts)) * 1000  # a later copy of a tweet is a different instant
        person = n % people
        sid = f"st_{n:016d}"
        iso = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms / 1000))
        statements.append((sid, f"per_{person:05d}", text, iso + "Z", "second", 4, iso + ".000Z", 0, ms, "tweet", "en", now, now))
        sources.append((sid, 0, "https://twitter.com/i/status/0"))
        if rnd.random() < 0.33:
            positions.append((sid, f"top_{rnd.choice(TOPICS)}", rnd.choice(STANCES)))
        if person in last_by_person and rnd.random() < 0.02:
            links.append((f"ln_{n:016d}", sid, last_by_person[person], "reverses", now))
        last_by_person[person] = sid
    named = ("id", "slug", "name", "name_folded", "created_at", "updated_at")
    return people, [
        ("people", named, [(f"per_{i:05d}", f"person-{i:05d}", f"Person {i}", f"person {i}", now, now) for i in range(people)]),
        ("topics", named, [(f"top_{t}", t, t, t, now, now) for t in TOPICS]),
        ("statements", ("id", "person_id", "quote", "said_at", "date_precision", "precision_rank", "said_at_utc", "utc_offset_min",
                        "sort_utc_ms", "medium", "language", "created_at", "updated_at"), statements),
        ("sources", ("statement_id", "position", "url"), sources),
        # statement_positions' person_id and timeline key come from its statement, by trigger, on both engines
        ("statement_positions", ("statement_id", "topic_id", "stance"), positions),
        ("links", ("id", "statement_id", "target_id", "relation", "created_at"), links),
    ]


def fill_sqlite(db_path, tables, analyze=True):
    con = sqlite3.connect(db_path)
    for table, columns, rows in tables:
        con.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows)
    con.commit()
    if analyze:
        con.execute("ANALYZE")
    con.close()


def fill_postgres(target, tables):
    """COPY through psql, in one transaction, then ANALYZE so the planner has statistics, as SQLite's fill has.
    Never the generated search_vector nor the row_seq identities: PostgreSQL computes them."""
    script = io.StringIO()
    script.write("BEGIN;\n")
    for table, columns, rows in tables:
        script.write(f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv);\n")
        csv.writer(script, lineterminator="\n").writerows(rows)
        script.write("\\.\n")
    script.write("COMMIT;\nANALYZE;\n")
    target.cluster.psql(target.database, script.getvalue())


def fill(target, tables, analyze_sqlite=True):
    if target.engine == "sqlite":
        fill_sqlite(target.connection.removeprefix("Data Source="), tables, analyze_sqlite)
    else:
        fill_postgres(target, tables)


def settle(target):
    """After --rebuild-reversals on PostgreSQL: the reversals were written after the fill's ANALYZE. The planner's
    statistics, and the visibility map that index-only scans read, as a database autovacuum has been through has them."""
    if target.engine == "postgres":
        target.cluster.psql(target.database, "VACUUM (ANALYZE);")


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def cases(base):
    """The requests, by name, for the service at `base`."""
    some = json.loads(fetch(f"{base}/v1/people/person-00001/timeline?limit=1")[1])["items"][0]["id"]
    deep = json.loads(fetch(f"{base}/v1/people/person-00001/timeline?limit=200")[1])["nextCursor"]
    return {
        "timeline, first page (50)": f"{base}/v1/people/person-00001/timeline",
        "timeline, second page of 200": f"{base}/v1/people/person-00001/timeline?limit=200&cursor={deep}",
        "one statement": f"{base}/v1/statements/{some}",
        "people search ?q=": f"{base}/v1/people?q=person%2000007",
        "person positions asOf": f"{base}/v1/people/person-00001/positions?asOf=2017-07-09",
        "topic positions asOf": f"{base}/v1/topics/trade/positions?asOf=2017-07-09",
        "reversals feed, first page": f"{base}/v1/reversals",
        "reversals of one person": f"{base}/v1/reversals?person=person-00001",
        "statements across people, first page": f"{base}/v1/statements",
        "search, the most common word": f"{base}/v1/statements?q=the",
        "search, a rare phrase": f"{base}/v1/statements?q=%22impenetrable%20cyber%22",
    }


def measure(services, repeat):
    """Median ms of `repeat` requests per (service, request), taken in turns: each round asks every service once, so a
    busy moment of this shared machine falls on all of them alike. Returns the medians and each last response."""
    plans = {key: cases(f"http://127.0.0.1:{port}") for key, port in services.items()}
    names = list(next(iter(plans.values())))
    medians, bodies = {key: {} for key in services}, {key: {} for key in services}
    for name in names:
        samples = {key: [] for key in services}
        if repeat > 1:
            for key in services:
                fetch(plans[key][name])  # warm-up: JIT, page cache
        for _ in range(repeat):
            for key in services:
                start = time.perf_counter()
                status, body = fetch(plans[key][name])
                samples[key].append(time.perf_counter() - start)
                bodies[key][name] = (plans[key][name], status, body)
        for key in services:
            medians[key][name] = statistics.median(samples[key]) * 1000
            if bodies[key][name][1] != 200:
                print(f"warning: {' '.join(key)}: {name} answers {bodies[key][name][1]}, not 200 (too few statements for it?)", file=sys.stderr)
    return names, medians, bodies


def items(body):
    try:
        return json.loads(body).get("items")
    except (ValueError, AttributeError):
        return None


def without_trace(body):
    try:
        problem = json.loads(body)
        problem.pop("traceId", None)
        return problem
    except ValueError:
        return body


def compare(name, label, sqlite, postgres, folder):
    """One line on how PostgreSQL's response differs from SQLite's, or None when it is the same bytes."""
    (url_a, status_a, body_a), (url_b, status_b, body_b) = sqlite, postgres
    if status_a == status_b and body_a == body_b:
        return None
    if status_a == status_b and status_a >= 400 and without_trace(body_a) == without_trace(body_b):
        return None  # the same problem (the warning above names it), but for its trace id
    os.makedirs(folder, exist_ok=True)
    stem = os.path.join(folder, f"{label}-{''.join(c if c.isalnum() else '-' for c in name).strip('-')}")
    for engine, url, body in (("sqlite", url_a, body_a), ("postgres", url_b, body_b)):
        with open(f"{stem}.{engine}.json", "wb") as f:
            f.write(body)
        with open(f"{stem}.{engine}.url", "w") as f:
            f.write(url.split("/", 3)[3] + "\n")
    a, b = items(body_a), items(body_b)
    if status_a != status_b:
        what = f"status {status_a} vs {status_b}"
    elif a is None or b is None or len(a) != len(b):
        what = f"item count {None if a is None else len(a)} vs {None if b is None else len(b)}"
    else:
        ids_a, ids_b = [i.get("id") for i in a], [i.get("id") for i in b]
        if ids_a == ids_b:
            fields = sorted({k for x, y in zip(a, b) for k in set(x) | set(y) if x.get(k) != y.get(k)})
            count = sum(x != y for x, y in zip(a, b))
            what = (f"same items in the same order; {count} of them differ in {', '.join(fields)}" if fields
                    else "same items in the same order; the rest of the body differs")
            if fields == ["highlight"]:
                what += " (where a long quote's highlight window starts: documented as differing, Search/SearchSql.cs)"
        elif sorted(map(str, ids_a)) == sorted(map(str, ids_b)):
            what = "same items, another order" + (" (relevance: expected)" if "q=" in url_a and "/v1/statements" in url_a else "")
        else:
            what = f"different items ({len(set(map(str, ids_a)) ^ set(map(str, ids_b)))} not in both)"
    return f"{label:5} {name}: {what}; bodies in {stem}.{{sqlite,postgres}}.json"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=20_000)
    parser.add_argument("--large", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--mismatches", default=os.path.join(ROOT, "bench", "mismatches"),
                        help="where both bodies of a response that differs between the engines go (not in git)")
    args = parser.parse_args()
    engines = ENGINES if args.engine == "both" else (args.engine,)
    if not os.path.exists(TWEETS):
        sys.exit(f"missing {TWEETS}: the benchmark reads the shared tweet archive")
    subprocess.run(["dotnet", "build", "-c", "Release", "-v", "q", os.path.join(ROOT, "src", "StatementTracker.Api")], check=True)
    texts = tweets()
    sizes = (("small", args.small), ("large", args.large))
    work = tempfile.mkdtemp(prefix="st-bench-")
    cluster, running = None, []
    try:
        if "postgres" in engines:
            cluster = PostgresCluster()
        services, targets = {}, {}
        port = 5311
        for label, count in sizes:
            _, tables = generate(count, texts)  # once, for every engine
            for engine in engines:
                target = Target.sqlite(os.path.join(work, f"{label}.db")) if engine == "sqlite" else cluster.create(f"bench_{label}")
                proc = start_service(target, port)  # migrates the empty database
                proc.terminate(); proc.wait()
                fill(target, tables)
                seconds = rebuild_reversals(target)
                settle(target)
                derived = int(target.scalar("SELECT COUNT(*) FROM reversals"))
                prefix = f"{label}" if len(engines) == 1 else f"{engine} {label}"
                print(f"{prefix}: {count:,} statements, {derived:,} reversals derived in {seconds:.1f} s (whole process)")
                services[(engine, label)], targets[(engine, label)] = port, target
                port += 1
        for key, port_of in services.items():
            running.append(start_service(targets[key], port_of))
        names, results, bodies = measure(services, args.repeat)
    finally:
        for proc in running:
            proc.terminate(); proc.wait()
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(work, ignore_errors=True)

    ratio = args.large / args.small
    if len(engines) == 1:
        engine = engines[0]
        print(f"\nmedian of {args.repeat} requests, ms; {args.small:,} vs {args.large:,} statements (x{ratio:.0f})")
        print(f"{'request':34} {'small':>9} {'large':>9} {'large/small':>12}")
        for name in names:
            small, large = results[(engine, "small")][name], results[(engine, "large")][name]
            print(f"{name:34} {small:9.1f} {large:9.1f} {large / small:12.2f}")
        return

    print(f"\nmedian of {args.repeat} requests, ms, both engines in turns; {args.small:,} vs {args.large:,} statements (x{ratio:.0f})")
    print("| request | SQLite small | SQLite large | large/small | PostgreSQL small | PostgreSQL large | large/small "
          "| PG/SQLite small | PG/SQLite large |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name in names:
        s_small, s_large = results[("sqlite", "small")][name], results[("sqlite", "large")][name]
        p_small, p_large = results[("postgres", "small")][name], results[("postgres", "large")][name]
        print(f"| {name} | {s_small:.1f} | {s_large:.1f} | {s_large / s_small:.2f} | {p_small:.1f} | {p_large:.1f} | "
              f"{p_large / p_small:.2f} | {p_small / s_small:.2f} | {p_large / s_large:.2f} |")
    differences = [line for label, _ in sizes for name in names
                   if (line := compare(name, label, bodies[("sqlite", label)][name], bodies[("postgres", label)][name], args.mismatches))]
    print(f"\nresponses compared between the engines ({len(names) * len(sizes)}): "
          + ("all the same bytes" if not differences else f"{len(differences)} differ"))
    for line in differences:
        print(f"  {line}")


if __name__ == "__main__":
    main()
