#!/usr/bin/env python3
"""Write-path benchmark: does recording a statement cost more for a person with a long history?

For each history size (100 .. 100,000 statements with stances, all by one person), builds a database through
the service's own migrations, fills the history straight through SQL, derives its reversals with the service's
--rebuild-reversals, then times POST /v1/statements with a stance for that person, said at random instants
inside the history (the hard case: each new stance sits between two old ones and both reversals around it
change). All sizes are measured in one run and reported as ratios to the smallest.

    python3 bench/write_cost.py                         # 100, 1,000, 10,000, 100,000
    python3 bench/write_cost.py --sizes 100 3000 --posts 60

Needs python3 and the .NET SDK. Talks only to 127.0.0.1.
"""
import argparse, json, os, random, sqlite3, statistics, subprocess, sys, tempfile, time, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import ROOT, STANCES, start_service, rebuild_reversals  # noqa: E402

KEY = "stk_bench_write_cost_key_0123456789abcdef"
os.environ["Auth__BootstrapKey"] = KEY                    # writes need a key once API keys are on
os.environ["RateLimits__WritePerMinute"] = "0"            # benchmarks lift the rate limits
os.environ["RateLimits__ReadPerMinute"] = "0"
START_MS = 1_483_228_800_000                              # 2017-01-01T00:00:00Z


def fill(db_path, count):
    rnd = random.Random(7)
    con = sqlite3.connect(db_path)
    now = "2026-01-01T00:00:00.000Z"
    con.execute("INSERT INTO people (id, slug, name, name_folded, created_at, updated_at) VALUES ('per_busy', 'busy', 'Busy', 'busy', ?, ?)", (now, now))
    con.execute("INSERT INTO topics (id, slug, name, name_folded, created_at, updated_at) VALUES ('top_trade', 'trade', 'Trade', 'trade', ?, ?)", (now, now))
    statements, sources, positions = [], [], []
    for n in range(count):
        ms = START_MS + n * 60_000
        sid = f"st_{n:016d}"
        iso = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms / 1000))
        statements.append((sid, "per_busy", f"On trade, number {n}.", iso + "Z", "second", 4, iso + ".000Z", 0, ms, "interview", "en", now, now))
        sources.append((sid, 0, "https://example.org/transcript"))
        positions.append((sid, "top_trade", rnd.choice(STANCES)))
    con.executemany("""INSERT INTO statements (id, person_id, quote, said_at, date_precision, precision_rank, said_at_utc,
                       utc_offset_min, sort_utc_ms, medium, language, created_at, updated_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", statements)
    con.executemany("INSERT INTO sources (statement_id, position, url) VALUES (?, ?, ?)", sources)
    con.executemany("INSERT INTO statement_positions (statement_id, topic_id, stance) VALUES (?, ?, ?)", positions)
    con.commit()
    con.close()


def post(port, body):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/statements", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {KEY}"})
    started = time.perf_counter()
    with urllib.request.urlopen(request) as response:
        response.read()
        assert response.status == 201, response.status
    return (time.perf_counter() - started) * 1000


def measure(size, posts, port):
    folder = tempfile.mkdtemp(prefix="st-write-")
    db = os.path.join(folder, "bench.db")
    start_service(db, port).kill()          # migrate an empty database
    time.sleep(0.5)
    fill(db, size)
    rebuild_reversals(db)
    service = start_service(db, port)
    try:
        rnd = random.Random(size)
        times = []
        for i in range(posts + 5):
            ms = START_MS + rnd.randrange(size) * 60_000 + 30_000   # between two existing statements
            said = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ms / 1000))
            t = post(port, {"person": "busy", "quote": f"New word on trade {i}.", "saidAt": said, "medium": "interview",
                            "sources": [{"url": "https://example.org/new"}],
                            "positions": [{"topic": "trade", "stance": rnd.choice(STANCES)}]})
            if i >= 5:                                              # the first few warm the service up
                times.append(t)
        return statistics.median(times)
    finally:
        service.kill()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1_000, 10_000, 100_000])
    parser.add_argument("--posts", type=int, default=40)
    parser.add_argument("--port", type=int, default=5391)
    args = parser.parse_args()
    subprocess.run(["dotnet", "build", "-c", "Release", "-v", "q", os.path.join(ROOT, "src", "StatementTracker.Api")], check=True,
                   stdout=subprocess.DEVNULL)
    results = [(size, measure(size, args.posts, args.port)) for size in args.sizes]
    base = results[0][1]
    print(f"{'history':>10} {'POST median ms':>15} {'vs smallest':>12}")
    for size, ms in results:
        print(f"{size:>10,} {ms:>15.2f} {ms / base:>12.2f}")


if __name__ == "__main__":
    main()
