#!/usr/bin/env python3
"""Read-path benchmark: the same requests against a small and a large database, side by side in one run.

Builds two SQLite databases through the service's own migrations (it starts the service once per database),
fills them straight through SQL with real tweet text from ../shared/data (not committed: see its README),
then times each endpoint against both and prints the ratio large/small. Keyset pages should stay flat
(ratio near 1); anything that scans all stances grows with the data (ratio near the size ratio).

    python3 bench/bench.py                      # 20,000 vs 200,000 statements
    python3 bench/bench.py --small 5000 --large 50000 --repeat 15

Needs: python3, the .NET SDK (the script builds the service in Release), the shared data folder.
Talks only to 127.0.0.1.
"""
import argparse, csv, json, os, random, shutil, sqlite3, statistics, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TWEETS = os.path.join(ROOT, "..", "shared", "data", "trump-tweets", "trump_tweets.csv")
STANCES = ["supports", "leans_support", "undecided", "leans_oppose", "opposes"]
TOPICS = ["trade", "immigration", "russia", "health-care", "taxes", "cyber-unit", "nato", "climate"]


def tweets():
    with open(TWEETS, newline="", encoding="utf-8") as f:
        rows = []
        for row in csv.reader(f):
            if len(row) != 5 or not row[4].isdigit():
                continue  # the header, and the archive's last line, cut off mid-record
            ms = (int(row[4]) >> 22) + 1288834974657
            rows.append((" ".join(row[0].split()), ms))
    return sorted(rows, key=lambda r: r[1])  # oldest first, so each person's statements, and links, run forward


def start_service(db_path, port):
    env = dict(os.environ, ConnectionStrings__StatementTracker=f"Data Source={db_path}", ASPNETCORE_ENVIRONMENT="Production",
               StatementTracker__SeedDemoData="false", Logging__LogLevel__Default="Warning",
               RateLimits__ReadPerMinute="0", RateLimits__WritePerMinute="0")  # measure the reads, not the limiter
    dll = os.path.join(ROOT, "src", "StatementTracker.Api", "bin", "Release", "net10.0", "StatementTracker.Api.dll")
    proc = subprocess.Popen(["dotnet", dll, "--urls", f"http://127.0.0.1:{port}"], env=env, cwd=os.path.dirname(dll),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
            return proc
        except Exception:
            time.sleep(0.2)
    proc.kill()
    sys.exit("the service did not start")


def fill(db_path, count, texts):
    """People p0000.., each with a run of tweets as statements; a third carry a stance; some reverses links."""
    rnd = random.Random(42)
    con = sqlite3.connect(db_path)
    now = "2026-01-01T00:00:00.000Z"
    people = max(10, count // 500)
    con.executemany("INSERT INTO people (id, slug, name, name_folded, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                    [(f"per_{i:05d}", f"person-{i:05d}", f"Person {i}", f"person {i}", now, now) for i in range(people)])
    con.executemany("INSERT INTO topics (id, slug, name, name_folded, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                    [(f"top_{t}", t, t, t, now, now) for t in TOPICS])
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
    con.executemany("""INSERT INTO statements (id, person_id, quote, said_at, date_precision, precision_rank, said_at_utc,
                       utc_offset_min, sort_utc_ms, medium, language, created_at, updated_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", statements)
    con.executemany("INSERT INTO sources (statement_id, position, url) VALUES (?, ?, ?)", sources)
    con.executemany("INSERT INTO statement_positions (statement_id, topic_id, stance) VALUES (?, ?, ?)", positions)
    con.executemany("INSERT INTO links (id, statement_id, target_id, relation, created_at) VALUES (?, ?, ?, ?, ?)", links)
    con.commit()
    con.execute("ANALYZE")
    con.close()
    return people


def rebuild_reversals(db_path):
    """Reversals are derived rows the service keeps; rows written behind its back have none until it rebuilds them."""
    env = dict(os.environ, ConnectionStrings__StatementTracker=f"Data Source={db_path}", ASPNETCORE_ENVIRONMENT="Production",
               StatementTracker__SeedDemoData="false", Logging__LogLevel__Default="Warning")
    dll = os.path.join(ROOT, "src", "StatementTracker.Api", "bin", "Release", "net10.0", "StatementTracker.Api.dll")
    start = time.perf_counter()
    subprocess.run(["dotnet", dll, "--rebuild-reversals"], env=env, cwd=os.path.dirname(dll), check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def timed(url, repeat):
    if repeat > 1:
        urllib.request.urlopen(url, timeout=120).read()  # warm-up: JIT, SQLite page cache
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        with urllib.request.urlopen(url, timeout=120) as response:
            body = response.read()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000, json.loads(body)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=20_000)
    parser.add_argument("--large", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    if not os.path.exists(TWEETS):
        sys.exit(f"missing {TWEETS}: the benchmark reads the shared tweet archive")
    subprocess.run(["dotnet", "build", "-c", "Release", "-v", "q", os.path.join(ROOT, "src", "StatementTracker.Api")], check=True)
    texts = tweets()
    work = tempfile.mkdtemp(prefix="st-bench-")
    results = {}
    try:
        for label, count, port in (("small", args.small, 5311), ("large", args.large, 5312)):
            db = os.path.join(work, f"{label}.db")
            proc = start_service(db, port)  # migrates the empty file
            proc.terminate(); proc.wait()
            fill(db, count, texts)
            seconds = rebuild_reversals(db)
            with sqlite3.connect(db) as con:
                derived = con.execute('SELECT COUNT(*) FROM reversals').fetchone()[0]
            print(f"{label}: {count:,} statements, {derived:,} reversals derived in {seconds:.1f} s (whole process)")
            proc = start_service(db, port)
            base = f"http://127.0.0.1:{port}"
            try:
                some = timed(f"{base}/v1/people/person-00001/timeline?limit=1", 1)[1]["items"][0]["id"]
                deep = timed(f"{base}/v1/people/person-00001/timeline?limit=200", 1)[1]["nextCursor"]
                cases = {
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
                results[label] = {name: timed(url, args.repeat)[0] for name, url in cases.items()}
            finally:
                proc.terminate(); proc.wait()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"\nmedian of {args.repeat} requests, ms; {args.small:,} vs {args.large:,} statements (x{args.large / args.small:.0f})")
    print(f"{'request':34} {'small':>9} {'large':>9} {'large/small':>12}")
    for name in results["small"]:
        small, large = results["small"][name], results["large"][name]
        print(f"{name:34} {small:9.1f} {large:9.1f} {large / small:12.2f}")


if __name__ == "__main__":
    main()
